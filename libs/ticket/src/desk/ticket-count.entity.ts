import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketStatus } from '../ticket-vocabulary';

/**
 * How many tickets there are per (assignee, status, staff read flag): what the
 * staff navbar badges and the totals of the big staff lists need, without
 * counting up to a million rows on every request.
 *
 * Written only by triggers on `tickets` (TicketCounts migration): each insert,
 * delete, or change of one of these three columns appends a +1 and/or −1 row,
 * so writers never wait on each other; TicketCounters.compact() periodically
 * folds the rows into one per key. A count is the SUM over matching rows, exact
 * as of the reading statement's snapshot. The columns are named as on Ticket,
 * so TicketAccess's visibility rule applies to this table unchanged.
 */
@Entity('ticket_counts')
export class TicketCount {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'int', nullable: true })
  assigneeId: number | null;

  @Column({ type: 'text' })
  status: TicketStatus;

  @Column({ type: 'boolean' })
  isAdminRead: boolean;

  /** A change (+1 / −1) or, after compaction, the total of its key. */
  @Column({ type: 'int' })
  tickets: number;
}
