import { formatMinor, RewardSummary } from '@mm/gamification';
import { RewardsResponseDto } from './dto/rewards.response';

export function rewardsResponse(summary: RewardSummary): RewardsResponseDto {
  return {
    customerId: summary.customerId,
    points: summary.points,
    creditMinor: summary.creditMinor,
    credit: formatMinor(summary.creditMinor),
    currency: summary.currency,
    entries: summary.entries.map((entry) => ({
      id: entry.id,
      action: entry.action,
      reason: entry.reason,
      ticketId: entry.ticketId,
      points: entry.points,
      creditMinor: entry.creditMinor,
      credit: formatMinor(entry.creditMinor),
      createdAt: entry.createdAt.toISOString(),
    })),
    page: summary.page,
    perPage: summary.perPage,
    total: summary.total,
  };
}
