import { EntityManager } from 'typeorm';
import { Actor, changedRows, recordEvent } from '@mm/core';
import { Ticket, toSnapshot } from '@mm/ticket';
import { SenderType } from './ticket-message.entity';

/** Which side of the conversation the actor writes and reads on. */
export function senderTypeOf(actor: Actor): SenderType {
  return actor.role === 'customer' ? 'customer' : 'admin';
}

/** The side whose messages the actor reads. */
export function otherSideOf(actor: Actor): SenderType {
  return senderTypeOf(actor) === 'customer' ? 'admin' : 'customer';
}

/**
 * Marks the other side's unread messages read by `actor` (all of them, or
 * one), and raises the actor's read flag on the ticket once none is left
 * unread. One `message.read` event carries the newest message marked (read
 * receipts are cumulative: "read up to here"); `raiseReadFlag: false` when the
 * caller's own statement sets the flag anyway. The caller holds the ticket
 * row lock, so a message arriving meanwhile is either marked or stays unread.
 * Returns the ids it marked.
 */
export async function markOtherSideRead(
  manager: EntityManager,
  actor: Actor,
  ticket: Ticket,
  which: { all: true } | { messageId: number },
  now: Date,
  { raiseReadFlag = true }: { raiseReadFlag?: boolean } = {},
): Promise<number[]> {
  const other = otherSideOf(actor);
  const one = 'messageId' in which;
  const marked = await changedRows<{ id: number }>(
    manager,
    `UPDATE ticket_messages SET is_read = true, read_at = $3, updated_at = $3
     WHERE ticket_id = $1 AND sender_type = $2 AND is_read = false${one ? ' AND id = $4' : ''} RETURNING id`,
    one ? [ticket.id, other, now, which.messageId] : [ticket.id, other, now],
  );
  const ids = marked.map((row) => row.id);

  const customerSide = senderTypeOf(actor) === 'customer';
  if (raiseReadFlag && (customerSide ? !ticket.isCustomerRead : !ticket.isAdminRead)) {
    // Plain SQL: reading is not activity on the ticket, so updated_at stays.
    const raised = await changedRows(
      manager,
      `UPDATE tickets SET ${customerSide ? 'is_customer_read' : 'is_admin_read'} = true
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM ticket_messages WHERE ticket_id = $1 AND sender_type = $2 AND is_read = false) RETURNING id`,
      [ticket.id, other],
    );
    if (raised.length) Object.assign(ticket, customerSide ? { isCustomerRead: true } : { isAdminRead: true });
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
