import { Module } from '@nestjs/common';
import { GamificationModule } from '@mm/gamification';
import { RewardsController } from './rewards.controller';

/** GET /api/customer/rewards; errors in the default format (`{"error": ...}`). */
@Module({
  imports: [GamificationModule],
  controllers: [RewardsController],
})
export class RewardsModule {}
