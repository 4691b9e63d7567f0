import { Module } from '@nestjs/common';
import { NotificationModule } from '@mm/notification';
import { ProductivityModule } from '@mm/productivity';
import { RoutingModule } from '@mm/routing';
import { AutomationActions } from './automation-actions';
import { AutomationRunner } from './automation-runner.service';
import { AutomationsService } from './automations.service';

/** Automations (SPEC 7.5): event rules in the change's transaction, time rules on the job queue. */
@Module({
  imports: [ProductivityModule, RoutingModule, NotificationModule],
  providers: [AutomationActions, AutomationRunner, AutomationsService],
  exports: [AutomationsService, AutomationRunner],
})
export class AutomationModule {}
