import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { SupportDeskModule } from '@mm/ticket';
import { DeskAuditLogController } from './desk-audit-log.controller';
import { DeskMacrosController } from './desk-macros.controller';
import { DeskTicketActionsController } from './desk-ticket-actions.controller';
import { DeskTicketResponder } from './desk-ticket-responder';
import { DeskTicketsController } from './desk-tickets.controller';
import { deskErrorRenderer } from './desk.errors';
import { DeskViewsController } from './desk-views.controller';
import { ProductivityModule } from '@mm/productivity';

/**
 * The desk API (SPEC section 7), `/api/desk`: the staff surface. A new desk
 * capability adds its controller file here; DeskAccess, DeskTicketResponder,
 * presentDeskTicket and the domain's keysetPage give it the conventions.
 */
export const DESK_CONTROLLERS = [DeskTicketsController, DeskAuditLogController, DeskMacrosController, DeskViewsController, DeskTicketActionsController];

@Module({
  imports: [SupportDeskModule, ProductivityModule],
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
