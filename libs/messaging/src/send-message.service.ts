import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { recordEvent, RequestContext, Transactions } from '@mm/core';
import { User } from '@mm/auth';
import { afterReply, applyWorkflow, Ticket, TicketAccess, toSnapshot } from '@mm/ticket';
import { markOtherSideRead, senderTypeOf } from './read-state';
import { SenderType, TicketMessage } from './ticket-message.entity';

export interface NewMessage {
  body: string;
  /** URLs of attached files; validated by the surface. */
  attachments?: string[] | null;
}

export interface SentMessage {
  message: TicketMessage;
  /** The ticket as it is after the message (read flags, count, maybe reopened). */
  ticket: Ticket;
}

const PREVIEW_LENGTH = 140;

export function messagePreview(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/**
 * A message in a ticket's conversation (seed 003 "send message"). The
 * ticket row is locked for the transaction, so concurrent messages each add
 * exactly one to `message_count` and the read flags end as the last message
 * left them. The customer side (owner or group member) and staff working the
 * ticket may write:
 * - customer: `is_admin_read` down, `is_customer_read` up;
 * - staff: `is_customer_read` down, `is_admin_read` up, `last_replied_at/by` set;
 * - replying reads: the other side's unread messages are marked read first;
 * - a reply reopens a resolved or closed ticket (customer → open, staff → in_progress).
 */
@Injectable()
export class SendMessageService {
  constructor(private readonly transactions: Transactions) {}

  send(ctx: RequestContext, ticketId: number, input: NewMessage): Promise<SentMessage> {
    const { actor } = ctx;
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await TicketAccess.findForActor(manager, actor, ticketId, 'message', { lock: true });
      const senderType = senderTypeOf(actor);
      await markOtherSideRead(manager, actor, ticket, { all: true }, now);
      const message = await manager.save(
        manager.create(TicketMessage, {
          ticketId: ticket.id,
          senderId: actor.id,
          senderType,
          body: input.body,
          attachments: input.attachments?.length ? input.attachments : null,
          isRead: false,
          readAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      const counted = await this.countReply(manager, ticket, senderType, actor.id, now);
      await recordEvent(manager, {
        type: 'message.created',
        ticket: toSnapshot(counted),
        actor: { id: actor.id, role: actor.role },
        occurredAt: now.toISOString(),
        data: { messageId: message.id, senderType, preview: messagePreview(input.body) },
      });
      const after = await applyWorkflow(manager, counted, afterReply(counted, senderType === 'customer' ? 'customer' : 'staff', now), actor, now);
      message.sender = await manager.findOneOrFail(User, { where: { id: actor.id }, select: ['id', 'name', 'email'] });
      return { message, ticket: after };
    });
  }

  private async countReply(manager: EntityManager, ticket: Ticket, senderType: SenderType, senderId: number, at: Date): Promise<Ticket> {
    const flags =
      senderType === 'customer'
        ? { isCustomerRead: true, isAdminRead: false }
        : { isCustomerRead: false, isAdminRead: true, lastRepliedAt: at, lastRepliedBy: senderId };
    const result = await manager
      .createQueryBuilder()
      .update(Ticket)
      .set({ ...flags, messageCount: () => 'message_count + 1', updatedAt: at })
      .where('id = :id', { id: ticket.id })
      .returning('message_count')
      .execute();
    const [row] = result.raw as { message_count: number }[];
    return Object.assign(ticket, flags, { messageCount: row.message_count, updatedAt: at });
  }
}
