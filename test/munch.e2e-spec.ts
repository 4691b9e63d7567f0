import { TICKET_NUMBER_PATTERN } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const BASE = '/api/customer/munch/support';

describe('munch customer support (seed 000)', () => {
  const { app, factories, tickets } = useTestApp();
  let admin: Person;

  beforeAll(async () => {
    admin = await factories.admin();
  });

  async function openTicket(customer: Person, issueType = 'PAYMENT_ISSUE') {
    const order = await factories.order(customer.user.id, 'munch');
    const res = await app.http.post(`${BASE}/ticket`, { orderId: order.id, issueType, description: 'I was charged twice for this order.' }, { token: customer.token });
    expect(res.status).toBe(200);
    return { order, ticketId: res.body.data.ticketId as number, body: res.body };
  }

  describe('POST /ticket', () => {
    it('creates a ticket about my order: 200 with id, number and status', async () => {
      const customer = await factories.customer();
      const { order, ticketId, body } = await openTicket(customer);
      expect(body).toEqual({ status: 'success', data: { ticketId: expect.any(Number), ticketNumber: expect.stringMatching(TICKET_NUMBER_PATTERN), status: 'open' } });

      const stored = await tickets.ticket(ticketId);
      expect(stored).toMatchObject({
        origin: 'munch',
        serviceType: null,
        customerId: customer.user.id,
        orderId: order.id,
        category: 'payment_issue',
        status: 'open',
        priority: 'medium',
        escalationLevel: 0,
        subject: `Payment issue — order ${order.orderNumber}`,
        description: 'I was charged twice for this order.',
      });
    });

    it('records the creation in the history and the outbox, and awards the interaction, in the same transaction', async () => {
      const customer = await factories.customer();
      const { ticketId, body } = await openTicket(customer);
      expect(await tickets.history(ticketId)).toMatchObject([{ type: 'created', actorId: customer.user.id, actorRole: 'customer', fromValue: null, toValue: 'open' }]);
      const [event] = await tickets.outbox(ticketId);
      expect(event).toEqual({
        type: 'ticket.created',
        payload: {
          type: 'ticket.created',
          ticket: {
            id: ticketId,
            ticketNumber: body.data.ticketNumber,
            origin: 'munch',
            serviceType: null,
            status: 'open',
            priority: 'medium',
            customerId: customer.user.id,
            groupCustomerIds: [],
            assigneeId: null,
            escalationLevel: 0,
          },
          actor: { id: customer.user.id, role: 'customer' },
          occurredAt: expect.any(String),
          data: { from: null, to: 'open' },
        },
      });
      expect(await tickets.ledger(customer.user.id)).toMatchObject([{ action: 'support_interaction', reason: 'ticket_created', ticketId, points: 10, creditMinor: 20 }]);
    });

    it('accepts every documented issue type in any case', async () => {
      const customer = await factories.customer();
      for (const issueType of ['PAYMENT_ISSUE', 'service_quality', 'Cancellation', 'DELIVERY_ISSUE', 'BOOKING_ISSUE', 'other']) {
        const { ticketId } = await openTicket(customer, issueType);
        expect((await tickets.ticket(ticketId)).category).toBe(issueType.toLowerCase());
      }
    });

    it('refuses an unknown issue type: 400 INVALID_ISSUE_TYPE', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id);
      const res = await app.http.post(`${BASE}/ticket`, { orderId: order.id, issueType: 'DAMAGED', description: 'Long enough description' }, { token: customer.token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: 'error', code: 'INVALID_ISSUE_TYPE', message: 'Invalid issue type' });
    });

    it('refuses invalid fields: 400 INVALID_REQUEST with errors keyed by the request fields', async () => {
      const customer = await factories.customer();
      const res = await app.http.post(`${BASE}/ticket`, { orderId: 'abc', description: 'short' }, { token: customer.token });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', message: 'Invalid request parameters' });
      expect(Object.keys(res.body.errors).sort()).toEqual(['description', 'issueType', 'orderId']);
      expect(res.body.errors.description).toEqual(['description must be longer than or equal to 10 characters']);

      const tooLong = await app.http.post(`${BASE}/ticket`, { orderId: 1, issueType: 'OTHER', description: 'x'.repeat(1001) }, { token: customer.token });
      expect(tooLong.body.errors).toEqual({ description: ['description must be shorter than or equal to 1000 characters'] });
      const huge = await app.http.post(`${BASE}/ticket`, { orderId: 99_999_999_999, issueType: 'OTHER', description: 'Long enough description' }, { token: customer.token });
      expect(huge.status).toBe(400);
      expect(Object.keys(huge.body.errors)).toEqual(['orderId']);
      const extra = await app.http.post(`${BASE}/ticket`, { orderId: 1, issueType: 'OTHER', description: 'Long enough description', customerId: 5 }, { token: customer.token });
      expect(extra.body).toMatchObject({ code: 'INVALID_REQUEST', errors: { customerId: ['property customerId should not exist'] } });
    });

    it('refuses malformed JSON with 400 INVALID_REQUEST, never 500', async () => {
      const customer = await factories.customer();
      const res = await app.http.post(`${BASE}/ticket`, undefined, { token: customer.token, raw: '{"orderId": 1,' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', message: 'Invalid request parameters', errors: { body: [expect.any(String)] } });
    });

    it("refuses another customer's order, an unknown order and a non-munch order alike: 404 ORDER_NOT_FOUND", async () => {
      const [me, other] = [await factories.customer(), await factories.customer()];
      const theirs = await factories.order(other.user.id, 'munch');
      const mtables = await factories.order(me.user.id, 'mtables');
      for (const orderId of [theirs.id, mtables.id, 2_000_000_000]) {
        const res = await app.http.post(`${BASE}/ticket`, { orderId, issueType: 'OTHER', description: 'Where is my food?' }, { token: me.token });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ status: 'error', code: 'ORDER_NOT_FOUND', message: 'Order not found' });
      }
    });

    it('is 401 UNAUTHORIZED without a valid token', async () => {
      for (const token of [undefined, 'not-a-token']) {
        const res = await app.http.post(`${BASE}/ticket`, { orderId: 1, issueType: 'OTHER', description: 'Where is my food?' }, { token });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' });
      }
    });

    it('is 403 PERMISSION_DENIED for staff and for a token without create_support_ticket', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id);
      const body = { orderId: order.id, issueType: 'OTHER', description: 'Where is my food?' };
      for (const token of [(await factories.agent()).token, admin.token, tickets.tokenWith(customer, ['track_support_ticket'])]) {
        const res = await app.http.post(`${BASE}/ticket`, body, { token });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ status: 'error', code: 'PERMISSION_DENIED', message: 'Forbidden' });
      }
    });
  });

  describe('GET /ticket/{ticketId}/status', () => {
    it('tracks my ticket with every documented field', async () => {
      const customer = await factories.customer();
      const { order, ticketId, body } = await openTicket(customer);
      const res = await app.http.get(`${BASE}/ticket/${ticketId}/status`, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        data: {
          ticketId,
          ticketNumber: body.data.ticketNumber,
          status: 'open',
          priority: 'medium',
          issueType: 'PAYMENT_ISSUE',
          orderId: order.id,
          orderNumber: order.orderNumber,
          resolutionDetails: null,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      });
    });

    it('shows resolution details once support resolved it', async () => {
      const customer = await factories.customer();
      const { ticketId } = await openTicket(customer);
      await tickets.resolve(ticketId, admin, 'Refund issued');
      const res = await app.http.get(`${BASE}/ticket/${ticketId}/status`, { token: customer.token });
      expect(res.body.data).toMatchObject({ status: 'resolved', resolutionDetails: 'Refund issued' });
    });

    it("never shows another customer's ticket: 404 TICKET_NOT_FOUND, like a missing one", async () => {
      const [owner, other] = [await factories.customer(), await factories.customer()];
      const { ticketId } = await openTicket(owner);
      for (const id of [ticketId, 2_000_000_000]) {
        const res = await app.http.get(`${BASE}/ticket/${id}/status`, { token: other.token });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ status: 'error', code: 'TICKET_NOT_FOUND', message: 'Ticket not found' });
      }
    });

    it('answers 400 INVALID_REQUEST for a ticket id that is not a positive integer', async () => {
      const customer = await factories.customer();
      for (const id of ['abc', '1.5', '0', '-3', '99999999999']) {
        const res = await app.http.get(`${BASE}/ticket/${id}/status`, { token: customer.token });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', errors: { ticketId: expect.any(Array) } });
      }
    });

    it('is 401 without a token and 403 without track_support_ticket', async () => {
      const customer = await factories.customer();
      const { ticketId } = await openTicket(customer);
      expect((await app.http.get(`${BASE}/ticket/${ticketId}/status`)).body).toEqual({ status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' });
      const res = await app.http.get(`${BASE}/ticket/${ticketId}/status`, { token: tickets.tokenWith(customer, ['create_support_ticket']) });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ status: 'error', code: 'PERMISSION_DENIED', message: 'Forbidden' });
    });
  });

  describe('PUT /ticket/escalate', () => {
    it('escalates my open ticket: status escalated, priority one step up, recorded and awarded', async () => {
      const customer = await factories.customer();
      const { ticketId, body } = await openTicket(customer);
      const res = await app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'success', data: { ticketId, ticketNumber: body.data.ticketNumber, status: 'escalated' } });
      expect(await tickets.ticket(ticketId)).toMatchObject({ status: 'escalated', priority: 'high', escalationLevel: 1 });

      const history = await tickets.history(ticketId);
      expect(history[1]).toMatchObject({
        type: 'escalated',
        fromValue: 'open',
        toValue: 'escalated',
        actorId: customer.user.id,
        details: { priority: { from: 'medium', to: 'high' }, escalationLevel: { from: 0, to: 1 } },
      });
      const events = await tickets.outbox(ticketId);
      expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.escalated']);
      expect(events[1].payload).toMatchObject({
        ticket: { status: 'escalated', priority: 'high', escalationLevel: 1 },
        data: { from: 'open', to: 'escalated', priority: { from: 'medium', to: 'high' } },
      });
      expect((await tickets.ledger(customer.user.id)).map((e) => e.reason)).toEqual(['ticket_created', 'ticket_escalated']);
    });

    it('refuses a second escalation: 400 TICKET_ALREADY_ESCALATED', async () => {
      const customer = await factories.customer();
      const { ticketId } = await openTicket(customer);
      await app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: customer.token });
      const again = await app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: customer.token });
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ status: 'error', code: 'TICKET_ALREADY_ESCALATED', message: 'Ticket already escalated' });
    });

    it('refuses a resolved or closed ticket: 400 CANNOT_ESCALATE_TICKET', async () => {
      const customer = await factories.customer();
      const { ticketId } = await openTicket(customer);
      await tickets.resolve(ticketId, admin);
      const res = await app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: customer.token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ status: 'error', code: 'CANNOT_ESCALATE_TICKET', message: 'Cannot escalate ticket' });
    });

    it('two concurrent escalations: one success, one TICKET_ALREADY_ESCALATED, one history entry, one award', async () => {
      const customer = await factories.customer();
      const { ticketId } = await openTicket(customer);
      const results = await Promise.all([1, 2].map(() => app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: customer.token })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(results.find((r) => r.status === 400)!.body.code).toBe('TICKET_ALREADY_ESCALATED');
      expect((await tickets.history(ticketId)).filter((h) => h.type === 'escalated')).toHaveLength(1);
      expect((await tickets.outbox(ticketId)).filter((e) => e.type === 'ticket.escalated')).toHaveLength(1);
      expect((await tickets.ledger(customer.user.id)).filter((e) => e.reason === 'ticket_escalated')).toHaveLength(1);
      expect(await tickets.ticket(ticketId)).toMatchObject({ priority: 'high', escalationLevel: 1 });
    });

    it("never escalates another customer's ticket: 404 TICKET_NOT_FOUND, and nothing changes", async () => {
      const [owner, other] = [await factories.customer(), await factories.customer()];
      const { ticketId } = await openTicket(owner);
      const res = await app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: other.token });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ status: 'error', code: 'TICKET_NOT_FOUND', message: 'Ticket not found' });
      expect((await tickets.ticket(ticketId)).status).toBe('open');
      expect(await tickets.ledger(other.user.id)).toEqual([]);
    });

    it('validates the body: 400 INVALID_REQUEST', async () => {
      const customer = await factories.customer();
      for (const body of [{}, { ticketId: 'abc' }, { ticketId: 0 }, { ticketId: 1.5 }]) {
        const res = await app.http.put(`${BASE}/ticket/escalate`, body, { token: customer.token });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', errors: { ticketId: expect.any(Array) } });
      }
    });

    it('is 401 without a token and 403 without escalate_support_ticket', async () => {
      const customer = await factories.customer();
      const { ticketId } = await openTicket(customer);
      expect((await app.http.put(`${BASE}/ticket/escalate`, { ticketId })).status).toBe(401);
      const res = await app.http.put(`${BASE}/ticket/escalate`, { ticketId }, { token: tickets.tokenWith(customer, ['create_support_ticket', 'track_support_ticket']) });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('PERMISSION_DENIED');
    });
  });

  it('answers an unknown route under its base path in its own envelope', async () => {
    const customer = await factories.customer();
    const res = await app.http.get(`${BASE}/tickets`, { token: customer.token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 'error', code: 'NOT_FOUND' });
  });
});
