import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { recordEvent, RequestContext, Transactions } from '@mm/core';
import { User } from '@mm/auth';
import { afterReply, applyWorkflow, takeFromQueue, Ticket, TicketAccess, toSnapshot } from '@mm/ticket';
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

/** The first 140 characters, counted and cut in code points (a cut surrogate pair is not text PostgreSQL's JSON takes). */
export function messagePreview(body: string): string {
  const characters = Array.from(body.replace(/\s+/g, ' ').trim());
  return characters.length > PREVIEW_LENGTH ? `${characters.slice(0, PREVIEW_LENGTH - 1).join('')}…` : characters.join('');
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
 * - a reply reopens a resolved or closed ticket (customer → open, staff → in_progress);
 * - an agent replying on an unassigned ticket takes it first (as assign-self does), as in Zendesk.
 */
@Injectable()
export class SendMessageService {
  constructor(private readonly transactions: Transactions) {}

  send(ctx: RequestContext, ticketId: number, input: NewMessage): Promise<SentMessage> {
    return this.transactions.run((manager) => this.sendIn(manager, ctx, ticketId, input, new Date()));
  }

  /** The same, inside the caller's transaction (a macro sends its reply and applies its actions in one). */
  async sendIn(manager: EntityManager, ctx: RequestContext, ticketId: number, input: NewMessage, now: Date): Promise<SentMessage> {
    const { actor } = ctx;
    const found = await TicketAccess.findForActor(manager, actor, ticketId, 'message', { lock: true });
    const ticket = actor.role === 'agent' && found.assigneeId === null ? await takeFromQueue(manager, found, actor, now) : found;
    const senderType = senderTypeOf(actor);
    // The message's own statement raises the sender's read flag: no version of the ticket just for that.
    await markOtherSideRead(manager, actor, ticket, { all: true }, now, { raiseReadFlag: false });
    const { message, ticket: counted } = await this.insertCounted(manager, ticket, actor.id, senderType, input, now);
    await recordEvent(manager, {
      type: 'message.created',
      ticket: toSnapshot(counted),
      actor: { id: actor.id, role: actor.role },
      occurredAt: now.toISOString(),
      data: { messageId: message.id, senderType, preview: messagePreview(input.body) },
    });
    const after = await applyWorkflow(manager, counted, afterReply(counted, senderType === 'customer' ? 'customer' : 'staff', now), actor, now);
    return { message, ticket: after };
  }

  /**
   * One statement: stores the message, counts it on the ticket with the
   * sender's side's read flags and its words (so the insert trigger finds
   * them there and leaves the ticket alone: one new version of the ticket,
   * not two), and reads the sender's name for the answer.
   */
  private async insertCounted(manager: EntityManager, ticket: Ticket, senderId: number, senderType: SenderType, input: NewMessage, at: Date): Promise<SentMessage> {
    const attachments = input.attachments?.length ? input.attachments : null;
    const flags =
      senderType === 'customer'
        ? { isCustomerRead: true, isAdminRead: false }
        : { isCustomerRead: false, isAdminRead: true, lastRepliedAt: at, lastRepliedBy: senderId };
    const replied = senderType === 'customer' ? ', customer_replied_at = $5' : ', last_replied_at = $5, last_replied_by = $2';
    const [row]: { id: number; message_count: number; name: string; email: string }[] = await manager.query(
      `WITH message AS (
         INSERT INTO ticket_messages (ticket_id, sender_id, sender_type, body, attachments, is_read, read_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $6, false, NULL, $5, $5) RETURNING id
       ), counted AS (
         UPDATE tickets SET is_customer_read = $7, is_admin_read = $8, message_count = message_count + 1, updated_at = $5,
             search_vector = ticket_search_vector_with(search_vector, $4)${replied}
         WHERE id = $1 RETURNING message_count
       )
       SELECT message.id, counted.message_count, users.name, users.email FROM message, counted, users WHERE users.id = $2`,
      [ticket.id, senderId, senderType, input.body, at, attachments && JSON.stringify(attachments), flags.isCustomerRead, flags.isAdminRead],
    );
    const sender = manager.create(User, { id: senderId, name: row.name, email: row.email });
    const message = manager.create(TicketMessage, { id: row.id, ticketId: ticket.id, senderId, senderType, body: input.body, attachments, isRead: false, readAt: null, createdAt: at, updatedAt: at, sender });
    return { message, ticket: Object.assign(ticket, flags, { messageCount: row.message_count, updatedAt: at }) };
  }
}
