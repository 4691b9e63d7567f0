import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, DomainErrorCode, recordEvent, RequestContext, Transactions } from '@mm/core';
import { Ticket, TicketAccess, toSnapshot } from '@mm/ticket';
import { senderTypeOf } from './send-message.service';
import { SenderType, TicketMessage } from './ticket-message.entity';

export interface ConversationWindow {
  /** At most this many messages: the newest ones (before `beforeId` when given), returned oldest first. */
  limit: number;
  beforeId?: number;
}

/** The message ids a side reads: those the other side wrote. */
function otherSide(actor: Actor): SenderType {
  return senderTypeOf(actor) === 'customer' ? 'admin' : 'customer';
}

/**
 * Reading a ticket's conversation (seed 003). Opening it marks it read for
 * the viewer's side: every unread message of the other side gets `is_read`
 * and `read_at`, and the ticket's read flag for the viewer's side goes up;
 * one `message.read` event carries the newest message read (read receipts
 * are cumulative: "read up to here"). Both lock the ticket row like a send,
 * so a message arriving meanwhile is either shown and marked, or stays unread.
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

      const readIds = await this.markRead(manager, ctx.actor, ticket, { all: true }, now);
      for (const message of messages) {
        if (readIds.includes(message.id)) Object.assign(message, { isRead: true, readAt: now, updatedAt: now });
      }
      return messages;
    });
  }

  /**
   * Marks one message read (seed 003 PUT /api/support-messages/{id}/read).
   * A message in a ticket the actor cannot see is PermissionDenied, as the
   * seed documents; marking a message of one's own side changes nothing
   * (read state belongs to the recipient).
   */
  markOne(ctx: RequestContext, messageId: number): Promise<void> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const message = await manager.findOne(TicketMessage, { where: { id: messageId }, select: ['id', 'ticketId', 'senderType'] });
      if (!message) throw new DomainError(DomainErrorCode.MessageNotFound, 'Message not found');
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, message.ticketId, 'read', { lock: true }).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === DomainErrorCode.TicketNotFound) throw new DomainError(DomainErrorCode.PermissionDenied, 'Unauthorized access');
        throw error;
      });
      if (message.senderType !== otherSide(ctx.actor)) return;
      await this.markRead(manager, ctx.actor, ticket, { messageId: message.id }, now);
    });
  }

  /**
   * Marks the other side's unread messages read (all of them, or one), and
   * raises the viewer's read flag on the ticket once none is left unread.
   * Returns the ids it marked. The ticket is locked by the caller.
   */
  private async markRead(manager: EntityManager, actor: Actor, ticket: Ticket, which: { all: true } | { messageId: number }, now: Date): Promise<number[]> {
    const query = manager
      .createQueryBuilder()
      .update(TicketMessage)
      .set({ isRead: true, readAt: now, updatedAt: now })
      .where('ticket_id = :ticketId AND sender_type = :sender AND is_read = false', { ticketId: ticket.id, sender: otherSide(actor) });
    if ('messageId' in which) query.andWhere('id = :messageId', { messageId: which.messageId });
    const ids = ((await query.returning(['id']).execute()).raw as { id: number }[]).map((row) => row.id);

    const flag = senderTypeOf(actor) === 'customer' ? 'is_customer_read' : 'is_admin_read';
    const flagDown = senderTypeOf(actor) === 'customer' ? !ticket.isCustomerRead : !ticket.isAdminRead;
    if (flagDown) {
      // Plain SQL: reading is not activity on the ticket, so updated_at stays.
      await manager.query(
        `UPDATE tickets SET ${flag} = true WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM ticket_messages WHERE ticket_id = $1 AND sender_type = $2 AND is_read = false)`,
        [ticket.id, otherSide(actor)],
      );
    }
    if (ids.length) {
      await recordEvent(manager, {
        type: 'message.read',
        ticket: toSnapshot(ticket),
        actor: { id: actor.id, role: actor.role },
        occurredAt: now.toISOString(),
        data: { messageId: Math.max(...ids), readerId: actor.id },
      });
    }
    return ids;
  }
}
