import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@mm/core';
import { Ticket } from './ticket.entity';

/** What changed: one entry per change, in the change's own transaction. */
export type TicketChangeType = 'created' | 'status_changed' | 'escalated' | 'closed' | 'assigned' | 'updated' | 'sla_breached';

/** A ticket's history: who changed what, when, from what to what. Append-only. */
@Entity('ticket_history')
@Index('ix_ticket_history_ticket', ['ticketId', 'id'])
@Index('ix_ticket_history_reopenings', { synchronize: false }) // reports: see the ReportIndexes migration
export class TicketHistoryEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'int' })
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_history_ticket' })
  ticket?: Ticket;

  /** Null for changes made by the system itself. */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'text' })
  actorRole: Role | 'system';

  @Column({ type: 'text' })
  type: TicketChangeType;

  @Column({ type: 'text', nullable: true })
  fromValue: string | null;

  @Column({ type: 'text', nullable: true })
  toValue: string | null;

  /** Further facts of the change, e.g. an escalation's priority step: `{ priority: { from, to } }`. */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
