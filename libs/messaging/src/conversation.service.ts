import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, RequestContext, Transactions } from '@mm/core';
import { TicketAccess } from '@mm/ticket';
import { markOtherSideRead, otherSideOf } from './read-state';
import { TicketMessage } from './ticket-message.entity';

export interface ConversationWindow {
  /** At most this many messages: the newest ones (before `beforeId` when given), returned oldest first. */
  limit: number;
  beforeId?: number;
}

/**
 * Reading a ticket's conversation (seed 003). Opening it marks it read for
 * the viewer's side (see markOtherSideRead); both reads lock the ticket row
 * like a send, so a message arriving meanwhile is either shown and marked,
 * or stays unread.
 */
@Injectable()
export class ConversationService {
  constructor(private readonly transactions: Transactions) {}

  open(ctx: RequestContext, ticketId: number, window: ConversationWindow): Promise<TicketMessage[]> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'read', { lock: true });
      const query = manager
        .getRepository(TicketMessage)
        .createQueryBuilder('message')
        .leftJoin('message.sender', 'sender')
        .addSelect(['sender.id', 'sender.name', 'sender.email'])
        .where('message.ticketId = :ticketId', { ticketId: ticket.id })
        .orderBy('message.id', 'DESC')
        .limit(window.limit);
      if (window.beforeId !== undefined) query.andWhere('message.id < :beforeId', { beforeId: window.beforeId });
      const messages = (await query.getMany()).reverse();

      const readIds = await markOtherSideRead(manager, ctx.actor, ticket, { all: true }, now);
      for (const message of messages) {
        if (readIds.includes(message.id)) Object.assign(message, { isRead: true, readAt: now, updatedAt: now });
      }
      return messages;
    });
  }

  /**
   * Marks one message read (seed 003 PUT /api/support-messages/{id}/read).
   * A message in a ticket the actor cannot see is TicketNotFound (each
   * surface words it); marking a message of one's own side changes nothing
   * (read state belongs to the recipient).
   */
  markOne(ctx: RequestContext, messageId: number): Promise<void> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const message = await manager.findOne(TicketMessage, { where: { id: messageId }, select: ['id', 'ticketId', 'senderType'] });
      if (!message) throw new DomainError(DomainErrorCode.MessageNotFound, 'Message not found');
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, message.ticketId, 'read', { lock: true });
      if (message.senderType !== otherSideOf(ctx.actor)) return;
      await markOtherSideRead(manager, ctx.actor, ticket, { messageId: message.id }, now);
    });
  }
}
