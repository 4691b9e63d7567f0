import type { DomainEventType, Role } from '@mm/core';

/**
 * Every socket.io event of the service. The vertical events are the seeds'
 * own (000, 001, 002): their payloads are defined and built by each surface's
 * CustomerEventPresenter (munch.presenter.ts, mtxi.presenter.ts,
 * mtables.presenter.ts) in its vocabulary. The canonical events (SPEC
 * section 3) and their payloads are defined here, in stored (lower snake) values.
 */

/** A vertical surface's payload, as its presenter builds it. */
export type VerticalEventPayload = Record<string, unknown>;

/** Shared by the canonical events: which outbox event this is (for de-duplication: delivery is at least once). */
interface CanonicalEventBase {
  eventId: string;
  ticketId: number;
  ticketNumber: string;
  actor: { id: number; role: Role };
  occurredAt: string;
}

export interface TicketUpdatedEvent extends CanonicalEventBase {
  /** What happened: created, status_changed, escalated, closed or updated. */
  change: 'created' | 'status_changed' | 'escalated' | 'closed' | 'updated';
  status: string;
  priority: string;
  assigneeId: number | null;
  escalationLevel: number;
  /** status changes: `{from, to}`; updates: `{changes: {field: {from, to}}}`; created: `{}`. */
  details: Record<string, unknown>;
}

export interface TicketAssignedEvent extends CanonicalEventBase {
  /** null: the ticket went back to the unassigned queue (its agent was deactivated). */
  assigneeId: number | null;
  previousAssigneeId: number | null;
  status: string;
}

export interface MessageCreatedEvent extends CanonicalEventBase {
  messageId: number;
  senderType: 'customer' | 'admin';
  preview: string;
}

export interface MessageReadEvent extends CanonicalEventBase {
  messageId: number;
  readerId: number;
}

export interface NoteCreatedEvent extends CanonicalEventBase {
  noteId: number;
}

/** SPEC 7.2: a clock of the ticket reached 80 % of its target (warning) or its target (breached). Staff only. */
export interface SlaEvent extends CanonicalEventBase {
  metric: 'first_reply' | 'next_reply' | 'resolution';
  dueAt: string;
}
export interface SlaBreachedEvent extends SlaEvent {
  breachedAt: string;
}

export interface NotificationCreatedEvent {
  id: number;
  kind: string;
  title: string;
  body: string;
  locale: string;
  ticketId: number | null;
  ticketNumber: string | null;
  readAt: null;
  createdAt: string;
}

export interface ServerToClientEvents {
  // vertical customer events (seeds 000-002); mtxi and mtables share two names
  'support:ticket:created': (payload: VerticalEventPayload) => void;
  'support:ticket:escalated': (payload: VerticalEventPayload) => void;
  'support:ticket_created': (payload: VerticalEventPayload) => void;
  'support:ticket_escalated': (payload: VerticalEventPayload) => void;
  'support:ticket_closed': (payload: VerticalEventPayload) => void;
  'support:ticket_status': (payload: VerticalEventPayload) => void;
  // canonical (SPEC section 3)
  'support:ticket_updated': (payload: TicketUpdatedEvent) => void;
  'support:ticket_assigned': (payload: TicketAssignedEvent) => void;
  'support:message_created': (payload: MessageCreatedEvent) => void;
  'support:message_read': (payload: MessageReadEvent) => void;
  /** Staff only: never emitted to a room a customer can be in. */
  'support:note_created': (payload: NoteCreatedEvent) => void;
  /** Staff only. */
  'support:sla_warning': (payload: SlaEvent) => void;
  /** Staff only. */
  'support:sla_breached': (payload: SlaBreachedEvent) => void;
  'notification:created': (payload: NotificationCreatedEvent) => void;
  /**
   * Sent to the connecting socket alone on every (re)connection. It gives the
   * client a recovery offset at once, so a client that disconnects before any
   * other event still gets what it missed when it comes back within two minutes.
   */
  'session:ready': (payload: { userId: number; role: Role; recovered: boolean }) => void;
  /** To the agent alone (`user:<id>`) when an admin approves them: the "waiting for approval" page moves on live. */
  'account:approved': (payload: { userId: number }) => void;
  /** Staff in `ticket:<id>:staff`: who views the ticket and who is typing there (SPEC 7.3 collision). */
  'support:ticket_viewers': (payload: TicketViewersEvent) => void;
  /** Staff: an agent's availability changed (SPEC 7.3). */
  'support:agent_availability': (payload: { agentId: number; status: 'online' | 'away' | 'offline' }) => void;
}

export interface TicketViewersEvent {
  ticketId: number;
  viewers: Array<{ id: number; name: string; typing: boolean }>;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

export const VERTICAL_EVENT_NAMES = [
  'support:ticket:created',
  'support:ticket:escalated',
  'support:ticket_created',
  'support:ticket_escalated',
  'support:ticket_closed',
  'support:ticket_status',
] as const satisfies readonly ServerEventName[];
export type VerticalEventName = (typeof VERTICAL_EVENT_NAMES)[number];

export function isVerticalEventName(name: string): name is VerticalEventName {
  return (VERTICAL_EVENT_NAMES as readonly string[]).includes(name);
}

/** What a vertical surface's CustomerEventPresenter should return, typed by this map. */
export type VerticalSocketEvent = { [E in VerticalEventName]: { name: E; payload: ServerEventPayload<E> } }[VerticalEventName];

export interface JoinRequest {
  ticketId: number;
}
export type JoinAck =
  | { ok: true; room: string }
  | { ok: false; error: { code: 'INVALID_REQUEST' | 'TICKET_NOT_FOUND' | 'INTERNAL_ERROR'; message: string } }
  /** Over the rate limits: retry after `retryAfter` seconds. */
  | { ok: false; error: { code: 'RATE_LIMITED'; message: string; retryAfter: number } };

export interface ClientToServerEvents {
  /** Join `ticket:<id>` (only if the caller may read the ticket); acknowledged. */
  join: (request: JoinRequest, ack: (result: JoinAck) => void) => void;
  leave: (request: JoinRequest, ack: (result: JoinAck) => void) => void;
  /** Staff in the ticket's room say whether they are typing there. */
  'ticket:typing': (request: { ticketId: number; typing: boolean }, ack: (result: TypingAck) => void) => void;
}

export type TypingAck = { ok: true } | { ok: false; error: { code: 'INVALID_REQUEST' | 'TICKET_NOT_FOUND'; message: string } };

/** The actor established at the handshake. */
export interface SocketData {
  actor: { id: number; role: Role; approved: boolean; permissions: string[] };
  /** Tickets this (staff) socket is typing in; read across instances by fetchSockets. */
  typingIn?: number[];
}

/** Which domain events customers may see at all; everything else is staff only. */
export const STAFF_ONLY_EVENT_TYPES: readonly DomainEventType[] = ['note.created', 'ticket.sla_warning', 'ticket.sla_breached'];

/** Events for webhooks only: sockets hear a merge as the source's `ticket.closed` and the target's `ticket.updated`; feedback has no live event. */
export const UNEMITTED_EVENT_TYPES: readonly DomainEventType[] = ['ticket.merged', 'feedback.created'];
