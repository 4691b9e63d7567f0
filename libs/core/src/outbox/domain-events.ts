import type { Role } from '../context/request-context';

/**
 * The domain events written to the outbox. This is the contract between the
 * domain libraries (writers) and delivery (libs/notification: socket.io
 * gateway and in-app notifications). Statuses, priorities and categories are
 * canonical (stored) values; each consumer renders its own vocabulary.
 */
export const DOMAIN_EVENT_TYPES = [
  'ticket.created',
  'ticket.status_changed',
  'ticket.escalated',
  'ticket.closed',
  'ticket.assigned',
  'ticket.updated',
  'message.created',
  'message.read',
  'note.created',
  'ticket.sla_warning',
  'ticket.sla_breached',
  'ticket.merged',
  'feedback.created',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** Which API surface a ticket was created through; customer-facing socket events use its vocabulary. */
export type TicketOrigin = 'munch' | 'mtxi' | 'mtables' | 'helpdesk' | 'console';

export interface TicketSnapshot {
  id: number;
  ticketNumber: string;
  origin: TicketOrigin;
  /** mtxi service type (ride, order, booking, event_service, in_dining_order), else null. */
  serviceType: string | null;
  status: string;
  priority: string;
  customerId: number;
  groupCustomerIds: number[];
  assigneeId: number | null;
  escalationLevel: number;
}

export interface DomainEventPayload {
  type: DomainEventType;
  ticket: TicketSnapshot;
  actor: { id: number; role: Role };
  occurredAt: string;
  /**
   * Type-specific facts:
   * - ticket.status_changed / escalated / closed: { from, to }
   * - ticket.assigned: { from: assigneeId | null, to: assigneeId }
   * - ticket.updated: { changes: { field: { from, to } } }
   * - message.created: { messageId, senderType: 'customer' | 'admin', preview }
   * - message.read: { messageId, readerId }
   * - note.created: { noteId }   (staff only: never delivered to customers)
   * - ticket.sla_warning / ticket.sla_breached: { metric, dueAt, policyId } (+ breachedAt; staff only)
   * - ticket.merged: { mergedIntoId } (the source ticket, after its ticket.closed; for webhooks only)
   * - feedback.created: { feedbackId } (for webhooks only)
   */
  data: Record<string, unknown>;
}
