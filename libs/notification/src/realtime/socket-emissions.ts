import { DomainEventPayload } from '@mm/core';
import { CustomerEventPresenters } from '@mm/ticket';
import type { NotificationView } from '../notification.service';
import { ticketCustomers } from '../notification-rules';
import { ADMINS_ROOM, STAFF_ROOM, ticketRoom, ticketStaffRoom, userRoom } from './rooms';
import { isVerticalEventName, ServerEventName, ServerEventPayload, SlaEvent, STAFF_ONLY_EVENT_TYPES, UNEMITTED_EVENT_TYPES } from './socket-events';

export interface Emission<E extends ServerEventName = ServerEventName> {
  rooms: string[];
  event: E;
  payload: ServerEventPayload<E>;
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Staff who should hear about a ticket: admins, staff who opened it
 * (`ticket:<id>:staff`), its assignee, and the whole `staff` room while the
 * ticket is in the unassigned queue (or just left it). Agents never hear about
 * tickets assigned to someone else (SPEC section 1: an agent sees their own
 * tickets and the queue).
 */
export function staffRooms(event: DomainEventPayload): string[] {
  const { ticket } = event;
  const rooms = [ADMINS_ROOM, ticketStaffRoom(ticket.id)];
  if (ticket.assigneeId !== null) rooms.push(userRoom(ticket.assigneeId));
  const previousAssignee = event.type === 'ticket.assigned' ? num(event.data.from) : undefined;
  if (ticket.assigneeId === null || previousAssignee === null) rooms.push(STAFF_ROOM);
  if (typeof previousAssignee === 'number') rooms.push(userRoom(previousAssignee));
  return rooms;
}

/** The rooms of the ticket's customer and group members. */
export function customerRooms(event: DomainEventPayload): string[] {
  return ticketCustomers(event).map(userRoom);
}

function canonical(event: DomainEventPayload, eventId: string) {
  return {
    eventId,
    ticketId: event.ticket.id,
    ticketNumber: event.ticket.ticketNumber,
    actor: { id: event.actor.id, role: event.actor.role },
    occurredAt: event.occurredAt,
  };
}

function canonicalEmission(event: DomainEventPayload, eventId: string): Emission | null {
  const { ticket, data } = event;
  const base = canonical(event, eventId);
  const everyone = [...customerRooms(event), ticketRoom(ticket.id), ...staffRooms(event)];
  const ticketUpdated = (change: ServerEventPayload<'support:ticket_updated'>['change']): Emission<'support:ticket_updated'> => ({
    rooms: everyone,
    event: 'support:ticket_updated',
    payload: {
      ...base,
      change,
      status: ticket.status,
      priority: ticket.priority,
      assigneeId: ticket.assigneeId,
      escalationLevel: ticket.escalationLevel,
      details: change === 'created' ? {} : data,
    },
  });

  switch (event.type) {
    case 'ticket.created':
      return ticketUpdated('created');
    case 'ticket.status_changed':
      return ticketUpdated('status_changed');
    case 'ticket.escalated':
      return ticketUpdated('escalated');
    case 'ticket.closed':
      return ticketUpdated('closed');
    case 'ticket.updated':
      return ticketUpdated('updated');
    case 'ticket.assigned':
      return {
        rooms: staffRooms(event),
        event: 'support:ticket_assigned',
        payload: { ...base, assigneeId: num(data.to) ?? ticket.assigneeId, previousAssigneeId: num(data.from), status: ticket.status },
      } satisfies Emission<'support:ticket_assigned'>;
    case 'message.created':
      return {
        rooms: everyone,
        event: 'support:message_created',
        payload: {
          ...base,
          messageId: num(data.messageId) ?? 0,
          senderType: data.senderType === 'admin' ? 'admin' : 'customer',
          preview: typeof data.preview === 'string' ? data.preview : '',
        },
      } satisfies Emission<'support:message_created'>;
    case 'message.read':
      return {
        rooms: everyone,
        event: 'support:message_read',
        payload: { ...base, messageId: num(data.messageId) ?? 0, readerId: num(data.readerId) ?? event.actor.id },
      } satisfies Emission<'support:message_read'>;
    case 'note.created':
      return {
        rooms: staffRooms(event),
        event: 'support:note_created',
        payload: { ...base, noteId: num(data.noteId) ?? 0 },
      } satisfies Emission<'support:note_created'>;
    case 'ticket.sla_warning':
      return {
        rooms: staffRooms(event),
        event: 'support:sla_warning',
        payload: { ...base, metric: data.metric as SlaEvent['metric'], dueAt: String(data.dueAt) },
      } satisfies Emission<'support:sla_warning'>;
    case 'ticket.sla_breached':
      return {
        rooms: staffRooms(event),
        event: 'support:sla_breached',
        payload: { ...base, metric: data.metric as SlaEvent['metric'], dueAt: String(data.dueAt), breachedAt: String(data.breachedAt) },
      } satisfies Emission<'support:sla_breached'>;
    case 'ticket.merged':
    case 'feedback.created':
      return null;
  }
}

/**
 * Everything a domain event becomes on the socket: the ticket surface's own
 * customer event (if that surface documents one) for the customer and group
 * members, and the canonical event. Staff-only events never go through a
 * customer presenter and are emitted to staff-only rooms.
 */
export function planEmissions(event: DomainEventPayload, eventId: string, presenters: CustomerEventPresenters): { emissions: Emission[]; rejected?: string } {
  const emissions: Emission[] = [];
  let rejected: string | undefined;
  if (UNEMITTED_EVENT_TYPES.includes(event.type)) return { emissions };
  if (!STAFF_ONLY_EVENT_TYPES.includes(event.type)) {
    const presented = presenters.present(event);
    if (presented && isVerticalEventName(presented.name)) {
      emissions.push({ rooms: customerRooms(event), event: presented.name, payload: presented.payload } as Emission);
    } else if (presented) {
      rejected = presented.name;
    }
  }
  const canonical = canonicalEmission(event, eventId);
  if (canonical) emissions.push(canonical);
  return { emissions, rejected };
}

/** A stored notification pushed to its recipient's sockets (`notification:created`). */
export function notificationEmission(userId: number, notification: NotificationView): Emission<'notification:created'> {
  return { rooms: [userRoom(userId)], event: 'notification:created', payload: { ...notification, readAt: null } };
}
