import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@mm/auth';
import { Ticket } from '../ticket.entity';

/** A staff-only note on a ticket (seed 004 "internal notes"): never shown to, searched by or emitted to a customer. */
@Entity('ticket_notes')
@Index('ix_ticket_notes_ticket', ['ticketId', 'id'])
export class InternalNote {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'int' })
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_notes_ticket' })
  ticket?: Ticket;

  /** The agent or admin who wrote it. */
  @Column({ type: 'int' })
  authorId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_ticket_notes_author' })
  author?: User;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
