import { Injectable } from '@nestjs/common';
import { RequestContext, Transactions } from '@mm/core';
import { GamificationService } from '@mm/gamification';
import { TicketAccess } from './ticket-access';
import { applyWorkflow } from './ticket-changes';
import { TicketCommandResult } from './ticket-command-result';
import { closeByCustomer } from './ticket-workflow';

/** The ticket's customer closes it once it is resolved (seed 001). */
@Injectable()
export class CloseTicketService {
  constructor(
    private readonly transactions: Transactions,
    private readonly gamification: GamificationService,
  ) {}

  close(ctx: RequestContext, ticketId: number): Promise<TicketCommandResult> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'owner', { lock: true });
      const closed = await applyWorkflow(manager, ticket, closeByCustomer(ticket, now), ctx.actor, now);
      const reward = await this.gamification.award(manager, { customerId: ticket.customerId, ticketId: ticket.id, reason: 'ticket_closed', at: now });
      return { ticket: closed, reward };
    });
  }
}
