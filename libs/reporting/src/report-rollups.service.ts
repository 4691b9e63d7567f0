import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '@mm/core';

const COMPACT_EVERY_MS = 5_000;

/**
 * Each statement replaces the rows of every key holding more than one by one
 * row with their sum (a reader sees the rows or their sum, never both); rows
 * of transactions committing meanwhile stay for the next run, and two runs at
 * once (several instances) stay correct, as for ticket_counts.
 */
const compact = (table: string, key: string[], counts: string[]) => `
  WITH keys AS (SELECT ${key.join(', ')} FROM ${table} GROUP BY ${key.join(', ')} HAVING count(*) > 1),
  gone AS (DELETE FROM ${table} r USING keys k WHERE ${key.map((column) => `r.${column} = k.${column}`).join(' AND ')} RETURNING r.*)
  INSERT INTO ${table} (${[...key, ...counts].join(', ')})
  SELECT ${key.join(', ')}, ${counts.map((count) => `sum(${count})`).join(', ')} FROM gone GROUP BY ${key.join(', ')}
  HAVING ${counts.map((count) => `sum(${count}) <> 0`).join(' OR ')}`;
const COMPACT_SQL = [
  compact('ticket_report_days', ['day', 'origin', 'category'], ['created', '"left"']),
  compact('ticket_report_agent_days', ['day', 'assignee_id'], ['resolved', 'rated', 'rating_sum']),
];

/**
 * Keeps `ticket_report_days` and `ticket_report_agent_days` (ReportRollups
 * migration) at about one row per key: the facts' trigger appends a row per
 * change, so ticket writers never wait on a shared counter row.
 */
@Injectable()
export class ReportRollups extends PeriodicJob {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super(COMPACT_EVERY_MS, 'Compacting report rollups');
  }

  protected runOnce(): Promise<void> {
    return this.compact();
  }

  async compact(): Promise<void> {
    for (const sql of COMPACT_SQL) await this.dataSource.query(sql);
  }
}
