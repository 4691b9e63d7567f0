import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DomainEventPayload, DomainEventType } from './domain-events';

/**
 * Transactional outbox: a domain change writes its event here in the same
 * transaction; the dispatcher (libs/notification) delivers it after commit, at
 * least once, in id order per ticket.
 */
@Entity('outbox_events')
@Index('ix_outbox_pending', ['availableAt', 'id'], { where: 'delivered_at IS NULL AND parked_at IS NULL' })
@Index('ix_outbox_ticket', ['ticketId', 'id'])
// The dispatcher's "oldest pending event of this ticket" lookup: one index probe however long the backlog.
@Index('ix_outbox_pending_ticket', ['ticketId', 'id'], { where: 'delivered_at IS NULL AND parked_at IS NULL' })
@Index('ix_outbox_parked', ['id'], { where: 'parked_at IS NOT NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  type: DomainEventType;

  /** The ticket the event is about; delivery keeps commit order per ticket. */
  @Column({ type: 'int', nullable: true })
  ticketId: number | null;

  @Column({ type: 'jsonb' })
  payload: DomainEventPayload;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** Set when delivery kept failing past the attempt limit; visible in logs and countable. */
  @Column({ type: 'timestamptz', nullable: true })
  parkedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
