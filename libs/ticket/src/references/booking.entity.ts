import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A table booking or event service of mtables, pushed by its service; its id is theirs. */
@Entity('bookings')
@Index('ix_bookings_customer', ['customerId'])
export class Booking {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  customerId: number;

  @Column({ type: 'text' })
  bookingNumber: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text', nullable: true })
  venueName: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
