import { Module } from '@nestjs/common';
import { ReportRollups } from './report-rollups.service';
import { ReportsService } from './reports.service';

/** Reports of the desk (SPEC 7.7): summary, time series and the agents' table. */
@Module({
  providers: [ReportsService, ReportRollups],
  exports: [ReportsService, ReportRollups],
})
export class ReportingModule {}
