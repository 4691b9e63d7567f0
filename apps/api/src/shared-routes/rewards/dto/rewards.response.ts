import { ApiProperty } from '@nestjs/swagger';
import { REWARD_ACTIONS, REWARD_REASONS } from '@mm/gamification';

export class RewardEntryDto {
  @ApiProperty({ example: 3 })
  id: number;
  @ApiProperty({ example: 'support_interaction', enum: REWARD_ACTIONS })
  action: string;
  @ApiProperty({ example: 'ticket_created', enum: REWARD_REASONS, description: 'What earned it' })
  reason: string;
  @ApiProperty({ example: 42 })
  ticketId: number;
  @ApiProperty({ example: 10 })
  points: number;
  @ApiProperty({ example: 20, description: 'Credit in minor units (cents)' })
  creditMinor: number;
  @ApiProperty({ example: '0.20' })
  credit: string;
  @ApiProperty({ example: '2026-01-22T10:30:00.000Z' })
  createdAt: string;
}

export class RewardsResponseDto {
  @ApiProperty({ example: 5 })
  customerId: number;
  @ApiProperty({ example: 25, description: 'Points earned so far' })
  points: number;
  @ApiProperty({ example: 40, description: 'Credit balance in minor units (cents)' })
  creditMinor: number;
  @ApiProperty({ example: '0.40', description: 'Credit balance as a decimal string' })
  credit: string;
  @ApiProperty({ example: 'USD' })
  currency: string;
  @ApiProperty({ type: [RewardEntryDto], description: 'Ledger, newest first' })
  entries: RewardEntryDto[];
  @ApiProperty({ example: 1 })
  page: number;
  @ApiProperty({ example: 20 })
  perPage: number;
  @ApiProperty({ example: 3, description: 'Ledger entries in all' })
  total: number;
}
