import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@mm/auth';
import { Ticket } from '../ticket.entity';

/** The customer's rating of how a resolved ticket was handled: one per ticket (the unique index guards it). */
@Entity('ticket_feedback')
@Index('ux_ticket_feedback_ticket', ['ticketId'], { unique: true })
@Index('ix_ticket_feedback_created', ['createdAt']) // reports
@Check('ck_ticket_feedback_rating', '"rating" BETWEEN 1 AND 5')
export class TicketFeedback {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'int' })
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_feedback_ticket' })
  ticket?: Ticket;

  @Column({ type: 'int' })
  customerId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_ticket_feedback_customer' })
  customer?: User;

  /** 1 (poor) to 5 (excellent). */
  @Column({ type: 'smallint' })
  rating: number;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
