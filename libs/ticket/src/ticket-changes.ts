import { EntityManager } from 'typeorm';
import { Actor, DomainEventType, recordEvent, TicketSnapshot } from '@mm/core';
import { TicketChangeType } from './ticket-history.entity';
import { Ticket } from './ticket.entity';
import { TicketStatus } from './ticket-vocabulary';
import { WorkflowState } from './ticket-workflow';

export function toSnapshot(ticket: Ticket): TicketSnapshot {
  return {
    id: ticket.id,
    ticketNumber: ticket.ticketNumber,
    origin: ticket.origin,
    serviceType: ticket.serviceType,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customerId,
    groupCustomerIds: ticket.groupCustomerIds,
    assigneeId: ticket.assigneeId,
    escalationLevel: ticket.escalationLevel,
  };
}

export interface TicketChange {
  history: TicketChangeType;
  event: DomainEventType;
  from?: string | null;
  to?: string | null;
  /** Further facts, stored in the history entry and added to the event's data. */
  details?: Record<string, unknown>;
  /** The event's facts when they must differ from the history's: staff-only values (tags) stay out of events customers receive. */
  eventDetails?: Record<string, unknown>;
}

/**
 * Every ticket change ends here: one history entry and one outbox event, both
 * in the caller's transaction (so they commit, or vanish, with the change).
 * `ticket` is the ticket as it is after the change.
 */
export async function recordTicketChange(manager: EntityManager, ticket: Ticket, actor: Actor, change: TicketChange, at: Date): Promise<void> {
  const fromTo = change.from !== undefined || change.to !== undefined ? { from: change.from ?? null, to: change.to ?? null } : {};
  // The history entry rides in the event's statement: one round trip for both.
  const history = {
    sql: `INSERT INTO ticket_history (ticket_id, actor_id, actor_role, type, from_value, to_value, details, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    params: [ticket.id, actor.role === 'service' ? null : actor.id, actor.role, change.history, change.from ?? null, change.to ?? null, change.details ?? null, at],
  };
  const event = { type: change.event, ticket: toSnapshot(ticket), actor: { id: actor.id, role: actor.role }, occurredAt: at.toISOString(), data: { ...fromTo, ...(change.eventDetails ?? change.details) } };
  await recordEvent(manager, event, history);
}

/** Which history entry and event a move into `to` is: closing and escalating have their own. */
function statusChange(to: TicketStatus): Pick<TicketChange, 'history' | 'event'> {
  if (to === 'closed') return { history: 'closed', event: 'ticket.closed' };
  if (to === 'escalated') return { history: 'escalated', event: 'ticket.escalated' };
  return { history: 'status_changed', event: 'ticket.status_changed' };
}

/**
 * Stores a workflow step (see ticket-workflow.ts) on a locked ticket and
 * records it. Returns the ticket as it is now; a step that leaves the status
 * as it was (a reply to an open ticket) changes and records nothing.
 */
export async function applyWorkflow(manager: EntityManager, ticket: Ticket, next: WorkflowState, actor: Actor, at: Date): Promise<Ticket> {
  if (next.status === ticket.status) return ticket;
  const before = { status: ticket.status, priority: ticket.priority, escalationLevel: ticket.escalationLevel };
  const changes = {
    status: next.status,
    priority: next.priority,
    escalationLevel: next.escalationLevel,
    resolvedAt: next.resolvedAt,
    closedAt: next.closedAt,
    updatedAt: at,
  };
  await manager.update(Ticket, { id: ticket.id }, changes);
  const updated = Object.assign(ticket, changes);

  const details: Record<string, unknown> = {};
  if (before.priority !== next.priority) details.priority = { from: before.priority, to: next.priority };
  if (before.escalationLevel !== next.escalationLevel) details.escalationLevel = { from: before.escalationLevel, to: next.escalationLevel };
  await recordTicketChange(manager, updated, actor, { ...statusChange(next.status), from: before.status, to: next.status, details: Object.keys(details).length ? details : undefined }, at);
  return updated;
}
