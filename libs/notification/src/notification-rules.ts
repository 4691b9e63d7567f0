import { DomainEventPayload } from '@mm/core';
import type { NotificationKind } from './notification.entity';
import type { MessageParams } from './i18n/notification-messages';

export interface PlannedNotification {
  userId: number;
  kind: NotificationKind;
  params: MessageParams;
}

/** The customer and the group members of the event's ticket. */
export function ticketCustomers(event: DomainEventPayload): number[] {
  return [...new Set([event.ticket.customerId, ...event.ticket.groupCustomerIds])];
}

function preview(event: DomainEventPayload): string {
  return typeof event.data.preview === 'string' ? event.data.preview : '';
}

/**
 * Who is notified of what (SPEC section 1 "Notifications"): every
 * customer-visible change notifies the customer and the group members;
 * staff are notified of work that lands on them (a ticket assigned to them,
 * a customer reply on their ticket), never of their own action.
 * Internal notes notify nobody outside staff, and no customer at all.
 */
export function planNotifications(event: DomainEventPayload): PlannedNotification[] {
  const { ticket, actor } = event;
  const base = { ticketNumber: ticket.ticketNumber, status: ticket.status };
  const customers = (kind: NotificationKind, params: MessageParams = base) => ticketCustomers(event).map((userId) => ({ userId, kind, params }));
  const assignee = (kind: NotificationKind, params: MessageParams = base) =>
    ticket.assigneeId !== null && ticket.assigneeId !== actor.id ? [{ userId: ticket.assigneeId, kind, params }] : [];

  switch (event.type) {
    case 'ticket.created':
      return customers('ticket_created');
    case 'ticket.status_changed':
      return customers('ticket_status_changed');
    case 'ticket.escalated':
      return customers('ticket_escalated');
    case 'ticket.closed':
      return customers('ticket_closed');
    case 'ticket.assigned':
      return assignee('ticket_assigned');
    case 'message.created':
      return event.data.senderType === 'admin'
        ? customers('staff_reply', { ...base, preview: preview(event) })
        : assignee('customer_reply', { ...base, preview: preview(event) });
    case 'ticket.updated':
    case 'message.read':
    case 'note.created':
    case 'ticket.sla_warning':
    case 'ticket.sla_breached':
    case 'ticket.merged':
    case 'feedback.created':
      return [];
  }
}
