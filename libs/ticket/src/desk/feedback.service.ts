import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, recordEvent, RequestContext, Transactions } from '@mm/core';
import { toSnapshot } from '../ticket-changes';
import { TicketAccess } from '../ticket-access';
import { TicketStatus } from '../ticket-vocabulary';
import { TicketFeedback } from './ticket-feedback.entity';

export interface FeedbackInput {
  /** 1 to 5. */
  rating: number;
  comment?: string | null;
}

const RATEABLE: readonly TicketStatus[] = ['resolved', 'closed'];

/** The ticket's own customer rates its handling once it is resolved or closed, once (seed 004); webhooks get `feedback.created`. */
@Injectable()
export class FeedbackService {
  constructor(private readonly transactions: Transactions) {}

  submit(ctx: RequestContext, ticketId: number, input: FeedbackInput): Promise<TicketFeedback> {
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) {
      throw new DomainError(DomainErrorCode.FeedbackNotAllowed, 'Rating must be between 1 and 5');
    }
    return this.transactions.run(async (manager) => {
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'owner', { lock: true });
      if (!RATEABLE.includes(ticket.status)) {
        throw new DomainError(DomainErrorCode.FeedbackNotAllowed, 'Feedback can only be submitted once the ticket is resolved or closed');
      }
      if (await manager.existsBy(TicketFeedback, { ticketId })) {
        throw new DomainError(DomainErrorCode.FeedbackAlreadySubmitted, 'Feedback has already been submitted for this ticket');
      }
      const feedback = await manager.save(manager.create(TicketFeedback, { ticketId, customerId: ctx.actor.id, rating: input.rating, comment: input.comment ?? null }));
      const actor = { id: ctx.actor.id, role: ctx.actor.role };
      await recordEvent(manager, { type: 'feedback.created', ticket: toSnapshot(ticket), actor, occurredAt: feedback.createdAt.toISOString(), data: { feedbackId: feedback.id } });
      return feedback;
    });
  }
}
