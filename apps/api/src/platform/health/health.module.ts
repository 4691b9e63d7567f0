import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { NotificationModule } from '@mm/notification';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), NotificationModule],
  controllers: [HealthController],
})
export class HealthModule {}
