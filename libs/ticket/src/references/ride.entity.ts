import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A ride of mtxi, pushed by the rides service (PUT /api/integrations/rides/{id}); its id is theirs. */
@Entity('rides')
@Index('ix_rides_customer', ['customerId'])
@Index('ix_rides_passengers', { synchronize: false }) // GIN on passenger_ids: see the migration
export class Ride {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  customerId: number;

  @Column({ type: 'text' })
  pickupLocation: string;

  @Column({ type: 'text' })
  dropoffLocation: string;

  @Column({ type: 'text' })
  status: string;

  /** Customers who rode along; they may open tickets about the ride too. */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  passengerIds: number[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
