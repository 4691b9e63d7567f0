import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '@mm/auth';
import { REWARD_ACTIONS, REWARD_REASONS, RewardAction, RewardReason } from './reward-rules';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Every award, append-only; balances are its sums. The unique index makes an
 * award exactly-once per (customer, ticket, reason): retries and replays never award twice.
 */
@Entity('reward_ledger')
@Index('ux_reward_ledger_once', ['customerId', 'ticketId', 'reason'], { unique: true })
@Index('ix_reward_ledger_customer', ['customerId', 'createdAt', 'id'])
@Check('ck_reward_ledger_action', `"action" IN (${list(REWARD_ACTIONS)})`)
@Check('ck_reward_ledger_reason', `"reason" IN (${list(REWARD_REASONS)})`)
export class RewardLedgerEntry {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'int' })
  customerId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_reward_ledger_customer' })
  customer?: User;

  @Column({ type: 'text' })
  action: RewardAction;

  @Column({ type: 'text' })
  reason: RewardReason;

  /** The ticket the award is for. */
  @Column({ type: 'int' })
  ticketId: number;

  @Column({ type: 'int' })
  points: number;

  /** Credit in integer minor units (cents) of CREDIT_CURRENCY. */
  @Column({ type: 'int' })
  creditMinor: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
