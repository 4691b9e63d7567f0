import { DomainError, DomainErrorCode } from '@mm/core';
import { STAFF_STATUS_MOVES } from './staff-transitions';
import { TICKET_PRIORITIES, TicketPriority, TicketStatus } from './ticket-vocabulary';

/**
 * The status workflow of SPEC section 1, as pure functions over the part of a
 * ticket it governs. Every status change of every surface goes through here:
 *
 *   open → in_progress → on_hold ⇄ in_progress → resolved → closed
 *   escalate: open | in_progress | on_hold → escalated (customer, owner)
 *   pick-up:  escalated | open → in_progress (agent)
 *   reopen:   resolved → in_progress (staff); replies reopen resolved/closed
 */
export interface WorkflowState {
  status: TicketStatus;
  priority: TicketPriority;
  escalationLevel: number;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** Where staff may move a ticket with a status change (console "update status"); the console shares the definition. */
export const STAFF_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = STAFF_STATUS_MOVES;

const ESCALATABLE: readonly TicketStatus[] = ['open', 'in_progress', 'on_hold'];
const DONE: readonly TicketStatus[] = ['resolved', 'closed'];

export function canStaffMove(from: TicketStatus, to: TicketStatus): boolean {
  return STAFF_TRANSITIONS[from].includes(to);
}

/** A staff status change along the diagram; anything else is InvalidStatusTransition. */
export function moveByStaff(state: WorkflowState, to: TicketStatus, now: Date): WorkflowState {
  if (!canStaffMove(state.status, to)) {
    throw new DomainError(DomainErrorCode.InvalidStatusTransition, `A ticket cannot move from ${state.status} to ${to}`, { from: state.status, to });
  }
  return enter(state, to, now);
}

/** The customer escalates: one priority step up (capped at urgent) and one escalation level more. */
export function escalate(state: WorkflowState, now: Date): WorkflowState {
  if (state.status === 'escalated') throw new DomainError(DomainErrorCode.TicketAlreadyEscalated, 'Ticket already escalated');
  if (!ESCALATABLE.includes(state.status)) {
    throw new DomainError(DomainErrorCode.TicketNotEscalatable, `A ${state.status} ticket cannot be escalated`);
  }
  return {
    ...enter(state, 'escalated', now),
    priority: raisePriority(state.priority),
    escalationLevel: state.escalationLevel + 1,
  };
}

/** The customer closes a ticket, which is only possible once it is resolved. */
export function closeByCustomer(state: WorkflowState, now: Date): WorkflowState {
  if (state.status === 'closed') throw new DomainError(DomainErrorCode.TicketNotClosable, 'Ticket is already closed');
  if (state.status !== 'resolved') throw new DomainError(DomainErrorCode.TicketNotClosable, 'Only a resolved ticket can be closed');
  return enter(state, 'closed', now);
}

/** An agent takes a ticket: a new or escalated ticket is now being worked on; other statuses stay. */
export function pickUp(state: WorkflowState, now: Date): WorkflowState {
  return state.status === 'open' || state.status === 'escalated' ? enter(state, 'in_progress', now) : state;
}

/**
 * A reply reopens a finished ticket (seed 003, notes 4): the customer's to
 * `open`, staff's to `in_progress`. Other statuses stay.
 */
export function afterReply(state: WorkflowState, sender: 'customer' | 'staff', now: Date): WorkflowState {
  if (!DONE.includes(state.status)) return state;
  return enter(state, sender === 'customer' ? 'open' : 'in_progress', now);
}

export function raisePriority(priority: TicketPriority): TicketPriority {
  const index = TICKET_PRIORITIES.indexOf(priority);
  return TICKET_PRIORITIES[Math.min(index + 1, TICKET_PRIORITIES.length - 1)];
}

/** Moves to a status and keeps resolved_at / closed_at true to it; reopening clears them. */
function enter(state: WorkflowState, to: TicketStatus, now: Date): WorkflowState {
  if (to === 'resolved') return { ...state, status: to, resolvedAt: now, closedAt: null };
  if (to === 'closed') return { ...state, status: to, resolvedAt: state.resolvedAt ?? now, closedAt: now };
  return { ...state, status: to, resolvedAt: null, closedAt: null };
}
