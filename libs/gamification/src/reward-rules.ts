/**
 * The gamification rules of SPEC section 1 (seed 001), as data. Money is in
 * integer minor units of CREDIT_CURRENCY.
 */
export const REWARD_ACTIONS = ['support_interaction', 'ticket_closure'] as const;
export type RewardAction = (typeof REWARD_ACTIONS)[number];

/** The customer's action that earned the award; one award per (customer, ticket, reason), ever. */
export const REWARD_REASONS = ['ticket_created', 'ticket_escalated', 'ticket_closed'] as const;
export type RewardReason = (typeof REWARD_REASONS)[number];

export interface RewardRule {
  action: RewardAction;
  points: number;
  creditMinor: number;
  /** Counts toward the daily cap of support interactions (GAMIFICATION_DAILY_CAP). */
  dailyCapped: boolean;
}

export const REWARD_RULES: Readonly<Record<RewardReason, RewardRule>> = {
  ticket_created: { action: 'support_interaction', points: 10, creditMinor: 20, dailyCapped: true },
  ticket_escalated: { action: 'support_interaction', points: 10, creditMinor: 20, dailyCapped: true },
  ticket_closed: { action: 'ticket_closure', points: 5, creditMinor: 0, dailyCapped: false },
};

export const CREDIT_CURRENCY = 'USD';

/** 40 → "0.40", 1234 → "12.34". */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** How an award reads in the API docs: "10 points and 0.20 credit", "5 points". */
export function describeReward(reason: RewardReason): string {
  const { points, creditMinor } = REWARD_RULES[reason];
  return creditMinor ? `${points} points and ${formatMinor(creditMinor)} credit` : `${points} points`;
}

/** The calendar day of the daily cap: UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
