import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@mm/auth';
import { Ticket } from '@mm/ticket';

/** Who wrote a message: the customer side (owner or group member) or staff (seed 003 calls every staff member "admin"). */
export const SENDER_TYPES = ['customer', 'admin'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/**
 * One message of a ticket's customer-visible conversation (internal notes
 * are elsewhere and never here). `isRead` is the recipient's read state: a
 * customer message is read once staff read it, a staff message once the
 * customer side read it.
 */
@Entity('ticket_messages')
@Index('ix_ticket_messages_ticket', ['ticketId', 'id'])
@Index('ix_ticket_messages_unread', ['ticketId', 'senderType', 'id'], { where: 'is_read = false' })
@Check('ck_ticket_messages_sender_type', `"sender_type" IN ('customer', 'admin')`)
export class TicketMessage {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'int' })
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_messages_ticket' })
  ticket?: Ticket;

  @Column({ type: 'int' })
  senderId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_id', foreignKeyConstraintName: 'fk_ticket_messages_sender' })
  sender?: User;

  @Column({ type: 'text' })
  senderType: SenderType;

  @Column({ type: 'text' })
  body: string;

  /** URLs of attached files (metadata only: the files live elsewhere); null when none. */
  @Column({ type: 'jsonb', nullable: true })
  attachments: string[] | null;

  @Column({ type: 'boolean', default: false })
  isRead: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
