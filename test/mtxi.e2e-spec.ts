import { TICKET_NUMBER_PATTERN } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const BASE = '/api/customer/mtxi/support';
const DAILY_LIMIT = { code: 'DAILY_LIMIT_REACHED', message: 'Daily limit of 5 rewarded support interactions reached; no points awarded' };

describe('mtxi customer support (seed 001)', () => {
  const { app, factories, tickets, desk } = useTestApp();
  let admin: Person;

  beforeAll(async () => {
    admin = await factories.admin();
  });

  const create = (customer: Person, body: Record<string, unknown>) => app.http.post(BASE, body, { token: customer.token });

  const rideTicket = (customer: Person, extra: Record<string, unknown> = {}) => desk.createTicket(customer, 'mtxi', { description: 'Payment was charged twice', ...extra });

  function expectError(res: { status: number; body: any }, status: number, code: string, message?: string) {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ status: 'error', code, ...(message ? { message } : {}) });
  }

  describe('POST / (create)', () => {
    it('creates a ride ticket with group members who rode along: 200 with ticketId and gamificationError null', async () => {
      const [owner, friend, other] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const ride = await factories.ride(owner.user.id, { passengerIds: [friend.user.id, other.user.id] });
      const res = await create(owner, {
        serviceType: 'ride',
        issueType: 'PAYMENT_ISSUE',
        description: 'Payment was charged twice',
        rideId: ride.id,
        groupCustomerIds: [friend.user.id, other.user.id, friend.user.id, owner.user.id],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        message: 'Support ticket created',
        data: { ticketId: expect.any(Number), ticketNumber: expect.stringMatching(TICKET_NUMBER_PATTERN), gamificationError: null },
      });
      expect(await tickets.ticket(res.body.data.ticketId)).toMatchObject({
        origin: 'mtxi',
        serviceType: 'ride',
        rideId: ride.id,
        orderId: null,
        bookingId: null,
        customerId: owner.user.id,
        groupCustomerIds: [friend.user.id, other.user.id],
        category: 'payment_issue',
        subject: `Payment issue — ride ${ride.id}`,
      });
      const [event] = await tickets.outbox(res.body.data.ticketId);
      expect(event.payload.ticket).toMatchObject({ origin: 'mtxi', serviceType: 'ride', groupCustomerIds: [friend.user.id, other.user.id] });
    });

    it('points each service type at its reference: order → munch order, booking / event_service → booking, in_dining_order → mtables order', async () => {
      const customer = await factories.customer();
      const munchOrder = await factories.order(customer.user.id, 'munch');
      const mtablesOrder = await factories.order(customer.user.id, 'mtables');
      const booking = await factories.booking(customer.user.id);
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ serviceType: 'order', orderId: munchOrder.id }, { orderId: munchOrder.id, subject: `Delivery issue — order ${munchOrder.orderNumber}` }],
        [{ serviceType: 'booking', bookingId: booking.id }, { bookingId: booking.id, subject: `Delivery issue — booking ${booking.bookingNumber}` }],
        [{ serviceType: 'EVENT_SERVICE', bookingId: booking.id }, { serviceType: 'event_service', bookingId: booking.id }],
        [{ serviceType: 'in_dining_order', orderId: mtablesOrder.id, rideId: null }, { serviceType: 'in_dining_order', orderId: mtablesOrder.id }],
      ];
      for (const [body, stored] of cases) {
        const res = await create(customer, { issueType: 'delivery_issue', description: 'Something went wrong', ...body });
        expect(res.status).toBe(200);
        expect(await tickets.ticket(res.body.data.ticketId)).toMatchObject(stored);
      }
    });

    it('lets a passenger open a ticket about a ride they were on', async () => {
      const [driverCustomer, passenger] = [await factories.customer(), await factories.customer()];
      const ride = await factories.ride(driverCustomer.user.id, { passengerIds: [passenger.user.id] });
      const res = await create(passenger, { serviceType: 'ride', issueType: 'SERVICE_QUALITY', description: 'Rude driver', rideId: ride.id });
      expect(res.status).toBe(200);
    });

    it('refuses an unknown service type (400 INVALID_SERVICE_TYPE) and issue type (400 INVALID_ISSUE_TYPE)', async () => {
      const customer = await factories.customer();
      const ride = await factories.ride(customer.user.id);
      expectError(
        await create(customer, { serviceType: 'flight', issueType: 'PAYMENT_ISSUE', description: 'x', rideId: ride.id }),
        400,
        'INVALID_SERVICE_TYPE',
        'Invalid service type',
      );
      expectError(await create(customer, { serviceType: 'ride', issueType: 'LOST', description: 'x', rideId: ride.id }), 400, 'INVALID_ISSUE_TYPE', 'Invalid issue type');
    });

    it('refuses a missing or mismatched reference: 400 INVALID_TICKET', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id);
      const ride = await factories.ride(customer.user.id);
      const missing = await create(customer, { serviceType: 'ride', issueType: 'OTHER', description: 'x' });
      expectError(missing, 400, 'INVALID_TICKET', 'rideId is required for serviceType ride');
      const mismatched = await create(customer, { serviceType: 'ride', issueType: 'OTHER', description: 'x', rideId: ride.id, orderId: order.id });
      expectError(mismatched, 400, 'INVALID_TICKET', 'orderId does not apply for serviceType ride');
    });

    it("refuses another customer's ride, order or booking: RIDE_NOT_FOUND, ORDER_FAILED, BOOKING_FAILED", async () => {
      const [me, other] = [await factories.customer(), await factories.customer()];
      const ride = await factories.ride(other.user.id);
      const order = await factories.order(other.user.id, 'munch');
      const booking = await factories.booking(other.user.id);
      const base = { issueType: 'OTHER', description: 'Not mine' };
      expectError(await create(me, { ...base, serviceType: 'ride', rideId: ride.id }), 400, 'RIDE_NOT_FOUND', 'Ride not found');
      expectError(await create(me, { ...base, serviceType: 'order', orderId: order.id }), 400, 'ORDER_FAILED', 'Order not found');
      expectError(await create(me, { ...base, serviceType: 'booking', bookingId: booking.id }), 400, 'BOOKING_FAILED', 'Booking not found');
      expectError(await create(me, { ...base, serviceType: 'ride', rideId: 2_000_000_000 }), 400, 'RIDE_NOT_FOUND');
      const mine = await factories.order(me.user.id, 'munch');
      expectError(await create(me, { ...base, serviceType: 'in_dining_order', orderId: mine.id }), 400, 'ORDER_FAILED');
      expect(await tickets.ledger(me.user.id)).toEqual([]);
    });

    it('refuses unknown group members, staff, and people who were not on a ride that lists passengers: 400 CUSTOMER_NOT_FOUND', async () => {
      const [owner, passenger, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const agent = await factories.agent();
      const ride = await factories.ride(owner.user.id, { passengerIds: [passenger.user.id] });
      const base = { serviceType: 'ride', issueType: 'OTHER', description: 'Group issue', rideId: ride.id };
      for (const groupCustomerIds of [[2_000_000_000], [agent.user.id], [passenger.user.id, stranger.user.id]]) {
        expectError(await create(owner, { ...base, groupCustomerIds }), 400, 'CUSTOMER_NOT_FOUND', 'Customer or group member not found');
      }
      // A ride without a passenger list: any existing customer may be a group member.
      const soloRide = await factories.ride(owner.user.id);
      expect((await create(owner, { ...base, rideId: soloRide.id, groupCustomerIds: [stranger.user.id] })).status).toBe(200);
    });

    it('validates the body: 400 INVALID_TICKET with errors keyed by the request fields', async () => {
      const customer = await factories.customer();
      const res = await create(customer, { serviceType: 'ride', issueType: 'OTHER', description: '   ', rideId: 'one', groupCustomerIds: [1, 'two'] });
      expectError(res, 400, 'INVALID_TICKET', 'Invalid ticket reference or configuration');
      expect(Object.keys(res.body.errors).sort()).toEqual(['description', 'groupCustomerIds', 'rideId']);
      const tooMany = await create(customer, { serviceType: 'ride', issueType: 'OTHER', description: 'x', rideId: 1, groupCustomerIds: Array.from({ length: 21 }, (_, i) => i + 1) });
      expect(tooMany.body.errors).toEqual({ groupCustomerIds: ['groupCustomerIds must contain no more than 20 elements'] });
      expectError(await create(customer, {}), 400, 'INVALID_TICKET');
    });

    it('is 401 without a token and 403 for staff or a token without create_support_ticket', async () => {
      const res = await app.http.post(BASE, { serviceType: 'ride' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' });
      const customer = await factories.customer();
      for (const token of [admin.token, tickets.tokenWith(customer, ['track_support_ticket'])]) {
        const denied = await app.http.post(BASE, { serviceType: 'ride' }, { token });
        expect(denied.status).toBe(403);
        expect(denied.body).toEqual({ status: 'error', code: 'PERMISSION_DENIED', message: 'Insufficient permissions' });
      }
    });
  });

  describe('GET /{ticketId} (track)', () => {
    it('returns the ticket in mtxi vocabulary with its ride, order and booking', async () => {
      const customer = await factories.customer();
      const ride = await factories.ride(customer.user.id, { pickupLocation: '1 Harbour Rd', dropoffLocation: '9 Hill St' });
      const created = await create(customer, { serviceType: 'ride', issueType: 'payment_issue', description: 'Payment was charged twice', rideId: ride.id });
      const ticketId = created.body.data.ticketId;
      const res = await app.http.get(`${BASE}/${ticketId}`, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        message: 'Ticket status retrieved',
        data: {
          ticketId,
          ticketNumber: created.body.data.ticketNumber,
          serviceType: 'ride',
          issueType: 'PAYMENT_ISSUE',
          status: 'OPEN',
          priority: 'MEDIUM',
          description: 'Payment was charged twice',
          groupCustomerIds: [],
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          ride: { id: ride.id, pickupLocation: '1 Harbour Rd', dropoffLocation: '9 Hill St' },
          order: null,
          booking: null,
        },
      });

      const booking = await factories.booking(customer.user.id);
      const bookingTicket = await create(customer, { serviceType: 'booking', issueType: 'BOOKING_ISSUE', description: 'Table not ready', bookingId: booking.id });
      const tracked = await app.http.get(`${BASE}/${bookingTicket.body.data.ticketId}`, { token: customer.token });
      expect(tracked.body.data).toMatchObject({
        ride: null,
        order: null,
        booking: { id: booking.id, bookingNumber: booking.bookingNumber, status: 'confirmed', venueName: 'Chez Test', startsAt: '2026-12-24T19:00:00.000Z' },
      });
      const order = await factories.order(customer.user.id, 'munch');
      const orderTicket = await create(customer, { serviceType: 'order', issueType: 'DELIVERY_ISSUE', description: 'Cold food', orderId: order.id });
      expect((await app.http.get(`${BASE}/${orderTicket.body.data.ticketId}`, { token: customer.token })).body.data.order).toEqual({
        id: order.id,
        orderNumber: order.orderNumber,
        status: 'delivered',
      });
    });

    it('lets a group member read the ticket, and nobody else: 404 SUPPORT_TICKET_NOT_FOUND', async () => {
      const [owner, member, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const ticketId = await rideTicket(owner, { groupCustomerIds: [member.user.id] });
      expect((await app.http.get(`${BASE}/${ticketId}`, { token: member.token })).status).toBe(200);
      for (const id of [ticketId, 2_000_000_000]) {
        const res = await app.http.get(`${BASE}/${id}`, { token: stranger.token });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ status: 'error', code: 'SUPPORT_TICKET_NOT_FOUND', message: 'Ticket not found' });
      }
    });

    it('answers 400 INVALID_TICKET for an invalid ticket id', async () => {
      const customer = await factories.customer();
      for (const id of ['abc', '0', '1e999', '12345678901']) {
        const res = await app.http.get(`${BASE}/${id}`, { token: customer.token });
        expectError(res, 400, 'INVALID_TICKET');
        expect(res.body.errors.ticketId).toEqual(expect.any(Array));
      }
    });

    it('is 401 without a token and 403 without track_support_ticket', async () => {
      const customer = await factories.customer();
      const ticketId = await rideTicket(customer);
      expect((await app.http.get(`${BASE}/${ticketId}`)).status).toBe(401);
      expectError(await app.http.get(`${BASE}/${ticketId}`, { token: tickets.tokenWith(customer, ['view_support_ticket']) }), 403, 'PERMISSION_DENIED');
    });
  });

  describe('POST /escalate', () => {
    it('escalates my ticket: 200 with gamificationError null, priority up, recorded, awarded', async () => {
      const customer = await factories.customer();
      const ticketId = await rideTicket(customer);
      const res = await app.http.post(`${BASE}/escalate`, { ticketId }, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'success', message: 'Ticket escalated', data: { ticketId, gamificationError: null } });
      expect(await tickets.ticket(ticketId)).toMatchObject({ status: 'escalated', priority: 'high', escalationLevel: 1 });
      expect((await tickets.outbox(ticketId)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.escalated']);
      expect((await tickets.ledger(customer.user.id)).map((e) => [e.reason, e.points, e.creditMinor])).toEqual([
        ['ticket_created', 10, 20],
        ['ticket_escalated', 10, 20],
      ]);
    });

    it('refuses an escalated, resolved or closed ticket: 400 SUPPORT_TICKET_NOT_ESCALATABLE', async () => {
      const customer = await factories.customer();
      const ticketId = await rideTicket(customer);
      await app.http.post(`${BASE}/escalate`, { ticketId }, { token: customer.token });
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId }, { token: customer.token }), 400, 'SUPPORT_TICKET_NOT_ESCALATABLE', 'Ticket cannot be escalated');
      await tickets.resolve(ticketId, admin);
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId }, { token: customer.token }), 400, 'SUPPORT_TICKET_NOT_ESCALATABLE');
      await app.http.post(`${BASE}/close`, { ticketId }, { token: customer.token });
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId }, { token: customer.token }), 400, 'SUPPORT_TICKET_NOT_ESCALATABLE');
      expect((await tickets.history(ticketId)).filter((h) => h.type === 'escalated')).toHaveLength(1);
    });

    it('lets only the owner escalate: a group member gets 403, a stranger 404', async () => {
      const [owner, member, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const ticketId = await rideTicket(owner, { groupCustomerIds: [member.user.id] });
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId }, { token: member.token }), 403, 'PERMISSION_DENIED', "Only the ticket's customer can do this");
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId }, { token: stranger.token }), 404, 'SUPPORT_TICKET_NOT_FOUND');
      expect((await tickets.ticket(ticketId)).status).toBe('open');
    });

    it('two concurrent escalations: one success, one refusal, one history entry, one award', async () => {
      const customer = await factories.customer();
      const ticketId = await rideTicket(customer);
      const results = await Promise.all([1, 2].map(() => app.http.post(`${BASE}/escalate`, { ticketId }, { token: customer.token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(results.find((r) => r.status === 400)!.body.code).toBe('SUPPORT_TICKET_NOT_ESCALATABLE');
      expect((await tickets.history(ticketId)).filter((h) => h.type === 'escalated')).toHaveLength(1);
      expect((await tickets.ledger(customer.user.id)).filter((e) => e.reason === 'ticket_escalated')).toHaveLength(1);
    });

    it('validates the body (400 INVALID_TICKET) and checks token and permission (401, 403)', async () => {
      const customer = await factories.customer();
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId: '1' }, { token: customer.token }), 400, 'INVALID_TICKET');
      expect((await app.http.post(`${BASE}/escalate`, { ticketId: 1 })).status).toBe(401);
      expectError(await app.http.post(`${BASE}/escalate`, { ticketId: 1 }, { token: tickets.tokenWith(customer, ['close_support_ticket']) }), 403, 'PERMISSION_DENIED');
    });
  });

  describe('POST /close', () => {
    it('refuses to close before resolution (400 INVALID_TICKET), closes once resolved (5 points), then refuses again', async () => {
      const customer = await factories.customer();
      const ticketId = await rideTicket(customer);
      expectError(await app.http.post(`${BASE}/close`, { ticketId }, { token: customer.token }), 400, 'INVALID_TICKET', 'Only a resolved ticket can be closed');

      await tickets.resolve(ticketId, admin);
      const res = await app.http.post(`${BASE}/close`, { ticketId }, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'success', message: 'Ticket closed', data: { ticketId, gamificationError: null } });
      const closed = await tickets.ticket(ticketId);
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).toBeInstanceOf(Date);
      expect(closed.resolvedAt).toBeInstanceOf(Date);
      const events = await tickets.outbox(ticketId);
      expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.status_changed', 'ticket.status_changed', 'ticket.updated', 'ticket.closed']);
      expect(events[3].payload.data).toEqual({ changes: { resolutionDetails: { from: null, to: 'Refunded the duplicate charge' } } });
      expect(events[4].payload).toMatchObject({ actor: { id: customer.user.id, role: 'customer' }, data: { from: 'resolved', to: 'closed' }, ticket: { status: 'closed' } });
      expect((await tickets.history(ticketId)).map((h) => [h.type, h.fromValue, h.toValue, h.actorRole])).toEqual([
        ['created', null, 'open', 'customer'],
        ['status_changed', 'open', 'in_progress', 'admin'],
        ['status_changed', 'in_progress', 'resolved', 'admin'],
        ['updated', null, null, 'admin'],
        ['closed', 'resolved', 'closed', 'customer'],
      ]);
      expect((await tickets.ledger(customer.user.id)).find((e) => e.reason === 'ticket_closed')).toMatchObject({ action: 'ticket_closure', points: 5, creditMinor: 0 });

      expectError(await app.http.post(`${BASE}/close`, { ticketId }, { token: customer.token }), 400, 'INVALID_TICKET', 'Ticket is already closed');
      expect((await tickets.ledger(customer.user.id)).filter((e) => e.reason === 'ticket_closed')).toHaveLength(1);
    });

    it('lets only the owner close: a group member gets 403, a stranger 404', async () => {
      const [owner, member, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const ticketId = await rideTicket(owner, { groupCustomerIds: [member.user.id] });
      await tickets.resolve(ticketId, admin);
      expectError(await app.http.post(`${BASE}/close`, { ticketId }, { token: member.token }), 403, 'PERMISSION_DENIED');
      expectError(await app.http.post(`${BASE}/close`, { ticketId }, { token: stranger.token }), 404, 'SUPPORT_TICKET_NOT_FOUND', 'Ticket not found');
      expect((await tickets.ticket(ticketId)).status).toBe('resolved');
    });

    it('validates the body (400 INVALID_TICKET) and checks token and permission (401, 403)', async () => {
      const customer = await factories.customer();
      expectError(await app.http.post(`${BASE}/close`, {}, { token: customer.token }), 400, 'INVALID_TICKET');
      expect((await app.http.post(`${BASE}/close`, { ticketId: 1 })).status).toBe(401);
      expectError(await app.http.post(`${BASE}/close`, { ticketId: 1 }, { token: tickets.tokenWith(customer, ['escalate_support_ticket']) }), 403, 'PERMISSION_DENIED');
    });
  });

  describe('retries', () => {
    it('replays a create sent twice with the same Idempotency-Key: one ticket, one award', async () => {
      const customer = await factories.customer();
      const ride = await factories.ride(customer.user.id);
      const body = { serviceType: 'ride', issueType: 'OTHER', description: 'Sent twice by a flaky network', rideId: ride.id };
      const headers = { 'idempotency-key': `create-${ride.id}` };
      const first = await app.http.post(BASE, body, { token: customer.token, headers });
      const second = await app.http.post(BASE, body, { token: customer.token, headers });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(await tickets.ledger(customer.user.id)).toHaveLength(1);
    });
  });

  describe('gamification daily cap', () => {
    it('awards at most 5 support interactions a day; later ones succeed with gamificationError; closures are not capped', async () => {
      const customer = await factories.customer();
      const ride = await factories.ride(customer.user.id);
      const body = { serviceType: 'ride', issueType: 'OTHER', description: 'Another question', rideId: ride.id };
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await create(customer, body);
        expect(res.body.data.gamificationError).toBeNull();
        ids.push(res.body.data.ticketId);
      }
      const sixth = await create(customer, body);
      expect(sixth.status).toBe(200);
      expect(sixth.body.data.gamificationError).toEqual(DAILY_LIMIT);
      expect((await tickets.ticket(sixth.body.data.ticketId)).status).toBe('open');

      const escalated = await app.http.post(`${BASE}/escalate`, { ticketId: ids[0] }, { token: customer.token });
      expect(escalated.status).toBe(200);
      expect(escalated.body.data.gamificationError).toEqual(DAILY_LIMIT);
      expect((await tickets.ticket(ids[0])).status).toBe('escalated');

      await tickets.resolve(ids[1], admin);
      const closed = await app.http.post(`${BASE}/close`, { ticketId: ids[1] }, { token: customer.token });
      expect(closed.body.data.gamificationError).toBeNull();

      const ledger = await tickets.ledger(customer.user.id);
      expect(ledger.filter((e) => e.action === 'support_interaction')).toHaveLength(5);
      expect(ledger.filter((e) => e.action === 'ticket_closure')).toHaveLength(1);
    });

    it('holds under concurrency: 8 creates at once award exactly 5', async () => {
      const customer = await factories.customer();
      const ride = await factories.ride(customer.user.id);
      const body = { serviceType: 'ride', issueType: 'OTHER', description: 'At once', rideId: ride.id };
      const results = await Promise.all(Array.from({ length: 8 }, () => create(customer, body)));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(results.filter((r) => r.body.data.gamificationError === null)).toHaveLength(5);
      expect(results.filter((r) => r.body.data.gamificationError?.code === 'DAILY_LIMIT_REACHED')).toHaveLength(3);
      expect(await tickets.ledger(customer.user.id)).toHaveLength(5);
    });
  });
});
