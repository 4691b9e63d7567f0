import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@mm/auth';

/** What a notification is about; also the message catalog key of its title and body. */
export const NOTIFICATION_KINDS = [
  'ticket_created',
  'ticket_status_changed',
  'ticket_escalated',
  'ticket_closed',
  'staff_reply',
  'ticket_assigned',
  'customer_reply',
  'webhook_disabled',
  'automation_notice',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * An in-app notification, rendered once in the recipient's locale when the
 * outbox event that caused it is delivered. Unique per (event, recipient), so
 * redelivering an event never notifies twice.
 */
@Entity('notifications')
@Index('ux_notifications_event_user', ['outboxEventId', 'userId'], { unique: true })
@Index('ix_notifications_user', ['userId', 'id'])
@Index('ix_notifications_user_unread', ['userId', 'id'], { where: 'read_at IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The recipient. */
  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  @Column({ type: 'bigint' })
  outboxEventId: string;

  @Column({ type: 'int', nullable: true })
  ticketId: number | null;

  @Column({ type: 'text', nullable: true })
  ticketNumber: string | null;

  @Column({ type: 'text' })
  kind: NotificationKind;

  /** The locale it was rendered in (en, fr, es). */
  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
