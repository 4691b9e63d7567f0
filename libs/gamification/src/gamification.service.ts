import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, RequestContext } from '@mm/core';
import { RewardLedgerEntry } from './reward-ledger-entry.entity';
import { CREDIT_CURRENCY, REWARD_RULES, RewardReason, utcDay } from './reward-rules';

/** Why an award was declined, as the vertical surfaces show it (`gamificationError`). */
export interface GamificationError {
  code: 'DAILY_LIMIT_REACHED';
  message: string;
}

export type RewardOutcome =
  | { status: 'awarded'; entry: RewardLedgerEntry }
  /** This customer already got this award for this ticket: nothing to add, nothing wrong. */
  | { status: 'already_awarded' }
  | { status: 'declined'; error: GamificationError };

export function gamificationErrorOf(outcome: RewardOutcome): GamificationError | null {
  return outcome.status === 'declined' ? outcome.error : null;
}

export interface RewardSummary {
  customerId: number;
  points: number;
  creditMinor: number;
  currency: string;
  entries: RewardLedgerEntry[];
  total: number;
  page: number;
  perPage: number;
}

/**
 * Awards points and credit for customers' support actions. `award` runs in
 * the caller's transaction, so an award exists exactly when the ticket change
 * that earned it committed; a declined award never fails that change.
 */
@Injectable()
export class GamificationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** `ticketIsNew`: the ticket was created in this transaction, so it cannot have been awarded yet (saves a lookup). */
  async award(
    manager: EntityManager,
    award: { customerId: number; ticketId: number; reason: RewardReason; at: Date; ticketIsNew?: boolean },
  ): Promise<RewardOutcome> {
    const rule = REWARD_RULES[award.reason];
    const key = { customerId: award.customerId, ticketId: award.ticketId, reason: award.reason };
    if (!award.ticketIsNew && (await manager.existsBy(RewardLedgerEntry, key))) return { status: 'already_awarded' };
    const values = { ...key, action: rule.action, points: rule.points, creditMinor: rule.creditMinor, createdAt: award.at };
    if (!rule.dailyCapped) return { status: 'awarded', entry: await manager.save(manager.create(RewardLedgerEntry, values)) };
    const id = await this.insertWithinDailyCap(manager, values);
    if (id === null) {
      const cap = this.config.gamification.dailyInteractionCap;
      return {
        status: 'declined',
        error: { code: 'DAILY_LIMIT_REACHED', message: `Daily limit of ${cap} rewarded support interactions reached; no points awarded` },
      };
    }
    return { status: 'awarded', entry: manager.create(RewardLedgerEntry, { ...values, id }) };
  }

  /** The caller's balance and a page of their ledger, newest first. */
  async summary(ctx: RequestContext, page: number, perPage: number): Promise<RewardSummary> {
    const customerId = ctx.actor.id;
    const manager = this.dataSource.manager;
    const totals: { points: string; credit_minor: string; total: string } | undefined = await manager
      .createQueryBuilder(RewardLedgerEntry, 'entry')
      .select('COALESCE(SUM(entry.points), 0)', 'points')
      .addSelect('COALESCE(SUM(entry.creditMinor), 0)', 'credit_minor')
      .addSelect('COUNT(*)', 'total')
      .where('entry.customerId = :customerId', { customerId })
      .getRawOne();
    const entries = await manager.find(RewardLedgerEntry, {
      where: { customerId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
    return {
      customerId,
      points: Number(totals?.points ?? 0),
      creditMinor: Number(totals?.credit_minor ?? 0),
      currency: CREDIT_CURRENCY,
      entries,
      total: Number(totals?.total ?? 0),
      page,
      perPage,
    };
  }

  /**
   * One statement: counts the interaction in the customer's day unless the cap
   * is reached, and only then writes the ledger entry. Null when the cap was reached.
   */
  private async insertWithinDailyCap(manager: EntityManager, entry: Omit<RewardLedgerEntry, 'id'>): Promise<number | null> {
    const cap = this.config.gamification.dailyInteractionCap;
    if (cap <= 0) return null;
    const rows: { id: number }[] = await manager.query(
      `WITH slot AS (
         INSERT INTO reward_daily_counters (customer_id, day, interactions) VALUES ($1, $2, 1)
         ON CONFLICT (customer_id, day) DO UPDATE SET interactions = reward_daily_counters.interactions + 1
         WHERE reward_daily_counters.interactions < $3
         RETURNING customer_id
       )
       INSERT INTO reward_ledger (customer_id, ticket_id, reason, action, points, credit_minor, created_at)
       SELECT customer_id, $4, $5, $6, $7, $8, $9 FROM slot
       RETURNING id`,
      [entry.customerId, utcDay(entry.createdAt), cap, entry.ticketId, entry.reason, entry.action, entry.points, entry.creditMinor, entry.createdAt],
    );
    return rows.length ? rows[0].id : null;
  }
}
