import { Injectable } from '@nestjs/common';
import { RequestContext, Transactions } from '@mm/core';
import { GamificationService } from '@mm/gamification';
import { TicketAccess } from './ticket-access';
import { applyWorkflow } from './ticket-changes';
import { TicketCommandResult } from './ticket-command-result';
import { escalate } from './ticket-workflow';

/**
 * The ticket's customer escalates it. The row is locked for the whole
 * transaction, so of two concurrent escalations one succeeds and the other
 * sees an escalated ticket (TicketAlreadyEscalated): one history entry, one award.
 */
@Injectable()
export class EscalateTicketService {
  constructor(
    private readonly transactions: Transactions,
    private readonly gamification: GamificationService,
  ) {}

  escalate(ctx: RequestContext, ticketId: number): Promise<TicketCommandResult> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'owner', { lock: true });
      const escalated = await applyWorkflow(manager, ticket, escalate(ticket, now), ctx.actor, now);
      const reward = await this.gamification.award(manager, { customerId: ticket.customerId, ticketId: ticket.id, reason: 'ticket_escalated', at: now });
      return { ticket: escalated, reward };
    });
  }
}
