import { Module } from '@nestjs/common';
import { MessagingModule } from '@mm/messaging';
import { SupportDeskModule } from '@mm/ticket';
import { BulkService } from './bulk.service';
import { MacrosService } from './macros.service';
import { MergeService } from './merge.service';
import { ViewsService } from './views.service';

const SERVICES = [MacrosService, ViewsService, BulkService, MergeService];

/** Agent productivity (SPEC 7.4): macros, saved views, bulk changes and merging. */
@Module({
  imports: [SupportDeskModule, MessagingModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ProductivityModule {}
