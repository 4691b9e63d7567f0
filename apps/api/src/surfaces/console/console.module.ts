import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { NotificationModule } from '@mm/notification';
import { SupportDeskModule, TicketModule } from '@mm/ticket';
import { AgentsController } from './agents.controller';
import { ConsoleFaqController } from './console-faq.controller';
import { ConsoleQueuesController } from './console-queues.controller';
import { ConsoleTicketsController } from './console-tickets.controller';
import { consoleErrorRenderer } from './console.errors';

export const CONSOLE_BASE_PATHS = ['/api/support', '/api/agent', '/api/admin'];

/** Seed 004: the agent and admin consoles (status workflow, assignment, internal notes, feedback, FAQ). */
@Module({
  imports: [TicketModule, SupportDeskModule, NotificationModule],
  controllers: [ConsoleTicketsController, ConsoleQueuesController, ConsoleFaqController, AgentsController],
})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly renderers: ErrorRendererRegistry) {}

  onModuleInit(): void {
    this.renderers.register(CONSOLE_BASE_PATHS, consoleErrorRenderer);
  }
}
