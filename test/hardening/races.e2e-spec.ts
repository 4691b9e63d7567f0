import { Client } from 'pg';
import { Person } from '../support/factories';
import { useTestApp } from '../support/harness';
import { HttpResponse } from '../support/http';
import { describeWithPostgres } from '../support/socket';
import { connect, rows } from './support/db';
import { ticketInconsistencies } from './support/invariants';
import { expectSurfaceError } from './support/surfaces';

/**
 * SPEC section 1 ("concurrent changes never interleave") and issue 7:
 * status changes, assignments, escalations and messages fired at one ticket
 * at the same moment (Promise.all of real HTTP requests, several rounds)
 * serialize: one consistent result, an unbroken history with an event per
 * entry, exact counters, and a request that lost the race and no longer
 * applies is refused whole (none of its fields merged into the winner's).
 */
const ROUNDS = 4;

describeWithPostgres('hardening: concurrent updates of one ticket', () => {
  const { app, factories, desk } = useTestApp();
  let db: Client;
  let admin: Person;

  beforeAll(async () => {
    db = await connect();
    admin = await factories.admin();
  });
  afterAll(async () => {
    await db?.end();
  });

  const ticketRow = async (id: number) => (await rows(db, 'SELECT * FROM tickets WHERE id = $1', [id]))[0];
  const statuses = (responses: HttpResponse[]) => responses.map((r) => r.status).sort();
  async function expectConsistent(ticketId: number) {
    expect(await ticketInconsistencies(db, ticketId)).toEqual([]);
  }

  it('two staff changing the status at once: one wins whole, the stale one is refused and changes nothing', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const agent = await factories.agent();
      const ticketId = await desk.assigned(await desk.createTicket(await factories.customer()), agent);
      const { priority } = await ticketRow(ticketId);
      const requests = [
        { who: agent, body: { status: 'On Hold', priority: 'Urgent' }, stored: { status: 'on_hold', priority: 'urgent' } },
        { who: admin, body: { status: 'Resolved', priority: 'Low' }, stored: { status: 'resolved', priority: 'low' } },
      ];
      const responses = await Promise.all(requests.map((r) => desk.updateStatus(ticketId, r.who, r.body)));

      // On Hold and Resolved cannot follow each other: whichever came second was decided on a stale status.
      expect(statuses(responses)).toEqual([200, 400]);
      const winner = responses.findIndex((r) => r.status === 200);
      const loser = responses[1 - winner];
      expectSurfaceError(`/api/support/tickets/${ticketId}/update-status/`, loser, 400);
      expect(loser.body.status[0]).toMatch(/cannot move from (on_hold|resolved)/);
      expect(await ticketRow(ticketId)).toMatchObject(requests[winner].stored);
      const updates = await rows(db, "SELECT details FROM ticket_history WHERE ticket_id = $1 AND type = 'updated' ORDER BY id", [ticketId]);
      expect(updates).toEqual([{ details: { changes: { priority: { from: priority, to: requests[winner].stored.priority } } } }]);
      await expectConsistent(ticketId);
    }
  });

  it('two staff setting the same status at once: one change, recorded once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const agent = await factories.agent();
      const ticketId = await desk.assigned(await desk.createTicket(await factories.customer()), agent);
      const responses = await Promise.all([agent, admin, agent].map((who) => desk.updateStatus(ticketId, who, { status: 'Resolved' })));
      expect(statuses(responses)).toEqual([200, 200, 200]);
      const changes = await rows(db, "SELECT from_value, to_value FROM ticket_history WHERE ticket_id = $1 AND type = 'status_changed' ORDER BY id", [ticketId]);
      expect(changes).toEqual([
        { from_value: 'open', to_value: 'in_progress' },
        { from_value: 'in_progress', to_value: 'resolved' },
      ]);
      await expectConsistent(ticketId);
    }
  });

  it('agents taking the same ticket at once: one owner, the others told it is already assigned', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const ticketId = await desk.createTicket(await factories.customer(), 'console');
      const staff = [await factories.agent(), await factories.agent(), await factories.agent(), admin];
      const responses = await Promise.all(staff.map((who) => desk.assignSelf(ticketId, who)));

      expect(statuses(responses)).toEqual([200, 400, 400, 400]);
      const winner = staff[responses.findIndex((r) => r.status === 200)];
      for (const refused of responses.filter((r) => r.status === 400)) expect(refused.body).toEqual({ ticket: ['Ticket is already assigned'] });
      expect(await ticketRow(ticketId)).toMatchObject({ assignee_id: winner.user.id, status: 'in_progress' });
      expect(await rows(db, "SELECT to_value FROM ticket_history WHERE ticket_id = $1 AND type = 'assigned'", [ticketId])).toEqual([{ to_value: String(winner.user.id) }]);
      await expectConsistent(ticketId);
    }
  });

  it('an admin reassigning while the assigned agent changes the status: the agent’s change applies only while it is theirs', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [agent, other] = [await factories.agent(), await factories.agent()];
      const ticketId = await desk.assigned(await desk.createTicket(await factories.customer()), agent);
      const [reassigned, changed] = await Promise.all([
        app.http.post(`/api/support/tickets/${ticketId}/reassign/`, { agent_id: String(other.user.id) }, { token: admin.token }),
        desk.updateStatus(ticketId, agent, { status: 'On Hold' }),
      ]);
      expect(reassigned.status).toBe(200);
      const ticket = await ticketRow(ticketId);
      expect(ticket.assignee_id).toBe(other.user.id);
      if (changed.status === 200) {
        // It came first, while the ticket was still the agent's.
        expect(ticket.status).toBe('on_hold');
      } else {
        expect(changed.status).toBe(403);
        expect(changed.body).toEqual({ error: expect.any(String) });
        expect(ticket.status).toBe('in_progress');
      }
      await expectConsistent(ticketId);
    }
  });

  it('one customer escalating through three surfaces at once: escalated once, one priority step, one award', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await factories.customer();
      const ticketId = await desk.createTicket(customer, 'mtxi');
      const token = { token: customer.token };
      const calls: [string, Promise<HttpResponse>, string][] = [
        ['/api/customer/munch/support/ticket/escalate', app.http.put('/api/customer/munch/support/ticket/escalate', { ticketId }, token), 'TICKET_ALREADY_ESCALATED'],
        ['/api/customer/mtxi/support/escalate', app.http.post('/api/customer/mtxi/support/escalate', { ticketId }, token), 'SUPPORT_TICKET_NOT_ESCALATABLE'],
        [`/api/customer/mtables/support/tickets/${ticketId}/escalate`, app.http.post(`/api/customer/mtables/support/tickets/${ticketId}/escalate`, {}, token), 'TICKET_ESCALATION_FAILED'],
      ];
      const responses = await Promise.all(calls.map(([, call]) => call));

      expect(statuses(responses)).toEqual([200, 400, 400]);
      responses.forEach((res, i) => {
        if (res.status === 200) return;
        expectSurfaceError(calls[i][0], res, 400);
        expect(res.body.code).toBe(calls[i][2]);
      });
      expect(await ticketRow(ticketId)).toMatchObject({ status: 'escalated', escalation_level: 1, priority: 'high' });
      expect(await rows(db, 'SELECT reason FROM reward_ledger WHERE ticket_id = $1 ORDER BY id', [ticketId])).toEqual([{ reason: 'ticket_created' }, { reason: 'ticket_escalated' }]);
      await expectConsistent(ticketId);
    }
  });

  it('an escalation racing a pick-up: both apply in one order or the other, never half of each', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const ticketId = await desk.createTicket(customer, 'munch');
      const [escalated, picked] = await Promise.all([
        app.http.put('/api/customer/munch/support/ticket/escalate', { ticketId }, { token: customer.token }),
        desk.assignSelf(ticketId, agent),
      ]);
      expect([escalated.status, picked.status]).toEqual([200, 200]);
      const ticket = await ticketRow(ticketId);
      expect(ticket).toMatchObject({ assignee_id: agent.user.id, escalation_level: 1, priority: 'high' });
      // Escalated first (open → escalated → in_progress) or picked up first (open → in_progress → escalated).
      expect(['in_progress', 'escalated']).toContain(ticket.status);
      await expectConsistent(ticketId);
    }
  });

  it('messages from the customer, a group member and the agent at once: each counted once, flags as the last one left them', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [owner, member, agent] = [await factories.customer(), await factories.customer(), await factories.agent()];
      const ticketId = await desk.assigned(await desk.groupTicket(owner, [member]), agent);
      const senders = [owner, member, agent, owner, member, agent, owner, agent];
      const responses = await Promise.all(senders.map((who, i) => desk.sendMessage(ticketId, who, `message ${i} from ${who.user.role}`)));

      expect(responses.map((r) => r.status)).toEqual(senders.map(() => 201));
      expect(new Set(responses.map((r) => r.body.data.id)).size).toBe(senders.length);
      const ticket = await ticketRow(ticketId);
      expect(ticket.message_count).toBe(senders.length);
      const [last] = await rows(db, 'SELECT sender_type FROM ticket_messages WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1', [ticketId]);
      expect({ is_customer_read: ticket.is_customer_read, is_admin_read: ticket.is_admin_read }).toEqual(
        last.sender_type === 'customer' ? { is_customer_read: true, is_admin_read: false } : { is_customer_read: false, is_admin_read: true },
      );
      await expectConsistent(ticketId);
    }
  });

  it('replies reopening a resolved ticket while staff close it: every move follows from the one before', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [customer, agent] = [await factories.customer(), await factories.agent()];
      const ticketId = await desk.resolved(await desk.createTicket(customer), agent);
      const responses = await Promise.all([
        desk.sendMessage(ticketId, customer, 'It is still broken'),
        desk.updateStatus(ticketId, agent, { status: 'Closed' }),
        desk.sendMessage(ticketId, agent, 'Looking at it again'),
        app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Customer came back' }, { token: agent.token }),
      ]);
      expect(responses[0].status).toBe(201);
      expect(responses[2].status).toBe(201);
      expect(responses[3].status).toBe(201);
      // Closing is refused only when a reply reopened the ticket first (in progress: not closable).
      if (responses[1].status !== 200) {
        expect(responses[1].status).toBe(400);
        expect(responses[1].body.status[0]).toMatch(/cannot move from (open|in_progress) to closed/);
      }
      await expectConsistent(ticketId);
    }
  });

  it('feedback sent twice at once, an order cancelled by its customer and staff at once, one email registered twice at once: each happens once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [customer, agent] = [await factories.customer(), await factories.agent()];
      const ticketId = await desk.resolved(await desk.createTicket(customer), agent);
      const feedback = await Promise.all([5, 4, 3].map((rating) => app.http.post(`/api/support/tickets/${ticketId}/feedback/`, { rating: String(rating) }, { token: customer.token })));
      expect(statuses(feedback)).toEqual([201, 400, 400]);
      for (const refused of feedback.filter((r) => r.status === 400)) expect(refused.body).toEqual({ ticket: [expect.stringMatching(/already/)] });
      expect(await rows(db, 'SELECT count(*)::int AS n FROM ticket_feedback WHERE ticket_id = $1', [ticketId])).toEqual([{ n: 1 }]);

      const order = await factories.order(customer.user.id, 'munch', { status: 'pending' });
      const cancels = await Promise.all([customer, agent, admin].map((who, i) => app.http.post(`/api/orders/${order.id}/cancel`, { reason: `reason ${i}` }, { token: who.token })));
      expect(statuses(cancels)).toEqual([200, 400, 400]);
      const winner = cancels.find((r) => r.status === 200)!;
      const [stored] = await rows(db, 'SELECT status, cancellation_reason FROM orders WHERE id = $1', [order.id]);
      expect(stored).toEqual({ status: 'cancelled', cancellation_reason: winner.body.data.cancellation_reason });

      const email = `race-${round}-${Date.now()}@example.test`;
      const registrations = await Promise.all(
        ['/api/auth/register', '/api/support/register-agent/', '/api/auth/register'].map((path) => app.http.post(path, { email, password: 'Passw0rd!long', name: 'Racer' })),
      );
      expect(statuses(registrations)).toEqual([201, 400, 400]);
      expect(await rows(db, 'SELECT count(*)::int AS n FROM users WHERE lower(email) = $1', [email])).toEqual([{ n: 1 }]);
    }
  });

  it('everything at once on one ticket: status, assignment, escalation, messages, notes — still one consistent story', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await factories.customer();
      const [agent, other] = [await factories.agent(), await factories.agent()];
      const ticketId = await desk.createTicket(customer, 'helpdesk');
      const responses = await Promise.all([
        desk.assignSelf(ticketId, agent),
        desk.assignSelf(ticketId, other),
        app.http.put('/api/customer/munch/support/ticket/escalate', { ticketId }, { token: customer.token }),
        desk.sendMessage(ticketId, customer, 'Hello?'),
        desk.sendMessage(ticketId, customer, 'Anyone?'),
        desk.updateStatus(ticketId, admin, { status: 'In Progress', priority: 'Urgent' }),
        desk.sendMessage(ticketId, admin, 'On it'),
        app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Escalation pending' }, { token: admin.token }),
      ]);
      for (const res of responses) expect(res.status).toBeLessThan(500);
      expect(responses.filter((r, i) => i < 2 && r.status === 200)).toHaveLength(1);
      await expectConsistent(ticketId);
    }
  });
});
