import { EntityManager } from 'typeorm';
import { Actor, DomainError, DomainErrorCode, DomainEventType, recordEvent, RequestValidationError } from '@mm/core';
import { User } from '@mm/auth';
import { moveByStaff, normalizeTags, Ticket, TicketPriority, TicketStatus, toSnapshot } from '@mm/ticket';

/** The changes a macro or a bulk request makes to one ticket (SPEC 7.4). */
export interface TicketActions {
  status?: TicketStatus;
  priority?: TicketPriority;
  addTags?: string[];
  removeTags?: string[];
  /** An agent may assign only themselves; admins any approved, active agent (null: back to the queue). */
  assigneeId?: number | null;
}

/** What the one history entry says made the change. */
export type ActionSource = { macro: { id: number; title: string }; automation?: { id: number; name: string } } | { bulk: true } | { automation: { id: number; name: string } };

type Field = 'status' | 'priority' | 'tags' | 'assigneeId';

/**
 * Applies `actions` to a ticket locked by the caller, as one change: one row
 * update, one history entry (`updated`, with every field's from/to and what
 * made it), and the events each kind of change always has (status, assignment,
 * `ticket.updated`), so notifications and sockets behave as for the single
 * changes. Refuses, before writing anything, a move the workflow does not
 * allow (400) and an assignment the actor may not make (403, or 404 for no such agent).
 */
export async function applyTicketActions(manager: EntityManager, ticket: Ticket, actor: Actor, actions: TicketActions, source: ActionSource, at: Date): Promise<Ticket> {
  const fields: Partial<Ticket> = {};
  const changes: Partial<Record<Field, { from: unknown; to: unknown }>> = {};
  if (actions.status !== undefined && actions.status !== ticket.status) {
    const next = moveByStaff(ticket, actions.status, at);
    Object.assign(fields, { status: next.status, priority: next.priority, escalationLevel: next.escalationLevel, resolvedAt: next.resolvedAt, closedAt: next.closedAt });
    changes.status = { from: ticket.status, to: next.status };
  }
  const priority = actions.priority ?? fields.priority ?? ticket.priority;
  if (priority !== ticket.priority) {
    fields.priority = priority;
    changes.priority = { from: ticket.priority, to: priority };
  }
  if (actions.addTags?.length || actions.removeTags?.length) {
    const removed = new Set(normalizeTags(actions.removeTags ?? []));
    const tags = tagsOrError([...ticket.tags, ...(actions.addTags ?? [])]).filter((tag) => !removed.has(tag));
    if (tags.join('\u0000') !== ticket.tags.join('\u0000')) {
      fields.tags = tags;
      changes.tags = { from: ticket.tags, to: tags };
    }
  }
  if (actions.assigneeId !== undefined && actions.assigneeId !== ticket.assigneeId) {
    await assertMayAssign(manager, actor, actions.assigneeId);
    fields.assigneeId = actions.assigneeId;
    changes.assigneeId = { from: ticket.assigneeId, to: actions.assigneeId };
  }
  if (!Object.keys(changes).length) return ticket;

  await manager.update(Ticket, { id: ticket.id }, { ...fields, updatedAt: at });
  const updated = Object.assign(ticket, fields, { updatedAt: at });
  const history = {
    sql: `INSERT INTO ticket_history (ticket_id, actor_id, actor_role, type, from_value, to_value, details, created_at) VALUES ($1, $2, $3, 'updated', NULL, NULL, $4, $5)`,
    params: [ticket.id, actor.role === 'service' ? null : actor.id, actor.role, { ...source, changes }, at],
  };
  let alongside: typeof history | undefined = history;
  const event = async (type: DomainEventType, data: Record<string, unknown>) => {
    await recordEvent(manager, { type, ticket: toSnapshot(updated), actor: { id: actor.id, role: actor.role }, occurredAt: at.toISOString(), data }, alongside);
    alongside = undefined;
  };
  if (changes.status) await event(statusEvent(updated.status), { from: changes.status.from, to: changes.status.to });
  if (changes.assigneeId) await event('ticket.assigned', { from: changes.assigneeId.from, to: changes.assigneeId.to });
  // Tags are staff labels: the event, which reaches the customer's apps, names the change but not their values.
  const other = (['priority', 'tags'] as const).filter((name) => changes[name]);
  if (other.length) await event('ticket.updated', { changed: other, ...(changes.priority ? { changes: { priority: changes.priority } } : {}) });
  return updated;
}

function statusEvent(to: TicketStatus): DomainEventType {
  if (to === 'closed') return 'ticket.closed';
  if (to === 'escalated') return 'ticket.escalated';
  return 'ticket.status_changed';
}

function tagsOrError(tags: string[]): string[] {
  try {
    return normalizeTags(tags);
  } catch (error) {
    if (error instanceof RequestValidationError) throw new RequestValidationError({ addTags: Object.values(error.fields).flat() });
    throw error;
  }
}

async function assertMayAssign(manager: EntityManager, actor: Actor, assigneeId: number | null): Promise<void> {
  // The service itself (an automation) assigns as an admin would; no route lets a service token reach here.
  if (actor.role !== 'admin' && actor.role !== 'service' && assigneeId !== actor.id) throw new DomainError(DomainErrorCode.PermissionDenied, 'Agents can assign tickets only to themselves');
  if (assigneeId === null || assigneeId === actor.id) return;
  // FOR SHARE, as assignment does: a deactivation of this agent waits for this change or is seen here.
  const agent = await manager.findOne(User, { where: { id: assigneeId, role: 'agent' }, select: ['id', 'approvedAt', 'deactivatedAt'], lock: { mode: 'pessimistic_read' } });
  if (!agent || agent.deactivatedAt || !agent.approvedAt) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent not found');
}
