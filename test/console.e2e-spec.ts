import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Faq, Ticket, TicketFeedback, TicketHistoryEntry } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const CONSOLE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ID = /^\d+$/;

describe('console API (seed 004): tickets, workflow, assignment, notes, feedback, queues, FAQ', () => {
  const { app, factories, tickets } = useTestApp();
  let admin: Person;

  beforeAll(async () => {
    admin = await factories.admin();
  });

  const db = () => app.running.app.get(DataSource);

  async function create(customer: Person, body: Record<string, unknown> = {}): Promise<string> {
    const res = await app.http.post(
      '/api/support/tickets/create/',
      { subject: 'Package arrived damaged', description: 'The item inside was broken due to improper packaging', category: 'Damaged', ...body },
      { token: customer.token },
    );
    expect(res.status).toBe(201);
    return res.body.ticket.id;
  }

  const assignSelf = (id: string, who: Person) => app.http.post(`/api/support/tickets/${id}/assign-self/`, undefined, { token: who.token });
  const updateStatus = (id: string, who: Person, body: Record<string, unknown>) => app.http.put(`/api/support/tickets/${id}/update-status/`, body, { token: who.token });
  const addNote = (id: string, who: Person, note = 'Awaiting customer photos of damaged item') =>
    app.http.post(`/api/support/tickets/${id}/add-note/`, { note }, { token: who.token });
  const details = (id: string, who: Person) => app.http.get(`/api/support/tickets/${id}/`, { token: who.token });

  async function resolvedBy(agent: Person, customer: Person): Promise<string> {
    const id = await create(customer);
    expect((await assignSelf(id, agent)).status).toBe(200);
    expect((await updateStatus(id, agent, { status: 'Resolved' })).status).toBe(200);
    return id;
  }

  describe('POST /api/support/tickets/create/', () => {
    it('creates a ticket: 201 with the seed’s body, string id, Title status, seconds-precision time', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'shop');
      const res = await app.http.post(
        '/api/support/tickets/create/',
        { subject: 'Package arrived damaged', description: 'The item inside was broken due to improper packaging', category: 'Damaged', delivery_id: String(order.id) },
        { token: customer.token },
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        message: 'Support ticket created successfully',
        ticket: { id: expect.stringMatching(ID), subject: 'Package arrived damaged', status: 'Open', created_at: expect.stringMatching(CONSOLE_TIME) },
      });
      expect(await tickets.ticket(Number(res.body.ticket.id))).toMatchObject({ origin: 'console', category: 'damaged', orderId: order.id, customerId: customer.user.id, priority: 'medium' });
    });

    it('accepts categories in any case and without delivery_id', async () => {
      const customer = await factories.customer();
      const id = await create(customer, { category: 'quality', delivery_id: null });
      expect(await tickets.ticket(Number(id))).toMatchObject({ category: 'quality', orderId: null });
    });

    it('answers 400 {field: [message]} for bad input, another customer’s order or an unknown category', async () => {
      const [customer, other] = [await factories.customer(), await factories.customer()];
      const missing = await app.http.post('/api/support/tickets/create/', { description: '  ' }, { token: customer.token });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ subject: ['This field is required.'], description: ['This field may not be blank.'], category: ['This field is required.'] });

      const badCategory = await app.http.post('/api/support/tickets/create/', { subject: 'S', description: 'D', category: 'Broken' }, { token: customer.token });
      expect(badCategory.status).toBe(400);
      expect(badCategory.body).toEqual({ category: ['"Broken" is not a valid choice.'] });

      const othersOrder = await factories.order(other.user.id, 'munch');
      const notMine = await app.http.post(
        '/api/support/tickets/create/',
        { subject: 'S', description: 'D', category: 'Lost', delivery_id: String(othersOrder.id) },
        { token: customer.token },
      );
      expect(notMine.status).toBe(400);
      expect(notMine.body).toEqual({ delivery_id: ['Order not found'] });

      const junk = await app.http.post('/api/support/tickets/create/', { subject: 'S', description: 'D', category: 'Lost', delivery_id: '507f1f77bcf86cd799439011' }, { token: customer.token });
      expect(junk.status).toBe(400);
      expect(junk.body).toEqual({ delivery_id: ['A valid integer is required.'] });
    });

    it('is for customers: 401 {error} without a token, 403 {error} for staff', async () => {
      const body = { subject: 'S', description: 'D', category: 'Other' };
      const anonymous = await app.http.post('/api/support/tickets/create/', body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ error: expect.any(String) });
      const staff = await app.http.post('/api/support/tickets/create/', body, { token: admin.token });
      expect(staff.status).toBe(403);
      expect(staff.body).toEqual({ error: 'You do not have permission to perform this action.' });
    });
  });

  describe('GET /api/support/tickets/ (own tickets)', () => {
    it('lists only the customer’s tickets in the seed’s shape, newest first', async () => {
      const [customer, other] = [await factories.customer(), await factories.customer()];
      const first = await create(customer);
      const second = await create(customer, { subject: 'Late again', category: 'Late' });
      await create(other);
      const res = await app.http.get('/api/support/tickets/', { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body.tickets.map((t: { id: string }) => t.id)).toEqual([second, first]);
      expect(res.body.tickets[0]).toEqual({
        id: second,
        subject: 'Late again',
        description: 'The item inside was broken due to improper packaging',
        category: 'Late',
        status: 'Open',
        priority: 'Medium',
        agent_id: null,
        created_at: expect.stringMatching(CONSOLE_TIME),
        updated_at: expect.stringMatching(CONSOLE_TIME),
        resolved_at: null,
      });
    });

    it('is bounded by page_size, with a Link header to the next page', async () => {
      const customer = await factories.customer();
      const ids = [await create(customer), await create(customer), await create(customer)];
      const page1 = await app.http.get('/api/support/tickets/?page_size=2', { token: customer.token });
      expect(page1.body.tickets.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
      expect(page1.headers.get('link')).toBe(`<${app.url}/api/support/tickets/?page_size=2&page=2>; rel="next"`);
      const page2 = await app.http.get('/api/support/tickets/?page_size=2&page=2', { token: customer.token });
      expect(page2.body.tickets.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
      expect(page2.headers.get('link')).toBeNull();
      const tooBig = await app.http.get('/api/support/tickets/?page_size=1000', { token: customer.token });
      expect(tooBig.status).toBe(400);
      expect(tooBig.body).toEqual({ page_size: ['Ensure this value is less than or equal to 100.'] });
      // As DRF: a value of the wrong type is reported as that alone, not also against the field's bounds.
      const notANumber = await app.http.get('/api/support/tickets/?page=abc&page_size=-1', { token: customer.token });
      expect(notANumber.status).toBe(400);
      expect(notANumber.body).toEqual({ page: ['A valid integer is required.'], page_size: ['Ensure this value is greater than or equal to 1.'] });
    });
  });

  describe('GET /api/support/tickets/{ticket_id}/', () => {
    it('shows staff the ticket with its internal notes; the customer the ticket without any notes key', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const id = await create(customer);
      await assignSelf(id, agent);
      const note = await addNote(id, agent, 'Customer claims item was damaged on delivery');
      expect(note.status).toBe(201);

      const documented = {
        id,
        subject: 'Package arrived damaged',
        description: 'The item inside was broken due to improper packaging',
        category: 'Damaged',
        status: 'In Progress',
        priority: 'Medium',
        agent_id: String(agent.user.id),
        customer_id: String(customer.user.id),
        created_at: expect.stringMatching(CONSOLE_TIME),
        updated_at: expect.stringMatching(CONSOLE_TIME),
        resolved_at: null,
      };
      const staffView = await details(id, agent);
      expect(staffView.status).toBe(200);
      expect(staffView.body).toEqual({
        ticket: { ...documented, escalation_level: 0, ride: null, order: null, booking: null },
        internal_notes: [{ id: note.body.note.id, agent_id: String(agent.user.id), note: 'Customer claims item was damaged on delivery', created_at: expect.stringMatching(CONSOLE_TIME) }],
        history: expect.any(Array),
      });
      expect((await details(id, admin)).body.internal_notes).toHaveLength(1);

      // The customer gets exactly the documented fields: no notes, no history, no staff extras.
      const customerView = await details(id, customer);
      expect(customerView.status).toBe(200);
      expect(customerView.body).toEqual({ ticket: documented });
      expect(JSON.stringify(customerView.body)).not.toContain('damaged on delivery');
    });

    it('gives staff the escalation level, the ride and the history newest first, in the console’s words', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const ride = await factories.ride(customer.user.id, { pickupLocation: '1 Harbour Rd', dropoffLocation: '9 Airport Way', status: 'completed' });
      const created = await app.http.post(
        '/api/customer/mtxi/support',
        { serviceType: 'ride', issueType: 'SERVICE_QUALITY', description: 'The driver took a much longer route.', rideId: ride.id },
        { token: customer.token },
      );
      const id = String(created.body.data.ticketId);
      expect((await app.http.post('/api/customer/mtxi/support/escalate', { ticketId: Number(id) }, { token: customer.token })).status).toBe(200);
      await assignSelf(id, agent);
      expect((await updateStatus(id, agent, { status: 'In Progress', priority: 'Urgent' })).status).toBe(200);
      await addNote(id, agent, 'Route reviewed: 4 km detour');

      const res = await details(id, agent);
      expect(res.status).toBe(200);
      expect(res.body.ticket).toMatchObject({
        status: 'In Progress',
        priority: 'Urgent',
        category: 'Service Quality',
        escalation_level: 1,
        ride: { id: String(ride.id), pickup_location: '1 Harbour Rd', dropoff_location: '9 Airport Way', status: 'Completed' },
        order: null,
        booking: null,
      });
      const [agentId, customerId] = [String(agent.user.id), String(customer.user.id)];
      const at = expect.stringMatching(CONSOLE_TIME);
      expect(res.body.history).toEqual([
        { id: expect.stringMatching(ID), type: 'updated', from: null, to: null, changes: { priority: { from: 'High', to: 'Urgent' } }, actor_id: agentId, actor_role: 'support_agent', created_at: at },
        { id: expect.stringMatching(ID), type: 'status_changed', from: 'Escalated', to: 'In Progress', changes: null, actor_id: agentId, actor_role: 'support_agent', created_at: at },
        { id: expect.stringMatching(ID), type: 'assigned', from: null, to: agentId, changes: null, actor_id: agentId, actor_role: 'support_agent', created_at: at },
        {
          id: expect.stringMatching(ID),
          type: 'escalated',
          from: 'Open',
          to: 'Escalated',
          changes: { priority: { from: 'Medium', to: 'High' }, escalation_level: { from: 0, to: 1 } },
          actor_id: customerId,
          actor_role: 'customer',
          created_at: at,
        },
        { id: expect.stringMatching(ID), type: 'created', from: null, to: 'Open', changes: null, actor_id: customerId, actor_role: 'customer', created_at: at },
      ]);
      const ids = res.body.history.map((h: { id: string }) => Number(h.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      // Notes are not history entries: the note's words appear only among the notes.
      expect(JSON.stringify(res.body.history)).not.toContain('detour');

      const customerView = await details(id, customer);
      expect(customerView.status).toBe(200);
      expect(Object.keys(customerView.body)).toEqual(['ticket']);
      expect(customerView.body.ticket).not.toHaveProperty('escalation_level');
      expect(customerView.body.ticket).not.toHaveProperty('ride');
      expect(customerView.text).not.toContain('detour');
    });

    it('shows staff the order and the booking a ticket is about', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'shop', { status: 'out_for_delivery' });
      const fromConsole = await create(customer, { delivery_id: String(order.id) });
      expect((await details(fromConsole, admin)).body.ticket).toMatchObject({
        ride: null,
        order: { id: String(order.id), order_number: order.orderNumber, status: 'Out For Delivery', vertical: 'shop' },
        booking: null,
      });

      const booking = await factories.booking(customer.user.id, { venueName: 'Chez Marie', startsAt: new Date('2026-12-24T19:00:00.250Z'), status: 'confirmed' });
      const noVenue = await factories.booking(customer.user.id, { venueName: null, startsAt: null });
      const mtables = async (bookingId: number) => {
        const res = await app.http.post('/api/customer/mtables/support/tickets', { bookingId, issueType: 'booking_issue', description: 'Our table was given away' }, { token: customer.token });
        expect(res.status).toBe(200);
        return String(res.body.data.ticketId);
      };
      expect((await details(await mtables(booking.id), admin)).body.ticket).toMatchObject({
        ride: null,
        order: null,
        booking: { id: String(booking.id), booking_number: booking.bookingNumber, status: 'Confirmed', venue_name: 'Chez Marie', starts_at: '2026-12-24T19:00:00Z' },
      });
      expect((await details(await mtables(noVenue.id), admin)).body.ticket.booking).toEqual({
        id: String(noVenue.id),
        booking_number: noVenue.bookingNumber,
        status: 'Confirmed',
        venue_name: null,
        starts_at: null,
      });
    });

    it('bounds the history to the latest 100 entries, newest first', async () => {
      const customer = await factories.customer();
      const id = await create(customer);
      const rows = Array.from({ length: 120 }, (_, i) => ({
        ticketId: Number(id),
        actorId: admin.user.id,
        actorRole: 'admin' as const,
        type: 'updated' as const,
        fromValue: null,
        toValue: null,
        details: { changes: { resolutionDetails: { from: null, to: `Step ${i}` } } },
      }));
      await db().getRepository(TicketHistoryEntry).insert(rows);
      const res = await details(id, admin);
      expect(res.body.history).toHaveLength(100);
      expect(res.body.history[0].changes).toEqual({ resolution_details: { from: null, to: 'Step 119' } });
      expect(res.body.history[99].changes).toEqual({ resolution_details: { from: null, to: 'Step 20' } });
    });

    it('loads the details with a fixed number of queries, however many entries, notes and authors', async () => {
      const customer = await factories.customer();
      const agents = [await factories.agent(), await factories.agent(), await factories.agent()];
      const id = await create(customer, { delivery_id: String((await factories.order(customer.user.id, 'munch')).id) });
      for (const [i, who] of [...agents, ...agents].entries()) {
        await app.http.post(`/api/support/tickets/${id}/reassign/`, { agent_id: String(who.user.id) }, { token: admin.token });
        await addNote(id, admin, `Note ${i}`);
        await updateStatus(id, admin, { status: i % 2 ? 'On Hold' : 'In Progress', priority: i % 2 ? 'High' : 'Low' });
      }
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        const res = await details(id, admin);
        expect(res.status).toBe(200);
        expect(res.body.history.length).toBeGreaterThan(15);
        expect(res.body.internal_notes).toHaveLength(6);
        const sql = spy.mock.calls.map(([query]) => String(query));
        const reading = (table: string) => sql.filter((q) => q.includes(`"${table}"`)).length;
        expect([reading('ticket_history'), reading('ticket_notes'), reading('orders')]).toEqual([1, 1, 1]);
      } finally {
        spy.mockRestore();
      }
    });

    it('is 403 for another customer’s ticket, 404 {error} for a missing one', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const id = await create(owner);
      const forbidden = await details(id, stranger);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ error: 'You can only view your own tickets' });
      for (const missingId of ['999999999', '507f1f77bcf86cd799439012']) {
        const missing = await details(missingId, owner);
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ error: 'Ticket not found' });
      }
    });

    it('lets an agent see the queue and their own tickets, never a colleague’s (nor its notes)', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const id = await create(customer);
      expect((await details(id, agent)).body.internal_notes).toEqual([]);
      await assignSelf(id, colleague);
      await addNote(id, colleague, 'Colleague secret');
      const res = await details(id, agent);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'You can only access tickets assigned to you or in the unassigned queue' });
    });
  });

  describe('PUT /api/support/tickets/{ticket_id}/update-status/', () => {
    it('moves a ticket along the workflow in Title vocabulary, with priority, recording each change', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const id = await create(customer);
      await assignSelf(id, agent);
      const hold = await updateStatus(id, agent, { status: 'On Hold', priority: 'High' });
      expect(hold.status).toBe(200);
      expect(hold.body).toEqual({ message: 'Ticket status updated successfully', ticket: { id, status: 'On Hold', priority: 'High' } });
      // A null priority leaves the priority as it is, as an absent one does (it answered 500 once).
      expect((await updateStatus(id, agent, { status: 'In Progress', priority: null })).body.ticket).toEqual({ id, status: 'In Progress', priority: 'High' });
      const resolved = await updateStatus(id, agent, { status: 'resolved' });
      expect(resolved.body.ticket).toEqual({ id, status: 'Resolved', priority: 'High' });
      expect((await details(id, customer)).body.ticket.resolved_at).toMatch(CONSOLE_TIME);
      expect((await updateStatus(id, agent, { status: 'Closed' })).body.ticket.status).toBe('Closed');

      const stored = await tickets.ticket(Number(id));
      expect(stored).toMatchObject({ status: 'closed', priority: 'high' });
      expect(stored.closedAt).toBeInstanceOf(Date);
      const moves = (await tickets.history(Number(id))).filter((h) => h.type === 'status_changed' || h.type === 'closed').map((h) => `${h.fromValue}>${h.toValue}`);
      expect(moves).toEqual(['open>in_progress', 'in_progress>on_hold', 'on_hold>in_progress', 'in_progress>resolved', 'resolved>closed']);
      const types = (await tickets.outbox(Number(id))).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['ticket.assigned', 'ticket.status_changed', 'ticket.updated', 'ticket.closed']));
    });

    it('refuses a move off the workflow with 400 {"status": [...]}, and an unknown status', async () => {
      const customer = await factories.customer();
      const id = await create(customer);
      const skip = await updateStatus(id, admin, { status: 'Resolved' });
      expect(skip.status).toBe(400);
      expect(skip.body).toEqual({ status: ['A ticket cannot move from open to resolved'] });
      const unknown = await updateStatus(id, admin, { status: 'Pending' });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ status: ['"Pending" is not a valid choice.'] });
      const missing = await updateStatus(id, admin, {});
      expect(missing.body).toEqual({ status: ['This field is required.'] });
      expect((await tickets.ticket(Number(id))).status).toBe('open');
    });

    it('is for the assigned agent or an admin: 403 for the queue, a colleague’s ticket and customers', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const id = await create(customer);
      const queued = await updateStatus(id, agent, { status: 'In Progress' });
      expect(queued.status).toBe(403);
      expect(queued.body).toEqual({ error: 'This ticket is not assigned to you' });
      await assignSelf(id, colleague);
      const theirs = await updateStatus(id, agent, { status: 'On Hold' });
      expect(theirs.status).toBe(403);
      expect(theirs.body).toEqual({ error: 'You can only access tickets assigned to you or in the unassigned queue' });
      expect((await updateStatus(id, customer, { status: 'Closed' })).status).toBe(403);
      expect((await updateStatus(id, admin, { status: 'On Hold' })).status).toBe(200);
      expect((await updateStatus('999999999', admin, { status: 'On Hold' })).status).toBe(404);
    });
  });

  describe('POST /api/support/tickets/{ticket_id}/assign-self/', () => {
    it('assigns the ticket to the agent and moves it to In Progress', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const id = await create(customer);
      const res = await assignSelf(id, agent);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Ticket assigned to you successfully', ticket: { id, status: 'In Progress', agent_id: String(agent.user.id) } });
      const events = await tickets.outbox(Number(id));
      expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned', 'ticket.status_changed']);
      expect(events[1].payload.data).toEqual({ from: null, to: agent.user.id });
      expect((await tickets.history(Number(id))).map((h) => h.type)).toEqual(['created', 'assigned', 'status_changed']);
    });

    it('answers 400 {"ticket": ["Ticket is already assigned"]} once assigned, to anyone', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const id = await create(customer);
      await assignSelf(id, agent);
      for (const who of [agent, colleague, admin]) {
        const again = await assignSelf(id, who);
        expect(again.status).toBe(400);
        expect(again.body).toEqual({ ticket: ['Ticket is already assigned'] });
      }
      expect((await tickets.ticket(Number(id))).assigneeId).toBe(agent.user.id);
    });

    it('gives a ticket taken by two agents at once to exactly one of them', async () => {
      const customer = await factories.customer();
      const agents = [await factories.agent(), await factories.agent(), await factories.agent()];
      const id = await create(customer);
      const results = await Promise.all(agents.map((agent) => assignSelf(id, agent)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
      const winner = agents[results.findIndex((r) => r.status === 200)];
      expect((await tickets.ticket(Number(id))).assigneeId).toBe(winner.user.id);
      expect((await tickets.history(Number(id))).filter((h) => h.type === 'assigned')).toHaveLength(1);
    });

    it('is 403 for an unapproved agent and a customer, 404 for a missing ticket', async () => {
      const customer = await factories.customer();
      const pending = await factories.unapprovedAgent();
      const id = await create(customer);
      const res = await assignSelf(id, pending);
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'Your agent account is awaiting admin approval' });
      expect((await assignSelf(id, customer)).status).toBe(403);
      const missing = await assignSelf('999999999', await factories.agent());
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: 'Ticket not found' });
    });
  });

  describe('POST /api/support/tickets/{ticket_id}/reassign/', () => {
    it('lets an admin hand a ticket to an approved agent; the previous agent loses it', async () => {
      const customer = await factories.customer();
      const [agent, other] = [await factories.agent(), await factories.agent()];
      const id = await create(customer);
      await assignSelf(id, agent);
      const res = await app.http.post(`/api/support/tickets/${id}/reassign/`, { agent_id: String(other.user.id) }, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Ticket reassigned successfully', ticket: { id, agent_id: String(other.user.id) } });
      const assigned = (await tickets.outbox(Number(id))).filter((e) => e.type === 'ticket.assigned').map((e) => e.payload.data);
      expect(assigned).toEqual([
        { from: null, to: agent.user.id },
        { from: agent.user.id, to: other.user.id },
      ]);
      expect((await details(id, agent)).status).toBe(403);
      expect((await details(id, other)).status).toBe(200);
      expect((await tickets.ticket(Number(id))).status).toBe('in_progress');
    });

    it('refuses anyone but an approved agent as the target (404 {error}) and bad input (400)', async () => {
      const customer = await factories.customer();
      const pending = await factories.unapprovedAgent();
      const id = await create(customer);
      const cases: [unknown, number, unknown][] = [
        [String(pending.user.id), 404, { error: 'Agent is not approved' }],
        [String(customer.user.id), 404, { error: 'Agent not found' }],
        [String(admin.user.id), 404, { error: 'Agent not found' }],
        ['999999999', 404, { error: 'Agent not found' }],
        ['abc', 400, { agent_id: ['A valid integer is required.'] }],
        [undefined, 400, { agent_id: ['This field is required.'] }],
      ];
      for (const [agentId, status, body] of cases) {
        const res = await app.http.post(`/api/support/tickets/${id}/reassign/`, agentId === undefined ? {} : { agent_id: agentId }, { token: admin.token });
        expect([res.status, res.body]).toEqual([status, body]);
      }
      expect((await tickets.ticket(Number(id))).assigneeId).toBeNull();
    });

    it('is for admins only', async () => {
      const customer = await factories.customer();
      const [agent, other] = [await factories.agent(), await factories.agent()];
      const id = await create(customer);
      await assignSelf(id, agent);
      const res = await app.http.post(`/api/support/tickets/${id}/reassign/`, { agent_id: String(other.user.id) }, { token: agent.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'You do not have permission to perform this action.' });
      expect((await tickets.ticket(Number(id))).assigneeId).toBe(agent.user.id);
    });
  });

  describe('POST /api/support/tickets/{ticket_id}/add-note/', () => {
    it('adds a staff-only note: 201 with the seed’s body and a note.created event', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const id = await create(customer);
      await assignSelf(id, agent);
      const res = await addNote(id, agent);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        message: 'Internal note added successfully',
        note: { id: expect.stringMatching(ID), note: 'Awaiting customer photos of damaged item', created_at: expect.stringMatching(CONSOLE_TIME) },
      });
      const event = (await tickets.outbox(Number(id))).find((e) => e.type === 'note.created');
      expect(event?.payload.data).toEqual({ noteId: Number(res.body.note.id) });
      expect((await tickets.ticket(Number(id))).messageCount).toBe(0);
    });

    it('is for the assigned agent or an admin: 403 on the queue, a colleague’s ticket, for customers', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const id = await create(customer);
      const queued = await addNote(id, agent);
      expect(queued.status).toBe(403);
      expect(queued.body).toEqual({ error: 'This ticket is not assigned to you' });
      await assignSelf(id, colleague);
      expect((await addNote(id, agent)).status).toBe(403);
      const asCustomer = await addNote(id, customer);
      expect(asCustomer.status).toBe(403);
      expect((await addNote(id, admin)).status).toBe(201);
      const blank = await addNote(id, admin, '   ');
      expect(blank.status).toBe(400);
      expect(blank.body).toEqual({ note: ['This field may not be blank.'] });
    });
  });

  describe('POST /api/support/tickets/{ticket_id}/feedback/', () => {
    it('takes the owner’s rating once the ticket is resolved: 201 with the rating as a string', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const id = await resolvedBy(agent, customer);
      const res = await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: '5', comment: 'Agent was very helpful' }, { token: customer.token });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ message: 'Feedback submitted successfully', feedback: { id: expect.stringMatching(ID), rating: '5', created_at: expect.stringMatching(CONSOLE_TIME) } });
      expect(await db().getRepository(TicketFeedback).findOneByOrFail({ ticketId: Number(id) })).toMatchObject({ rating: 5, comment: 'Agent was very helpful', customerId: customer.user.id });

      const again = await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: '4' }, { token: customer.token });
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ ticket: ['Feedback has already been submitted for this ticket'] });
    });

    it('accepts a closed ticket and a numeric rating', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const id = await resolvedBy(agent, customer);
      await updateStatus(id, agent, { status: 'Closed' });
      const res = await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: 3 }, { token: customer.token });
      expect(res.status).toBe(201);
      expect(res.body.feedback.rating).toBe('3');
    });

    it('refuses a ticket that is not resolved yet and a rating outside 1–5', async () => {
      const customer = await factories.customer();
      const id = await create(customer);
      const early = await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: '5' }, { token: customer.token });
      expect(early.status).toBe(400);
      expect(early.body).toEqual({ ticket: ['Feedback can only be submitted once the ticket is resolved or closed'] });
      for (const rating of ['0', '6', 'great', 4.5, null]) {
        const bad = await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating }, { token: customer.token });
        expect(bad.status).toBe(400);
        expect(Object.keys(bad.body)).toEqual(['rating']);
      }
      expect((await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: '7' }, { token: customer.token })).body).toEqual({ rating: ['"7" is not a valid choice.'] });
    });

    it('is only for the ticket’s own customer', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const agent = await factories.agent();
      const id = await resolvedBy(agent, owner);
      const res = await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: '1' }, { token: stranger.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'You can only view your own tickets' });
      expect((await app.http.post(`/api/support/tickets/${id}/feedback/`, { rating: '1' }, { token: agent.token })).status).toBe(403);
      expect((await app.http.post('/api/support/tickets/999999999/feedback/', { rating: '1' }, { token: owner.token })).status).toBe(404);
      expect(await db().getRepository(TicketFeedback).countBy({ ticketId: Number(id) })).toBe(0);
    });
  });

  describe('GET /api/agent/tickets/ and GET /api/admin/support/tickets/', () => {
    it('shows an agent their tickets and the unassigned queue (not a colleague’s), filtered by status', async () => {
      const customer = await factories.customer({ name: 'John Customer' });
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const queued = await create(customer);
      const mine = await create(customer);
      const theirs = await create(customer);
      await assignSelf(mine, agent);
      await assignSelf(theirs, colleague);

      const res = await app.http.get('/api/agent/tickets/?page_size=100', { token: agent.token });
      expect(res.status).toBe(200);
      const ids = res.body.tickets.map((t: { id: string }) => t.id);
      expect(ids).toEqual(expect.arrayContaining([mine, queued]));
      expect(ids).not.toContain(theirs);
      expect(res.body.tickets.find((t: { id: string }) => t.id === mine)).toEqual({
        id: mine,
        subject: 'Package arrived damaged',
        description: 'The item inside was broken due to improper packaging',
        category: 'Damaged',
        status: 'In Progress',
        priority: 'Medium',
        customer_name: 'John Customer',
        customer_id: String(customer.user.id),
        created_at: expect.stringMatching(CONSOLE_TIME),
        updated_at: expect.stringMatching(CONSOLE_TIME),
      });

      const open = (await app.http.get('/api/agent/tickets/?status=Open&page_size=100', { token: agent.token })).body.tickets.map((t: { id: string }) => t.id);
      expect(open).toContain(queued);
      expect(open).not.toContain(mine);
      const inProgress = (await app.http.get('/api/agent/tickets/?status=In%20Progress&page_size=100', { token: agent.token })).body.tickets.map((t: { id: string }) => t.id);
      expect(inProgress).toContain(mine);
      expect(inProgress).not.toContain(queued);
      expect(inProgress).not.toContain(theirs);
    });

    it('refuses unapproved agents and customers, and an unknown status', async () => {
      const pending = await factories.unapprovedAgent();
      const res = await app.http.get('/api/agent/tickets/', { token: pending.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'Your agent account is awaiting admin approval' });
      expect((await app.http.get('/api/agent/tickets/', { token: (await factories.customer()).token })).status).toBe(403);
      const bad = await app.http.get('/api/agent/tickets/?status=Pending', { token: (await factories.agent()).token });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ status: ['"Pending" is not a valid choice.'] });
    });

    it('shows an admin every ticket with customer and agent names; nobody else', async () => {
      const customer = await factories.customer({ name: 'John Customer' });
      const agent = await factories.agent({ name: 'John Agent' });
      const id = await create(customer);
      await assignSelf(id, agent);
      const res = await app.http.get('/api/admin/support/tickets/?status=In%20Progress&page_size=100', { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body.tickets.find((t: { id: string }) => t.id === id)).toEqual({
        id,
        subject: 'Package arrived damaged',
        category: 'Damaged',
        status: 'In Progress',
        priority: 'Medium',
        customer_name: 'John Customer',
        agent_name: 'John Agent',
        created_at: expect.stringMatching(CONSOLE_TIME),
        updated_at: expect.stringMatching(CONSOLE_TIME),
      });
      expect(res.body.tickets.every((t: { status: string }) => t.status === 'In Progress')).toBe(true);
      expect((await app.http.get('/api/admin/support/tickets/', { token: agent.token })).status).toBe(403);
      expect((await app.http.get('/api/admin/support/tickets/')).status).toBe(401);
    });

    it('shows tickets of the vertical apps in Title words too', async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'munch');
      const created = await app.http.post('/api/customer/munch/support/ticket', { orderId: order.id, issueType: 'PAYMENT_ISSUE', description: 'I was charged twice for this.' }, { token: customer.token });
      const id = String(created.body.data.ticketId);
      const row = (await app.http.get('/api/admin/support/tickets/?page_size=100', { token: admin.token })).body.tickets.find((t: { id: string }) => t.id === id);
      expect(row).toMatchObject({ category: 'Payment Issue', status: 'Open' });
      await db().getRepository(Ticket).findOneByOrFail({ id: Number(id) });
    });
  });

  describe('FAQ', () => {
    it('lets admins create, replace and delete FAQs; everyone reads them, filtered by category', async () => {
      const created = await app.http.post(
        '/api/admin/faq/',
        { question: 'What if my package arrived damaged?', answer: 'Please create a support ticket immediately...', category: 'Damaged' },
        { token: admin.token },
      );
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        message: 'FAQ created successfully',
        faq: { id: expect.stringMatching(ID), question: 'What if my package arrived damaged?', answer: 'Please create a support ticket immediately...', category: 'Damaged' },
      });
      const faqId = created.body.faq.id;
      await app.http.post('/api/admin/faq/', { question: 'Where is my parcel?', answer: 'Track it in the app.', category: 'Lost' }, { token: admin.token });

      const all = await app.http.get('/api/support/faq/');
      expect(all.status).toBe(200);
      expect(all.body.faqs).toEqual(expect.arrayContaining([created.body.faq]));
      const damaged = await app.http.get('/api/support/faq/?category=Damaged');
      expect(damaged.body.faqs.length).toBeGreaterThan(0);
      expect(damaged.body.faqs.every((f: { category: string }) => f.category === 'Damaged')).toBe(true);
      const badCategory = await app.http.get('/api/support/faq/?category=Broken');
      expect(badCategory.status).toBe(400);
      expect(badCategory.body).toEqual({ category: ['"Broken" is not a valid choice.'] });

      const updated = await app.http.put(`/api/admin/faq/${faqId}/`, { question: 'Damaged package?', answer: 'Open a ticket with photos.', category: 'Quality' }, { token: admin.token });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual({ message: 'FAQ updated successfully', faq: { id: faqId, question: 'Damaged package?', answer: 'Open a ticket with photos.', category: 'Quality' } });

      const deleted = await app.http.delete(`/api/admin/faq/${faqId}/`, { token: admin.token });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ message: 'FAQ deleted successfully' });
      expect(await db().getRepository(Faq).existsBy({ id: Number(faqId) })).toBe(false);
      for (const res of [
        await app.http.delete(`/api/admin/faq/${faqId}/`, { token: admin.token }),
        await app.http.put(`/api/admin/faq/${faqId}/`, { question: 'Q', answer: 'A', category: 'Other' }, { token: admin.token }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'FAQ not found' });
      }
    });

    it('validates FAQs and keeps their management to admins', async () => {
      const incomplete = await app.http.post('/api/admin/faq/', { question: 'Q?' }, { token: admin.token });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body).toEqual({ answer: ['This field is required.'], category: ['This field is required.'] });
      const body = { question: 'Q?', answer: 'A.', category: 'Other' };
      for (const who of [await factories.agent(), await factories.customer()]) {
        const res = await app.http.post('/api/admin/faq/', body, { token: who.token });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: 'You do not have permission to perform this action.' });
      }
      expect((await app.http.post('/api/admin/faq/', body)).status).toBe(401);
      const faq = await app.http.post('/api/admin/faq/', body, { token: admin.token });
      const agent = await factories.agent();
      expect((await app.http.put(`/api/admin/faq/${faq.body.faq.id}/`, body, { token: agent.token })).status).toBe(403);
      expect((await app.http.delete(`/api/admin/faq/${faq.body.faq.id}/`, { token: agent.token })).status).toBe(403);
    });
  });

  it('renders unknown console routes and malformed JSON in its own format', async () => {
    const customer = await factories.customer();
    const unknown = await app.http.get('/api/support/nothing-here/', { token: customer.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'Not found' });
    const malformed = await app.http.post('/api/support/tickets/create/', undefined, { token: customer.token, raw: '{"subject":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ non_field_errors: [expect.stringContaining('JSON')] });
  });
});
