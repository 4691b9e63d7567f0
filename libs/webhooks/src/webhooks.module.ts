import { Module } from '@nestjs/common';
import { NotificationModule } from '@mm/notification';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { TicketExport } from './ticket-export';
import { WebhookEndpoints } from './webhook-endpoints.service';

/** Webhooks (SPEC 7.6): endpoints, deliveries from the outbox, retries on the job queue. */
@Module({
  imports: [NotificationModule],
  providers: [WebhookEndpoints, WebhookDeliveries, TicketExport],
  exports: [WebhookEndpoints, WebhookDeliveries, TicketExport],
})
export class WebhooksModule {}
