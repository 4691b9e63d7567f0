import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, recordEvent, RequestContext, RequestValidationError, Transactions } from '@mm/core';
import { assertTicketVersion, DeskTickets, recordTicketChange, Ticket, TicketAccess, toSnapshot } from '@mm/ticket';

/**
 * Merging (SPEC 7.4) one customer's ticket into another of theirs: the
 * source's messages and internal notes move to the target, the source is
 * closed with `mergedIntoId`, both histories say so, both tickets'
 * rooms hear it (the source as closed, the target as updated), and
 * webhooks get `ticket.merged` (the source).
 */
@Injectable()
export class MergeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tickets: DeskTickets,
  ) {}

  merge(ctx: RequestContext, sourceId: number, intoId: number, expectedVersion?: number): Promise<Ticket> {
    if (sourceId === intoId) throw invalid('a ticket cannot be merged into itself');
    return this.transactions.run(async (manager) => {
      const now = new Date();
      // Both rows locked in id order: two merges of the same pair in opposite directions cannot deadlock.
      const [first, second] = await lockInOrder(manager, ctx.actor, [sourceId, intoId]);
      const source = first.id === sourceId ? first : second;
      const target = first.id === sourceId ? second : first;
      assertTicketVersion(source, expectedVersion);
      if (source.customerId !== target.customerId) throw invalid("only tickets of the same customer can be merged");
      if (source.mergedIntoId !== null) throw invalid(`ticket ${source.ticketNumber} was already merged`);
      if (target.status === 'closed') throw invalid('a closed ticket cannot take a merge');

      const moved = await moveConversation(manager, source.id, target.id);
      await manager.query('UPDATE tickets SET message_count = message_count + $2, updated_at = $3 WHERE id = $1', [target.id, moved.messages, now]);
      const closing = { status: 'closed' as const, closedAt: now, mergedIntoId: target.id, messageCount: 0, updatedAt: now };
      await manager.update(Ticket, { id: source.id }, closing);
      const closed = Object.assign(source, closing);
      const details = { mergedInto: { id: target.id, ticketNumber: target.ticketNumber }, messages: moved.messages, notes: moved.notes };
      await recordTicketChange(manager, closed, ctx.actor, { history: 'closed', event: 'ticket.closed', from: source.status, to: 'closed', details, eventDetails: { mergedIntoId: target.id } }, now);
      const merged = { mergedFrom: { id: source.id, ticketNumber: source.ticketNumber }, messages: moved.messages, notes: moved.notes };
      await recordTicketChange(manager, Object.assign(target, { updatedAt: now }), ctx.actor, { history: 'updated', event: 'ticket.updated', details: merged, eventDetails: { changed: ['messages'], mergedFromId: source.id } }, now);
      await recordEvent(manager, { type: 'ticket.merged', ticket: toSnapshot(closed), actor: { id: ctx.actor.id, role: ctx.actor.role }, occurredAt: now.toISOString(), data: { mergedIntoId: target.id } });
      return this.tickets.get(ctx, source.id, manager);
    });
  }
}

async function lockInOrder(manager: EntityManager, actor: Actor, ids: number[]): Promise<Ticket[]> {
  const locked: Ticket[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) locked.push(await TicketAccess.findForActor(manager, actor, id, 'work', { lock: true }));
  return locked;
}

async function moveConversation(manager: EntityManager, from: number, to: number): Promise<{ messages: number; notes: number }> {
  const messages = (await manager.query('UPDATE ticket_messages SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id', [from, to])) as unknown[];
  const notes = (await manager.query('UPDATE ticket_notes SET ticket_id = $2 WHERE ticket_id = $1 RETURNING id', [from, to])) as unknown[];
  return { messages: rowsOf(messages), notes: rowsOf(notes) };
}

/** UPDATE … RETURNING answers [rows, count] through TypeORM's postgres driver, and the rows on PGlite. */
function rowsOf(result: unknown[]): number {
  return Array.isArray(result[0]) ? (result[0] as unknown[]).length : result.length;
}

function invalid(message: string): RequestValidationError {
  return new RequestValidationError({ intoTicketId: [message] });
}
