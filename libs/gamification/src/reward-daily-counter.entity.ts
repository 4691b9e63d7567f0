import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Support-interaction awards per customer per UTC day. Taking a slot is one
 * atomic upsert on this row, so concurrent creates can never pass the cap.
 */
@Entity('reward_daily_counters')
export class RewardDailyCounter {
  @PrimaryColumn({ type: 'int' })
  customerId: number;

  /** `YYYY-MM-DD`, UTC. */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'int' })
  interactions: number;
}
