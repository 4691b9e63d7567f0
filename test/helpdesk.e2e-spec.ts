import { DataSource } from 'typeorm';
import { Order, Ticket, TICKET_NUMBER_PATTERN } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const TICKETS = '/api/support-tickets';
const LARAVEL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Its own database: staff counts and the unassigned queue are global, other suites' tickets would change them. */
describe('helpdesk API (seed 003): tickets, lists, navbar, single ticket', () => {
  const { app, factories, tickets } = useTestApp({ ownDatabase: true, env: { PUBLIC_BASE_URL: 'http://api.example.com' } });
  let admin: Person;

  beforeAll(async () => {
    admin = await factories.admin();
  });

  const db = () => app.running.app.get(DataSource);

  async function open(customer: Person, body: Record<string, unknown> = {}) {
    const res = await app.http.post(
      TICKETS,
      { subject: 'Issue with order #12345', description: 'I received the wrong product in my order.', priority: 'high', category: 'order', ...body },
      { token: customer.token },
    );
    expect(res.status).toBe(201);
    return res.body.data as { id: number; ticket_number: string; [key: string]: unknown };
  }

  async function assign(ticketId: number, staff: Person) {
    const res = await app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: staff.token });
    expect(res.status).toBe(200);
  }

  describe('POST /api/support-tickets', () => {
    it('creates a ticket: 201 with the Laravel envelope and the seed’s ticket model', async () => {
      const customer = await factories.customer({ name: 'John Doe', phone: '+1234567890' });
      const res = await app.http.post(
        TICKETS,
        { subject: 'Issue with order #12345', description: 'I received the wrong product in my order. I ordered a blue shirt but received a red one.', priority: 'high', category: 'order' },
        { token: customer.token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        message: 'Support ticket created successfully',
        data: {
          id: expect.any(Number),
          ticket_number: expect.stringMatching(TICKET_NUMBER_PATTERN),
          customer_id: customer.user.id,
          assigned_to: null,
          subject: 'Issue with order #12345',
          description: 'I received the wrong product in my order. I ordered a blue shirt but received a red one.',
          status: 'open',
          priority: 'high',
          category: 'order',
          message_count: 0,
          is_customer_read: true,
          is_admin_read: false,
          resolved_at: null,
          closed_at: null,
          last_replied_at: null,
          last_replied_by: null,
          created_at: expect.stringMatching(LARAVEL_TIME),
          updated_at: expect.stringMatching(LARAVEL_TIME),
          customer: { id: customer.user.id, name: 'John Doe', email: customer.user.email },
        },
      });
      const stored = await tickets.ticket(res.body.data.id);
      expect(stored).toMatchObject({ origin: 'helpdesk', customerId: customer.user.id, category: 'order', priority: 'high', status: 'open' });
      expect((await tickets.outbox(stored.id)).map((e) => e.type)).toEqual(['ticket.created']);
    });

    it('defaults priority to medium and category to other', async () => {
      const customer = await factories.customer();
      const data = await open(customer, { priority: undefined, category: undefined });
      expect(data).toMatchObject({ priority: 'medium', category: 'other' });
    });

    it('answers 422 with Laravel messages keyed by field', async () => {
      const customer = await factories.customer();
      const res = await app.http.post(TICKETS, { description: 'too short' }, { token: customer.token });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        success: false,
        message: 'Validation failed',
        errors: { subject: ['The subject field is required.'], description: ['The description must be at least 10 characters.'] },
      });

      const bad = await app.http.post(
        TICKETS,
        { subject: 'x'.repeat(256), description: 'A long enough description', priority: 'critical', category: 'shoes', extra: 1 },
        { token: customer.token },
      );
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({
        subject: ['The subject must not be greater than 255 characters.'],
        priority: ['The selected priority is invalid.'],
        category: ['The selected category is invalid.'],
        extra: ['The extra field is prohibited.'],
      });

      const blank = await app.http.post(TICKETS, { subject: '   ', description: 'A long enough description' }, { token: customer.token });
      expect(blank.body.errors).toEqual({ subject: ['The subject field is required.'] });
    });

    it('is for customers: 401 without a token, 403 for staff, in the Laravel envelope', async () => {
      const body = { subject: 'Hello', description: 'A long enough description' };
      const anonymous = await app.http.post(TICKETS, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ success: false, message: 'Unauthenticated.' });
      const staff = await app.http.post(TICKETS, body, { token: admin.token });
      expect(staff.status).toBe(403);
      expect(staff.body).toEqual({ success: false, message: 'This action is unauthorized.' });
    });

    it('renders malformed JSON as 400 in the envelope', async () => {
      const customer = await factories.customer();
      const res = await app.http.post(TICKETS, undefined, { token: customer.token, raw: '{"subject":' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ success: false, message: expect.stringContaining('JSON') });
    });

    it('replays the first response for the same Idempotency-Key and refuses another body with 422', async () => {
      const customer = await factories.customer();
      const headers = { 'idempotency-key': `hd-${Date.now()}` };
      const body = { subject: 'Idempotent', description: 'Created exactly once, whatever the retries' };
      const first = await app.http.post(TICKETS, body, { token: customer.token, headers });
      const again = await app.http.post(TICKETS, body, { token: customer.token, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const other = await app.http.post(TICKETS, { ...body, subject: 'Another' }, { token: customer.token, headers });
      expect(other.status).toBe(422);
      expect(other.body).toEqual({ success: false, message: expect.stringContaining('Idempotency-Key') });
    });
  });

  describe('GET /api/support-tickets (the Laravel paginator)', () => {
    it('returns the customer’s own tickets as the length-aware paginator, newest first', async () => {
      const customer = await factories.customer();
      const other = await factories.customer();
      const first = await open(customer, { subject: 'First' });
      const second = await open(customer, { subject: 'Second' });
      await open(other, { subject: 'Not yours' });

      const res = await app.http.get(TICKETS, { token: customer.token });
      expect(res.status).toBe(200);
      const base = `http://api.example.com${TICKETS}`;
      expect(res.body).toEqual({
        success: true,
        data: {
          current_page: 1,
          data: [expect.objectContaining({ id: second.id, subject: 'Second' }), expect.objectContaining({ id: first.id, subject: 'First' })],
          first_page_url: `${base}?page=1`,
          from: 1,
          last_page: 1,
          last_page_url: `${base}?page=1`,
          next_page_url: null,
          path: base,
          per_page: 15,
          prev_page_url: null,
          to: 2,
          total: 2,
        },
      });
      const row = res.body.data.data[0];
      expect(Object.keys(row)).toEqual([
        'id',
        'ticket_number',
        'customer_id',
        'assigned_to',
        'subject',
        'description',
        'status',
        'priority',
        'category',
        'message_count',
        'is_customer_read',
        'is_admin_read',
        'resolved_at',
        'closed_at',
        'last_replied_at',
        'last_replied_by',
        'created_at',
        'updated_at',
        'customer',
        'assigned_admin',
      ]);
      expect(row.customer).toEqual({ id: customer.user.id, name: customer.user.name, email: customer.user.email });
      expect(row.assigned_admin).toBeNull();
    });

    it('pages with per_page (bounded at 100) and keeps the filters in the page links', async () => {
      const customer = await factories.customer();
      for (let i = 0; i < 3; i++) await open(customer, { subject: `Paged ${i}` });
      const res = await app.http.get(`${TICKETS}?per_page=2&status=open&page=2`, { token: customer.token });
      expect(res.body.data).toMatchObject({ current_page: 2, from: 3, to: 3, last_page: 2, per_page: 2, total: 3, next_page_url: null });
      expect(res.body.data.prev_page_url).toBe(`http://api.example.com${TICKETS}?per_page=2&status=open&page=1`);
      expect(res.body.data.data).toHaveLength(1);

      const beyond = await app.http.get(`${TICKETS}?page=9`, { token: customer.token });
      expect(beyond.body.data).toMatchObject({ current_page: 9, data: [], from: null, to: null, total: 3 });

      const huge = await app.http.get(`${TICKETS}?per_page=100000`, { token: customer.token });
      expect(huge.body.data.per_page).toBe(100);

      const bad = await app.http.get(`${TICKETS}?per_page=abc&sort_by=password&sort_order=sideways&status=pending`, { token: customer.token });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({
        per_page: ['The per page must be an integer.'],
        sort_by: ['The selected sort by is invalid.'],
        sort_order: ['The selected sort order is invalid.'],
        status: ['The selected status is invalid.'],
      });
    });

    it('filters by status, priority and category', async () => {
      const customer = await factories.customer();
      const low = await open(customer, { priority: 'low', category: 'billing' });
      const urgent = await open(customer, { priority: 'urgent', category: 'technical' });
      await tickets.resolve(urgent.id, admin);
      const ids = async (query: string) => (await app.http.get(`${TICKETS}?${query}`, { token: customer.token })).body.data.data.map((t: { id: number }) => t.id);
      expect(await ids('priority=low')).toEqual([low.id]);
      expect(await ids('category=technical')).toEqual([urgent.id]);
      expect(await ids('status=resolved')).toEqual([urgent.id]);
      expect(await ids('status=open&priority=urgent')).toEqual([]);
    });

    it('sorts by a whitelisted column: priority by rank, asc or desc', async () => {
      const customer = await factories.customer();
      const medium = await open(customer, { priority: 'medium' });
      const urgent = await open(customer, { priority: 'urgent' });
      const low = await open(customer, { priority: 'low' });
      const ids = async (query: string) => (await app.http.get(`${TICKETS}?${query}`, { token: customer.token })).body.data.data.map((t: { id: number }) => t.id);
      expect(await ids('sort_by=priority&sort_order=desc')).toEqual([urgent.id, medium.id, low.id]);
      expect(await ids('sort_by=priority&sort_order=asc')).toEqual([low.id, medium.id, urgent.id]);
      expect(await ids('sort_by=created_at&sort_order=asc')).toEqual([medium.id, urgent.id, low.id]);
      expect(await ids('sort_by=updated_at')).toEqual([low.id, urgent.id, medium.id]);
    });

    it('searches subject, description and messages with full-text prefixes, and exact ticket numbers', async () => {
      const customer = await factories.customer();
      const shirt = await open(customer, { subject: 'Wrong shirt colour', description: 'Ordered a blue shirt, got a red one.' });
      const refund = await open(customer, { subject: 'Money back', description: 'Waiting for my reimbursement since May.' });
      const chat = await open(customer, { subject: 'Delivery', description: 'Parcel is late by two weeks.' });
      await app.http.post(`${TICKETS}/${chat.id}/messages`, { message: 'The courier said the warehouse flooded' }, { token: customer.token });

      const ids = async (search: string) =>
        (await app.http.get(`${TICKETS}?search=${encodeURIComponent(search)}`, { token: customer.token })).body.data.data.map((t: { id: number }) => t.id);
      expect(await ids('shirt')).toEqual([shirt.id]);
      expect(await ids('BLUE shi')).toEqual([shirt.id]);
      expect(await ids('reimburse')).toEqual([refund.id]);
      expect(await ids('warehouse flood')).toEqual([chat.id]);
      expect(await ids(refund.ticket_number)).toEqual([refund.id]);
      expect(await ids('nothing-like-this')).toEqual([]);
      expect(await ids("'; DROP TABLE tickets; --")).toEqual([]);
      expect(await ids('&|!:*()')).toEqual([]);
    });

    it('never finds another customer’s tickets, by search or by staff-only filters (ignored for customers)', async () => {
      const customer = await factories.customer();
      const other = await factories.customer();
      await open(other, { subject: 'Secret zebra problem' });
      const mine = await open(customer, { subject: 'Plain issue' });
      const search = await app.http.get(`${TICKETS}?search=zebra`, { token: customer.token });
      expect(search.body.data.total).toBe(0);
      const filtered = await app.http.get(`${TICKETS}?customer_id=${other.user.id}&date_from=2000-01-01`, { token: customer.token });
      expect(filtered.body.data.data.map((t: { id: number }) => t.id)).toEqual([mine.id]);
    });

    it('lets staff filter by customer_id, assigned_to and a created date range', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const a = await open(customer);
      const b = await open(customer);
      await assign(b.id, agent);
      await db().getRepository(Ticket).update({ id: a.id }, { createdAt: new Date('2025-03-10T12:00:00Z') });

      const ids = async (query: string, who: Person = admin) => (await app.http.get(`${TICKETS}?${query}`, { token: who.token })).body.data.data.map((t: { id: number }) => t.id);
      expect(await ids(`customer_id=${customer.user.id}`)).toEqual([b.id, a.id]);
      expect(await ids(`customer_id=${customer.user.id}&assigned_to=${agent.user.id}`)).toEqual([b.id]);
      expect(await ids(`customer_id=${customer.user.id}&date_from=2025-03-10&date_to=2025-03-10`)).toEqual([a.id]);
      expect(await ids(`customer_id=${customer.user.id}&date_to=2025-03-09`)).toEqual([]);
      expect(await ids(`customer_id=${customer.user.id}&date_from=2025-03-11`)).toEqual([b.id]);

      const bad = await app.http.get(`${TICKETS}?date_from=yesterday&customer_id=x`, { token: admin.token });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({ date_from: ['The date from is not a valid date.'], customer_id: ['The customer id must be an integer.'] });
    });

    it('shows an agent the tickets assigned to them and the unassigned queue, nothing else; an admin everything', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const queued = await open(customer);
      const mine = await open(customer);
      const theirs = await open(customer);
      await assign(mine.id, agent);
      await assign(theirs.id, colleague);

      const seen = async (who: Person) =>
        (await app.http.get(`${TICKETS}?customer_id=${customer.user.id}`, { token: who.token })).body.data.data.map((t: { id: number }) => t.id);
      expect(await seen(agent)).toEqual([mine.id, queued.id]);
      expect(await seen(colleague)).toEqual([theirs.id, queued.id]);
      expect(await seen(admin)).toEqual([theirs.id, mine.id, queued.id]);

      const row = (await app.http.get(`${TICKETS}?customer_id=${customer.user.id}`, { token: agent.token })).body.data.data[0];
      expect(row.assigned_admin).toEqual({ id: agent.user.id, name: agent.user.name, email: agent.user.email });
    });

    it('refuses an unapproved agent and a service token', async () => {
      const pending = await factories.unapprovedAgent();
      const res = await app.http.get(TICKETS, { token: pending.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ success: false, message: 'Your agent account is awaiting admin approval' });
      expect((await app.http.get(TICKETS, { token: factories.serviceToken() })).status).toBe(403);
    });
  });

  describe('GET /api/support-tickets/{ticket}', () => {
    it('shows the customer their ticket with contact, assignee and last replier', async () => {
      const customer = await factories.customer({ phone: '+1234567890' });
      const agent = await factories.agent();
      const ticket = await open(customer);
      await assign(ticket.id, agent);
      await app.http.post(`${TICKETS}/${ticket.id}/messages`, { message: 'We will send the right one.' }, { token: agent.token });

      const res = await app.http.get(`${TICKETS}/${ticket.id}`, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      expect(res.body.data).toMatchObject({
        id: ticket.id,
        status: 'in_progress',
        assigned_to: agent.user.id,
        message_count: 1,
        is_customer_read: false,
        is_admin_read: true,
        last_replied_at: expect.stringMatching(LARAVEL_TIME),
        last_replied_by: agent.user.id,
        customer: { id: customer.user.id, name: customer.user.name, email: customer.user.email, phone: '+1234567890' },
        assigned_admin: { id: agent.user.id, name: agent.user.name, email: agent.user.email },
        last_replied_by_user: { id: agent.user.id, name: agent.user.name },
      });
    });

    it('answers 403 for someone else’s ticket and 404 for a missing one, as documented', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const ticket = await open(owner);
      const forbidden = await app.http.get(`${TICKETS}/${ticket.id}`, { token: stranger.token });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ success: false, message: 'Unauthorized access to this ticket' });
      for (const id of ['999999999', 'abc', '0', '99999999999']) {
        const missing = await app.http.get(`${TICKETS}/${id}`, { token: stranger.token });
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ success: false, message: 'Ticket not found' });
      }
    });

    it('lets an agent read the queue and their tickets, not a colleague’s; an admin reads all', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const ticket = await open(customer);
      expect((await app.http.get(`${TICKETS}/${ticket.id}`, { token: agent.token })).status).toBe(200);
      await assign(ticket.id, colleague);
      const res = await app.http.get(`${TICKETS}/${ticket.id}`, { token: agent.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ success: false, message: 'Unauthorized access to this ticket' });
      expect((await app.http.get(`${TICKETS}/${ticket.id}`, { token: admin.token })).status).toBe(200);
    });
  });

  describe('navbar', () => {
    it('counts a customer’s unresolved and unread tickets (count: unread when any, else unresolved)', async () => {
      const customer = await factories.customer();
      const stranger = await factories.customer();
      const empty = await app.http.get(`${TICKETS}/navbar/count`, { token: customer.token });
      expect(empty.body).toEqual({ success: true, total_unresolved: 0, unread_count: 0, count: 0 });

      const a = await open(customer);
      const b = await open(customer);
      await open(customer);
      await open(stranger);
      await tickets.resolve(b.id, admin);
      let res = await app.http.get(`${TICKETS}/navbar/count`, { token: customer.token });
      expect(res.body).toEqual({ success: true, total_unresolved: 2, unread_count: 0, count: 2 });

      await app.http.post(`${TICKETS}/${a.id}/messages`, { message: 'Staff reply' }, { token: admin.token });
      res = await app.http.get(`${TICKETS}/navbar/count`, { token: customer.token });
      expect(res.body).toEqual({ success: true, total_unresolved: 2, unread_count: 1, count: 1 });

      await app.http.get(`${TICKETS}/${a.id}/messages`, { token: customer.token });
      res = await app.http.get(`${TICKETS}/navbar/count`, { token: customer.token });
      expect(res.body).toEqual({ success: true, total_unresolved: 2, unread_count: 0, count: 2 });
    });

    it('counts staff’s active workload in their view: an agent theirs and the queue, not a colleague’s', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const before = (await app.http.get(`${TICKETS}/navbar/count`, { token: agent.token })).body;
      expect(Object.keys(before)).toEqual(['success', 'total_tickets', 'open_tickets', 'in_progress_tickets', 'unread_count', 'count']);

      const queued = await open(customer);
      const mine = await open(customer);
      const theirs = await open(customer);
      await assign(mine.id, agent);
      await assign(theirs.id, colleague);
      await app.http.get(`${TICKETS}/${mine.id}/messages`, { token: agent.token });

      const after = (await app.http.get(`${TICKETS}/navbar/count`, { token: agent.token })).body;
      expect(after.total_tickets - before.total_tickets).toBe(2);
      expect(after.open_tickets - before.open_tickets).toBe(1);
      expect(after.in_progress_tickets - before.in_progress_tickets).toBe(1);
      expect(after.unread_count - before.unread_count).toBe(1); // the queued ticket nobody opened
      expect(after.count).toBe(after.unread_count > 0 ? after.unread_count : after.total_tickets);
      expect(queued.id).toBeGreaterThan(0);
    });

    it('lists the latest tickets (default 5, bounded) with the seed’s fields', async () => {
      const customer = await factories.customer({ name: 'Jane Smith' });
      const created = [];
      for (let i = 0; i < 6; i++) created.push(await open(customer, { subject: `Latest ${i}` }));
      const res = await app.http.get(`${TICKETS}/navbar/latest`, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body.data.map((t: { id: number }) => t.id)).toEqual(created.slice(1).reverse().map((t) => t.id));
      expect(res.body.data[0]).toEqual({
        id: created[5].id,
        ticket_number: created[5].ticket_number,
        subject: 'Latest 5',
        status: 'open',
        priority: 'high',
        is_customer_read: true,
        created_at: expect.stringMatching(LARAVEL_TIME),
        customer: { id: customer.user.id, name: 'Jane Smith' },
      });
      expect((await app.http.get(`${TICKETS}/navbar/latest?limit=2`, { token: customer.token })).body.data).toHaveLength(2);
      expect((await app.http.get(`${TICKETS}/navbar/latest?limit=5000`, { token: admin.token })).body.data.length).toBeLessThanOrEqual(50);
      const bad = await app.http.get(`${TICKETS}/navbar/latest?limit=0`, { token: customer.token });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({ limit: ['The limit must be at least 1.'] });
    });
  });

  describe('POST /api/orders/{order}/cancel', () => {
    it('cancels the customer’s own order with the reason', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'shop', { status: 'pending' });
      const res = await app.http.post(`/api/orders/${order.id}/cancel`, { reason: 'Changed my mind about the purchase' }, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        message: 'Order cancelled successfully',
        data: {
          id: order.id,
          order_number: order.orderNumber,
          status: 'cancelled',
          cancellation_reason: 'Changed my mind about the purchase',
          cancelled_at: expect.stringMatching(LARAVEL_TIME),
        },
      });
      expect(await db().getRepository(Order).findOneByOrFail({ id: order.id })).toMatchObject({ status: 'cancelled', cancellationReason: 'Changed my mind about the purchase' });
    });

    it.each([
      ['shipped', 'Order cannot be cancelled. It has already been shipped.'],
      ['out_for_delivery', 'Order cannot be cancelled. It is already out for delivery.'],
      ['delivered', 'Order cannot be cancelled. It has already been delivered.'],
      ['cancelled', 'Order cannot be cancelled. It has already been cancelled.'],
    ] as const)('refuses a %s order with 400 and the reason', async (status, message) => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'munch', { status });
      const res = await app.http.post(`/api/orders/${order.id}/cancel`, {}, { token: customer.token });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ success: false, message });
      expect((await db().getRepository(Order).findOneByOrFail({ id: order.id })).status).toBe(status);
    });

    it('is 403 for another customer’s order, 404 for a missing one; staff may cancel any order', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const order = await factories.order(owner.user.id, 'munch', { status: 'confirmed' });
      const forbidden = await app.http.post(`/api/orders/${order.id}/cancel`, {}, { token: stranger.token });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ success: false, message: 'You are not authorized to cancel this order' });
      const missing = await app.http.post('/api/orders/2000000000/cancel', {}, { token: owner.token });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ success: false, message: 'Order not found' });

      const agent = await factories.agent();
      const res = await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: agent.token });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ status: 'cancelled', cancellation_reason: null });
    });

    it('validates the reason (max 500)', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'munch', { status: 'pending' });
      const res = await app.http.post(`/api/orders/${order.id}/cancel`, { reason: 'x'.repeat(501) }, { token: customer.token });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({ reason: ['The reason must not be greater than 500 characters.'] });
    });
  });
});
