import fc from 'fast-check';
import { DOMAIN_EVENT_TYPES, DomainEventPayload, TicketOrigin } from '@mm/core';
import { CustomerEventPresenters } from '@mm/ticket';
import { planEmissions } from './socket-emissions';
import { STAFF_ONLY_EVENT_TYPES, UNEMITTED_EVENT_TYPES } from './socket-events';
import { ADMINS_ROOM, STAFF_ROOM } from './rooms';

function event(overrides: Partial<DomainEventPayload> = {}, ticket: Partial<DomainEventPayload['ticket']> = {}): DomainEventPayload {
  return {
    type: 'ticket.created',
    ticket: {
      id: 7,
      ticketNumber: 'TKT-123456-ABCDEF',
      origin: 'munch',
      serviceType: null,
      status: 'open',
      priority: 'medium',
      customerId: 1,
      groupCustomerIds: [],
      assigneeId: null,
      escalationLevel: 0,
      ...ticket,
    },
    actor: { id: 1, role: 'customer' },
    occurredAt: '2026-06-01T00:00:00.000Z',
    data: {},
    ...overrides,
  };
}

/** A presenter that would leak anything it is given: the gateway must never hand it a staff-only event. */
function leakyPresenters(): CustomerEventPresenters {
  const presenters = new CustomerEventPresenters();
  for (const origin of ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'] as TicketOrigin[]) {
    presenters.register(origin, (e) => ({ name: 'support:ticket_status', payload: { leaked: e.type } }));
  }
  return presenters;
}

describe('planEmissions', () => {
  it('sends the surface event to the customer and group members and the canonical event to them, the ticket room and the queue', () => {
    const presenters = new CustomerEventPresenters();
    presenters.register('munch', (e) => (e.type === 'ticket.created' ? { name: 'support:ticket:created', payload: { ticketId: e.ticket.id } } : null));
    const { emissions } = planEmissions(event({}, { groupCustomerIds: [2, 3] }), '42', presenters);
    expect(emissions).toEqual([
      { rooms: ['user:1', 'user:2', 'user:3'], event: 'support:ticket:created', payload: { ticketId: 7 } },
      {
        rooms: ['user:1', 'user:2', 'user:3', 'ticket:7', ADMINS_ROOM, 'ticket:7:staff', STAFF_ROOM],
        event: 'support:ticket_updated',
        payload: expect.objectContaining({ eventId: '42', change: 'created', ticketId: 7, status: 'open' }),
      },
    ]);
  });

  it('keeps an assigned ticket to its assignee and admins, and tells the previous assignee and the queue about a reassignment', () => {
    const assigned = planEmissions(event({ type: 'message.created', data: { messageId: 3, senderType: 'customer', preview: 'hi' } }, { assigneeId: 9 }), '1', new CustomerEventPresenters());
    expect(assigned.emissions[0].rooms).toEqual(['user:1', 'ticket:7', ADMINS_ROOM, 'ticket:7:staff', 'user:9']);
    const fromQueue = planEmissions(event({ type: 'ticket.assigned', data: { from: null, to: 9 } }, { assigneeId: 9 }), '2', new CustomerEventPresenters());
    expect(fromQueue.emissions).toEqual([
      { rooms: [ADMINS_ROOM, 'ticket:7:staff', 'user:9', STAFF_ROOM], event: 'support:ticket_assigned', payload: expect.objectContaining({ assigneeId: 9, previousAssigneeId: null }) },
    ]);
    const reassigned = planEmissions(event({ type: 'ticket.assigned', data: { from: 8, to: 9 } }, { assigneeId: 9 }), '3', new CustomerEventPresenters());
    expect(reassigned.emissions[0].rooms).toEqual([ADMINS_ROOM, 'ticket:7:staff', 'user:9', 'user:8']);
  });

  it('never emits an internal note to a room a customer can be in, whatever the ticket and presenters', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 4 }), fc.option(fc.integer({ min: 51, max: 99 }), { nil: null }), (group, assigneeId) => {
        const { emissions } = planEmissions(event({ type: 'note.created', data: { noteId: 1 } }, { groupCustomerIds: group, assigneeId }), '1', leakyPresenters());
        expect(emissions.map((e) => e.event)).toEqual(['support:note_created']);
        for (const room of emissions[0].rooms) {
          expect(room === STAFF_ROOM || room === ADMINS_ROOM || room === 'ticket:7:staff' || room === `user:${assigneeId}`).toBe(true);
        }
      }),
    );
  });

  it('asks the surface presenter about every event but the staff-only ones (notes, SLA warnings and breaches), sends the customer every canonical event but assignments and those, and emits nothing for the webhook-only ones (merged, feedback)', () => {
    for (const type of DOMAIN_EVENT_TYPES) {
      const { emissions } = planEmissions(event({ type, data: { from: null, to: 9 } }, { assigneeId: 9 }), '1', leakyPresenters());
      const toCustomer = emissions.filter((e) => e.rooms.includes('user:1')).map((e) => e.event);
      if (UNEMITTED_EVENT_TYPES.includes(type)) expect(emissions).toEqual([]);
      else if (STAFF_ONLY_EVENT_TYPES.includes(type)) expect(toCustomer).toEqual([]);
      else if (type === 'ticket.assigned') expect(toCustomer).toEqual(['support:ticket_status']);
      else expect(toCustomer).toEqual(['support:ticket_status', expect.stringMatching(/^support:(ticket_updated|message_created|message_read)$/)]);
    }
  });

  it('drops (and reports) a presenter event that is not in the event map', () => {
    const presenters = new CustomerEventPresenters();
    presenters.register('munch', () => ({ name: 'support:made_up', payload: {} }));
    const { emissions, rejected } = planEmissions(event(), '1', presenters);
    expect(rejected).toBe('support:made_up');
    expect(emissions.map((e) => e.event)).toEqual(['support:ticket_updated']);
  });
});
