import { DomainEventPayload } from '@mm/core';
import { planNotifications } from './notification-rules';

function event(type: DomainEventPayload['type'], data: Record<string, unknown> = {}, actorId = 1, assigneeId: number | null = 9): DomainEventPayload {
  return {
    type,
    ticket: {
      id: 7,
      ticketNumber: 'TKT-1',
      origin: 'mtxi',
      serviceType: 'ride',
      status: 'in_progress',
      priority: 'medium',
      customerId: 1,
      groupCustomerIds: [2, 1],
      assigneeId,
      escalationLevel: 0,
    },
    actor: { id: actorId, role: actorId === 9 ? 'agent' : 'customer' },
    occurredAt: '2026-06-01T00:00:00.000Z',
    data,
  };
}

const who = (e: DomainEventPayload) => planNotifications(e).map((n) => [n.userId, n.kind]);

describe('planNotifications', () => {
  it('notifies the customer and group members (once each) of every customer-visible change', () => {
    expect(who(event('ticket.created'))).toEqual([
      [1, 'ticket_created'],
      [2, 'ticket_created'],
    ]);
    expect(who(event('ticket.status_changed', {}, 9))).toEqual([
      [1, 'ticket_status_changed'],
      [2, 'ticket_status_changed'],
    ]);
    expect(who(event('ticket.escalated')).map(([, kind]) => kind)).toEqual(['ticket_escalated', 'ticket_escalated']);
    expect(who(event('ticket.closed')).map(([, kind]) => kind)).toEqual(['ticket_closed', 'ticket_closed']);
    const reply = planNotifications(event('message.created', { senderType: 'admin', preview: 'Refunded' }, 9));
    expect(reply.map((n) => [n.userId, n.kind, n.params.preview])).toEqual([
      [1, 'staff_reply', 'Refunded'],
      [2, 'staff_reply', 'Refunded'],
    ]);
  });

  it('notifies the assignee of work that lands on them, not of their own actions', () => {
    expect(who(event('message.created', { senderType: 'customer', preview: 'hi' }))).toEqual([[9, 'customer_reply']]);
    expect(who(event('ticket.assigned', { from: null, to: 9 }, 5))).toEqual([[9, 'ticket_assigned']]);
    expect(who(event('ticket.assigned', { from: null, to: 9 }, 9))).toEqual([]);
    expect(who(event('message.created', { senderType: 'customer' }, 1, null))).toEqual([]);
  });

  it('notifies nobody of internal notes, read receipts and field updates', () => {
    for (const type of ['note.created', 'message.read', 'ticket.updated'] as const) expect(who(event(type))).toEqual([]);
  });
});
