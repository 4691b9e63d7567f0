import { Module } from '@nestjs/common';
import { SlaClocksService } from './sla-clocks.service';
import { SlaConfigService } from './sla-config.service';
import { SlaTimersService } from './sla-timers.service';

/** Service levels (SPEC 7.2): calendars and policies, the clocks of each ticket, breaches and warnings on time. */
@Module({
  providers: [SlaConfigService, SlaClocksService, SlaTimersService],
  exports: [SlaConfigService, SlaClocksService, SlaTimersService],
})
export class SlaModule {}
