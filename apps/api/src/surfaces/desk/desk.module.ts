import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { slaBreachedSql, SlaModule, slaNextDueSql } from '@mm/sla';
import { DeskTickets, SupportDeskModule } from '@mm/ticket';
import { DeskAuditLogController } from './desk-audit-log.controller';
import { DeskMacrosController } from './desk-macros.controller';
import { DeskTicketActionsController } from './desk-ticket-actions.controller';
import { DeskCalendarsController } from './desk-calendars.controller';
import { DeskSlaPoliciesController } from './desk-sla-policies.controller';
import { RoutingModule } from '@mm/routing';
import { DeskRoutingController } from './desk-routing.controller';
import { ReportingModule } from '@mm/reporting';
import { DeskReportsController } from './desk-reports.controller';
import { WebhooksModule } from '@mm/webhooks';
import { DeskExportController } from './desk-export.controller';
import { DeskTicketResponder } from './desk-ticket-responder';
import { DeskTicketsController } from './desk-tickets.controller';
import { DeskWebhooksController } from './desk-webhooks.controller';
import { deskErrorRenderer } from './desk.errors';
import { DeskViewsController } from './desk-views.controller';
import { ProductivityModule } from '@mm/productivity';
import { AutomationModule } from '@mm/automation';
import { DeskAutomationsController } from './desk-automations.controller';

/**
 * The desk API (SPEC section 7), `/api/desk`: the staff surface. A new desk
 * capability adds its controller file here; DeskAccess, DeskTicketResponder,
 * presentDeskTicket and the domain's keysetPage give it the conventions.
 */
export const DESK_CONTROLLERS = [DeskTicketsController, DeskAuditLogController, DeskMacrosController, DeskViewsController, DeskTicketActionsController, DeskCalendarsController, DeskSlaPoliciesController, DeskRoutingController, DeskReportsController, DeskWebhooksController, DeskExportController, DeskAutomationsController];

@Module({
  imports: [SupportDeskModule, ProductivityModule, SlaModule, RoutingModule, ReportingModule, WebhooksModule, AutomationModule],
  controllers: DESK_CONTROLLERS,
  providers: [DeskTicketResponder],
  exports: [DeskTicketResponder],
})
export class DeskModule implements OnModuleInit {
  constructor(
    private readonly renderers: ErrorRendererRegistry,
    private readonly tickets: DeskTickets,
  ) {}

  onModuleInit(): void {
    this.renderers.register(['/api/desk'], deskErrorRenderer);
    // libs/ticket cannot depend on libs/sla (which depends on it): the SLA sort and filter are handed over here.
    this.tickets.useServiceLevels({ nextDue: slaNextDueSql, breached: slaBreachedSql });
  }
}
