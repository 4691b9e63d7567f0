import { DomainError, DomainErrorCode } from '@mm/core';
import { afterReply, canStaffMove, closeByCustomer, escalate, moveByStaff, pickUp, raisePriority, WorkflowState } from './ticket-workflow';
import { TICKET_STATUSES, TicketStatus } from './ticket-vocabulary';

const NOW = new Date('2026-03-01T12:00:00Z');
const EARLIER = new Date('2026-02-28T09:00:00Z');

function state(status: TicketStatus, extra: Partial<WorkflowState> = {}): WorkflowState {
  return {
    status,
    priority: 'medium',
    escalationLevel: 0,
    resolvedAt: status === 'resolved' || status === 'closed' ? EARLIER : null,
    closedAt: status === 'closed' ? EARLIER : null,
    ...extra,
  };
}

function refusal(fn: () => unknown): DomainErrorCode | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('ticket workflow', () => {
  describe('staff status changes: every pair of statuses', () => {
    const allowed: [TicketStatus, TicketStatus][] = [
      ['open', 'in_progress'],
      ['in_progress', 'on_hold'],
      ['in_progress', 'resolved'],
      ['on_hold', 'in_progress'],
      ['escalated', 'in_progress'],
      ['resolved', 'closed'],
      ['resolved', 'in_progress'],
    ];
    const isAllowed = (from: TicketStatus, to: TicketStatus) => allowed.some(([f, t]) => f === from && t === to);
    const pairs = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.map((to) => [from, to] as [TicketStatus, TicketStatus]));

    it.each(pairs.filter(([f, t]) => isAllowed(f, t)))('allows %s → %s', (from, to) => {
      expect(canStaffMove(from, to)).toBe(true);
      expect(moveByStaff(state(from), to, NOW).status).toBe(to);
    });

    it.each(pairs.filter(([f, t]) => !isAllowed(f, t)))('refuses %s → %s with InvalidStatusTransition', (from, to) => {
      expect(canStaffMove(from, to)).toBe(false);
      expect(refusal(() => moveByStaff(state(from), to, NOW))).toBe(DomainErrorCode.InvalidStatusTransition);
    });

    it('sets resolved_at when resolving and keeps it when closing', () => {
      const resolved = moveByStaff(state('in_progress'), 'resolved', NOW);
      expect(resolved).toMatchObject({ resolvedAt: NOW, closedAt: null });
      const later = new Date(NOW.getTime() + 60_000);
      expect(moveByStaff(resolved, 'closed', later)).toMatchObject({ status: 'closed', resolvedAt: NOW, closedAt: later });
    });

    it('clears resolved_at when staff reopen a resolved ticket', () => {
      expect(moveByStaff(state('resolved'), 'in_progress', NOW)).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null });
    });

    it('leaves priority and escalation level alone', () => {
      const moved = moveByStaff(state('escalated', { priority: 'high', escalationLevel: 2 }), 'in_progress', NOW);
      expect(moved).toMatchObject({ priority: 'high', escalationLevel: 2 });
    });
  });

  describe('escalate', () => {
    it.each(['open', 'in_progress', 'on_hold'] as TicketStatus[])('escalates a %s ticket: priority one step up, level +1', (from) => {
      expect(escalate(state(from, { priority: 'low', escalationLevel: 0 }), NOW)).toEqual({
        status: 'escalated',
        priority: 'medium',
        escalationLevel: 1,
        resolvedAt: null,
        closedAt: null,
      });
    });

    it('raises priority low → medium → high → urgent and caps at urgent', () => {
      expect(raisePriority('low')).toBe('medium');
      expect(raisePriority('medium')).toBe('high');
      expect(raisePriority('high')).toBe('urgent');
      expect(raisePriority('urgent')).toBe('urgent');
      expect(escalate(state('open', { priority: 'urgent', escalationLevel: 3 }), NOW)).toMatchObject({ priority: 'urgent', escalationLevel: 4 });
    });

    it('refuses an escalated ticket with TicketAlreadyEscalated', () => {
      expect(refusal(() => escalate(state('escalated'), NOW))).toBe(DomainErrorCode.TicketAlreadyEscalated);
    });

    it.each(['resolved', 'closed'] as TicketStatus[])('refuses a %s ticket with TicketNotEscalatable', (from) => {
      expect(refusal(() => escalate(state(from), NOW))).toBe(DomainErrorCode.TicketNotEscalatable);
    });

    it('may escalate again after an agent picked the escalated ticket up', () => {
      const once = escalate(state('open'), NOW);
      const again = escalate(pickUp(once, NOW), NOW);
      expect(again).toMatchObject({ status: 'escalated', priority: 'urgent', escalationLevel: 2 });
    });
  });

  describe('close (customer)', () => {
    it('closes a resolved ticket and sets closed_at, keeping resolved_at', () => {
      expect(closeByCustomer(state('resolved'), NOW)).toMatchObject({ status: 'closed', resolvedAt: EARLIER, closedAt: NOW });
    });

    it.each(['open', 'in_progress', 'on_hold', 'escalated', 'closed'] as TicketStatus[])('refuses a %s ticket with TicketNotClosable', (from) => {
      expect(refusal(() => closeByCustomer(state(from), NOW))).toBe(DomainErrorCode.TicketNotClosable);
    });
  });

  describe('pick-up (agent)', () => {
    it.each(['open', 'escalated'] as TicketStatus[])('moves a %s ticket to in_progress', (from) => {
      expect(pickUp(state(from), NOW).status).toBe('in_progress');
    });

    it.each(['in_progress', 'on_hold', 'resolved', 'closed'] as TicketStatus[])('leaves a %s ticket as it is', (from) => {
      expect(pickUp(state(from), NOW)).toEqual(state(from));
    });
  });

  describe('replies reopen finished tickets', () => {
    it.each(['resolved', 'closed'] as TicketStatus[])('a customer reply on a %s ticket sets open and clears the timestamps', (from) => {
      expect(afterReply(state(from), 'customer', NOW)).toMatchObject({ status: 'open', resolvedAt: null, closedAt: null });
    });

    it.each(['resolved', 'closed'] as TicketStatus[])('a staff reply on a %s ticket sets in_progress', (from) => {
      expect(afterReply(state(from), 'staff', NOW)).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null });
    });

    it.each(['open', 'in_progress', 'on_hold', 'escalated'] as TicketStatus[])('a reply leaves a %s ticket as it is', (from) => {
      expect(afterReply(state(from), 'customer', NOW)).toEqual(state(from));
      expect(afterReply(state(from), 'staff', NOW)).toEqual(state(from));
    });
  });
});
