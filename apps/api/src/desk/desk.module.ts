import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { SupportDeskModule } from '@mm/ticket';
import { WebhooksModule } from '@mm/webhooks';
import { DeskAuditLogController } from './desk-audit-log.controller';
import { DeskExportController } from './desk-export.controller';
import { DeskTicketResponder } from './desk-ticket-responder';
import { DeskTicketsController } from './desk-tickets.controller';
import { DeskWebhooksController } from './desk-webhooks.controller';
import { deskErrorRenderer } from './desk.errors';

/**
 * The desk API (SPEC section 7), `/api/desk`: the staff surface. A new desk
 * capability adds its controller file here; DeskAccess, DeskTicketResponder,
 * presentDeskTicket and the domain's keysetPage give it the conventions.
 */
export const DESK_CONTROLLERS = [DeskTicketsController, DeskAuditLogController, DeskWebhooksController, DeskExportController];

@Module({
  imports: [SupportDeskModule, WebhooksModule],
  controllers: DESK_CONTROLLERS,
  providers: [DeskTicketResponder],
  exports: [DeskTicketResponder],
})
export class DeskModule implements OnModuleInit {
  constructor(private readonly renderers: ErrorRendererRegistry) {}

  onModuleInit(): void {
    this.renderers.register(['/api/desk'], deskErrorRenderer);
  }
}
