import { Module } from '@nestjs/common';
import { ReportsService } from './reports.service';

/** Reports of the desk (SPEC 7.7): summary, time series and the agents' table. */
@Module({
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportingModule {}
