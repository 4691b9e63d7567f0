import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '@mm/core';

const COMPACT_EVERY_MS = 5_000;

/**
 * Each statement replaces every row it can see by one row per key with their
 * sum (a reader sees the rows or their sum, never both); rows of transactions
 * committing meanwhile stay for the next run, and two runs at once (several
 * instances) stay correct, as for ticket_counts.
 */
const COMPACT_SQL = [
  `WITH gone AS (DELETE FROM ticket_report_days RETURNING day, origin, category, created, "left")
   INSERT INTO ticket_report_days (day, origin, category, created, "left")
   SELECT day, origin, category, sum(created), sum("left") FROM gone GROUP BY 1, 2, 3 HAVING sum(created) <> 0 OR sum("left") <> 0`,
  `WITH gone AS (DELETE FROM ticket_report_agent_days RETURNING day, assignee_id, resolved, rated, rating_sum)
   INSERT INTO ticket_report_agent_days (day, assignee_id, resolved, rated, rating_sum)
   SELECT day, assignee_id, sum(resolved), sum(rated), sum(rating_sum) FROM gone GROUP BY 1, 2 HAVING sum(resolved) <> 0 OR sum(rated) <> 0`,
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
