import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { MessagingModule } from '@mm/messaging';
import { SupportDeskModule, TicketModule } from '@mm/ticket';
import { HelpdeskMessagesController } from './helpdesk-messages.controller';
import { HelpdeskOrdersController } from './helpdesk-orders.controller';
import { HelpdeskTicketsController } from './helpdesk-tickets.controller';
import { helpdeskErrorRenderer } from './helpdesk.errors';

export const HELPDESK_BASE_PATHS = ['/api/support-tickets', '/api/support-messages', '/api/orders'];

/** Seed 003: the helpdesk API (tickets, conversations, read flags, navbar badges, order cancel). */
@Module({
  imports: [TicketModule, SupportDeskModule, MessagingModule],
  controllers: [HelpdeskTicketsController, HelpdeskMessagesController, HelpdeskOrdersController],
})
export class HelpdeskModule implements OnModuleInit {
  constructor(private readonly renderers: ErrorRendererRegistry) {}

  onModuleInit(): void {
    this.renderers.register(HELPDESK_BASE_PATHS, helpdeskErrorRenderer);
  }
}
