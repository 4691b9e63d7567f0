import { TICKET_NUMBER_PATTERN } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const BASE = '/api/customer/mtables/support/tickets';
const CREATION_FAILED = { status: 'error', code: 'SUPPORT_TICKET_CREATION_FAILED', message: 'Ticket creation error' };
const TRACKING_FAILED = { status: 'error', code: 'TICKET_STATUS_TRACKING_FAILED', message: 'Ticket status tracking error' };
const ESCALATION_FAILED = { status: 'error', code: 'TICKET_ESCALATION_FAILED', message: 'Ticket escalation error' };
const FORBIDDEN = { status: 'error', code: 'Forbidden', message: 'Permission denied' };
const UNAUTHORIZED = { status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' };

describe('mtables customer support (seed 002)', () => {
  const { app, factories, tickets, desk } = useTestApp();
  let admin: Person;

  beforeAll(async () => {
    admin = await factories.admin();
  });

  const create = (customer: Person, body: Record<string, unknown>) => app.http.post(BASE, body, { token: customer.token });

  const bookingTicket = (customer: Person) => desk.createTicket(customer, 'mtables', { issueType: 'booking_issue', description: 'Our table was given away' });

  describe('POST /tickets', () => {
    it('creates a ticket about my booking: 200 with ticketId, ticketNumber and gamificationError null', async () => {
      const customer = await factories.customer();
      const booking = await factories.booking(customer.user.id);
      const res = await create(customer, { bookingId: booking.id, issueType: 'payment_issue', description: 'Charged twice for the deposit' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        message: 'Support ticket created',
        data: { ticketId: expect.any(Number), ticketNumber: expect.stringMatching(TICKET_NUMBER_PATTERN), gamificationError: null },
      });
      expect(await tickets.ticket(res.body.data.ticketId)).toMatchObject({
        origin: 'mtables',
        serviceType: null,
        bookingId: booking.id,
        orderId: null,
        category: 'payment_issue',
        subject: `Payment issue — booking ${booking.bookingNumber}`,
      });
      const [event] = await tickets.outbox(res.body.data.ticketId);
      expect(event).toMatchObject({ type: 'ticket.created', payload: { ticket: { origin: 'mtables', customerId: customer.user.id, status: 'open' } } });
    });

    it('accepts an in-dining order, a booking and an order together, or no reference at all', async () => {
      const customer = await factories.customer();
      const booking = await factories.booking(customer.user.id);
      const order = await factories.order(customer.user.id, 'mtables');
      const both = await create(customer, { bookingId: booking.id, orderId: order.id, issueType: 'service_quality', description: 'Cold dishes' });
      expect(both.status).toBe(200);
      expect(await tickets.ticket(both.body.data.ticketId)).toMatchObject({ bookingId: booking.id, orderId: order.id });
      const none = await create(customer, { issueType: 'other', description: 'A general question' });
      expect(none.status).toBe(200);
      expect(await tickets.ticket(none.body.data.ticketId)).toMatchObject({ bookingId: null, orderId: null, subject: 'Other' });
    });

    it("refuses another customer's booking or order, an unknown one, or a munch order: 400 SUPPORT_TICKET_CREATION_FAILED", async () => {
      const [me, other] = [await factories.customer(), await factories.customer()];
      const theirBooking = await factories.booking(other.user.id);
      const theirOrder = await factories.order(other.user.id, 'mtables');
      const munchOrder = await factories.order(me.user.id, 'munch');
      for (const ref of [{ bookingId: theirBooking.id }, { orderId: theirOrder.id }, { orderId: munchOrder.id }, { bookingId: 2_000_000_000 }]) {
        const res = await create(me, { ...ref, issueType: 'other', description: 'Not mine' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual(CREATION_FAILED);
      }
      expect(await tickets.ledger(me.user.id)).toEqual([]);
    });

    it('refuses an issue type outside the lower-snake six and invalid fields: 400 SUPPORT_TICKET_CREATION_FAILED', async () => {
      const customer = await factories.customer();
      for (const issueType of ['PAYMENT_ISSUE', 'damaged']) {
        const res = await create(customer, { issueType, description: 'Something' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual(CREATION_FAILED);
      }
      const invalid = await create(customer, { bookingId: 'x', description: '' });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject(CREATION_FAILED);
      expect(Object.keys(invalid.body.errors).sort()).toEqual(['bookingId', 'description', 'issueType']);
      const malformed = await app.http.post(BASE, undefined, { token: customer.token, raw: '{"issueType":' });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject(CREATION_FAILED);
    });

    it('is 401 without a token and 403 Forbidden for staff or without create_support_ticket', async () => {
      const res = await app.http.post(BASE, { issueType: 'other', description: 'x' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHORIZED);
      const customer = await factories.customer();
      for (const token of [(await factories.agent()).token, tickets.tokenWith(customer, ['view_support_ticket'])]) {
        const denied = await app.http.post(BASE, { issueType: 'other', description: 'x' }, { token });
        expect(denied.status).toBe(403);
        expect(denied.body).toEqual(FORBIDDEN);
      }
    });
  });

  describe('GET /tickets/{ticketId}', () => {
    it('returns my ticket with snake_case keys', async () => {
      const customer = await factories.customer();
      const ticketId = await bookingTicket(customer);
      const stored = await tickets.ticket(ticketId);
      const res = await app.http.get(`${BASE}/${ticketId}`, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        message: 'Ticket status tracked',
        data: {
          id: ticketId,
          ticket_number: stored.ticketNumber,
          status: 'open',
          issue_type: 'booking_issue',
          priority: 'medium',
          subject: stored.subject,
          description: 'Our table was given away',
          booking_id: stored.bookingId,
          order_id: null,
          escalation_level: 0,
          resolution_details: null,
          created_at: stored.createdAt.toISOString(),
          updated_at: stored.updatedAt.toISOString(),
          resolved_at: null,
          closed_at: null,
        },
      });
    });

    it("answers a missing ticket or another customer's the same way: 400 TICKET_STATUS_TRACKING_FAILED", async () => {
      const [owner, other] = [await factories.customer(), await factories.customer()];
      const ticketId = await bookingTicket(owner);
      for (const id of [ticketId, 2_000_000_000]) {
        const res = await app.http.get(`${BASE}/${id}`, { token: other.token });
        expect(res.status).toBe(400);
        expect(res.body).toEqual(TRACKING_FAILED);
      }
    });

    it('answers 400 TICKET_STATUS_TRACKING_FAILED for an invalid ticket id', async () => {
      const customer = await factories.customer();
      for (const id of ['abc', '-1', '3000000000']) {
        const res = await app.http.get(`${BASE}/${id}`, { token: customer.token });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ ...TRACKING_FAILED, errors: { ticketId: expect.any(Array) } });
      }
    });

    it('is 401 without a token and 403 Forbidden without view_support_ticket', async () => {
      const customer = await factories.customer();
      const ticketId = await bookingTicket(customer);
      expect((await app.http.get(`${BASE}/${ticketId}`)).body).toEqual(UNAUTHORIZED);
      const res = await app.http.get(`${BASE}/${ticketId}`, { token: tickets.tokenWith(customer, ['track_support_ticket']) });
      expect(res.status).toBe(403);
      expect(res.body).toEqual(FORBIDDEN);
    });
  });

  describe('POST /tickets/{ticketId}/escalate', () => {
    it('escalates my ticket: 200 with status escalated, recorded and awarded', async () => {
      const customer = await factories.customer();
      const ticketId = await bookingTicket(customer);
      const res = await app.http.post(`${BASE}/${ticketId}/escalate`, undefined, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'success', message: 'Ticket escalated', data: { ticketId, status: 'escalated', gamificationError: null } });
      expect(await tickets.ticket(ticketId)).toMatchObject({ status: 'escalated', priority: 'high', escalationLevel: 1 });
      const events = await tickets.outbox(ticketId);
      expect(events[1]).toMatchObject({ type: 'ticket.escalated', payload: { data: { from: 'open', to: 'escalated' }, ticket: { origin: 'mtables' } } });
      expect((await tickets.ledger(customer.user.id)).map((e) => e.reason)).toEqual(['ticket_created', 'ticket_escalated']);
    });

    it('refuses a second escalation, a resolved ticket and a closed one: 400 TICKET_ESCALATION_FAILED', async () => {
      const customer = await factories.customer();
      const ticketId = await bookingTicket(customer);
      await app.http.post(`${BASE}/${ticketId}/escalate`, undefined, { token: customer.token });
      const again = await app.http.post(`${BASE}/${ticketId}/escalate`, undefined, { token: customer.token });
      expect(again.status).toBe(400);
      expect(again.body).toEqual(ESCALATION_FAILED);
      await tickets.resolve(ticketId, admin);
      expect((await app.http.post(`${BASE}/${ticketId}/escalate`, undefined, { token: customer.token })).body).toEqual(ESCALATION_FAILED);
    });

    it("refuses another customer's ticket and a missing one alike: 400 TICKET_ESCALATION_FAILED, nothing changes", async () => {
      const [owner, other] = [await factories.customer(), await factories.customer()];
      const ticketId = await bookingTicket(owner);
      for (const id of [ticketId, 2_000_000_000]) {
        const res = await app.http.post(`${BASE}/${id}/escalate`, undefined, { token: other.token });
        expect(res.status).toBe(400);
        expect(res.body).toEqual(ESCALATION_FAILED);
      }
      expect((await tickets.ticket(ticketId)).status).toBe('open');
    });

    it('two concurrent escalations: one success, one TICKET_ESCALATION_FAILED, one history entry, one award', async () => {
      const customer = await factories.customer();
      const ticketId = await bookingTicket(customer);
      const results = await Promise.all([1, 2].map(() => app.http.post(`${BASE}/${ticketId}/escalate`, undefined, { token: customer.token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(results.find((r) => r.status === 400)!.body).toEqual(ESCALATION_FAILED);
      expect((await tickets.history(ticketId)).filter((h) => h.type === 'escalated')).toHaveLength(1);
      expect((await tickets.ledger(customer.user.id)).filter((e) => e.reason === 'ticket_escalated')).toHaveLength(1);
    });

    it('answers 400 TICKET_ESCALATION_FAILED for an invalid ticket id, 401 without a token, 403 without escalate_support_ticket', async () => {
      const customer = await factories.customer();
      const invalid = await app.http.post(`${BASE}/abc/escalate`, undefined, { token: customer.token });
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ ...ESCALATION_FAILED, errors: { ticketId: expect.any(Array) } });
      const ticketId = await bookingTicket(customer);
      expect((await app.http.post(`${BASE}/${ticketId}/escalate`)).body).toEqual(UNAUTHORIZED);
      const denied = await app.http.post(`${BASE}/${ticketId}/escalate`, undefined, { token: tickets.tokenWith(customer, ['view_support_ticket']) });
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual(FORBIDDEN);
    });
  });
});
