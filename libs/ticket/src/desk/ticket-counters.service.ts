import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '@mm/core';

/** Folding the appended rows every few seconds keeps the table at about one row per key plus the last seconds' changes. */
const COMPACT_EVERY_MS = 5_000;

/**
 * Replaces every row it can see by one row per key with their sum, in one
 * statement (so a reader sees either the rows or their sum, never both).
 * Rows appended by transactions that commit meanwhile are not visible to it
 * and stay for the next run; two runs at once (several instances) stay
 * correct, because a row already deleted by the other is skipped.
 */
const COMPACT_SQL = `
  WITH gone AS (DELETE FROM ticket_counts RETURNING assignee_id, status, is_admin_read, tickets)
  INSERT INTO ticket_counts (assignee_id, status, is_admin_read, tickets)
  SELECT assignee_id, status, is_admin_read, sum(tickets) FROM gone GROUP BY 1, 2, 3 HAVING sum(tickets) <> 0`;

/**
 * Keeps the ticket_counts table (see TicketCount) small. TicketSearch reads
 * it for staff counts: the visibility rule and the status/assignee filters
 * apply to it as to tickets, and the answer is a sum over a few hundred rows
 * instead of a count over every visible ticket.
 */
@Injectable()
export class TicketCounters extends PeriodicJob {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super(COMPACT_EVERY_MS, 'Compacting ticket counts');
  }

  protected runOnce(): Promise<void> {
    return this.compact();
  }

  async compact(): Promise<void> {
    await this.dataSource.query(COMPACT_SQL);
  }
}
