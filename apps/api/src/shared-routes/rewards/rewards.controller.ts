import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GAMIFICATION_DAILY_CAP_DEFAULT, RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { describeReward, GamificationService } from '@mm/gamification';
import { RewardsQuery } from './dto/rewards.query';
import { RewardsResponseDto } from './dto/rewards.response';
import { rewardsResponse } from './rewards.presenter';

@ApiTags('rewards')
@Controller('api/customer/rewards')
export class RewardsController {
  constructor(private readonly gamification: GamificationService) {}

  @Get()
  @Access({ roles: ['customer'], permissions: ['view_rewards'] })
  @ApiOperation({
    summary: 'My points, credit balance and reward ledger',
    description: `${describeReward('ticket_created')} per support interaction (ticket created or escalated, at most ${GAMIFICATION_DAILY_CAP_DEFAULT} a UTC day), ${describeReward('ticket_closed')} per ticket closed.`,
  })
  @ApiOkResponse({ type: RewardsResponseDto })
  @ApiBadRequestResponse({ schema: { example: { error: 'Validation failed', errors: { per_page: ['per_page must not be greater than 100'] } } } })
  async rewards(@Ctx() ctx: RequestContext, @Query() query: RewardsQuery): Promise<RewardsResponseDto> {
    return rewardsResponse(await this.gamification.summary(ctx, query.page ?? 1, query.per_page ?? 20));
  }
}
