/**
 * The bench's baseline (bench/baseline) answers as the service does: for the same requests on the same
 * database, the same status and body (ids and ticket numbers of creates aside), and a create writes the
 * same rows. Both run on a database of this suite's own, so that the lists' first pages are stable.
 */
import { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { buildBaseline } from '../bench/baseline/server';
import { Factories, Person } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createFreshDatabase, dropDatabase, migrate } from './support/test-database';

const MUNCH = '/api/customer/munch/support/ticket';

interface Answer {
  status: number;
  body: any;
}

describe('bench baseline: the same answers as the service', () => {
  let url: string;
  let app: TestApp;
  let baseline: { app: FastifyInstance; close: () => Promise<void> };
  let baselineUrl: string;
  let db: Client;
  let factories: Factories;
  let customer: Person;
  let other: Person;
  let agent: Person;
  let unapproved: Person;
  let admin: Person;
  let orderIds: number[];
  let ticketId: number;

  const adminUrl = () => {
    const admin = process.env.E2E_ADMIN_DATABASE_URL;
    if (!admin) throw new Error('this suite needs a PostgreSQL server (TEST_DATABASE_URL), not the embedded one');
    return admin;
  };

  beforeAll(async () => {
    url = await createFreshDatabase(adminUrl(), 'mm_test_baseline');
    await migrate(url);
    app = await startTestApp({ DATABASE_URL: url });
    const built = buildBaseline({ databaseUrl: url, jwtSecret: process.env.JWT_SECRET! });
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const address = built.app.server.address();
    baselineUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    baseline = { app: built.app, close: async () => (await built.app.close(), await built.pool.end()) };
    db = new Client({ connectionString: url });
    await db.connect();
    factories = new Factories(app);
    [customer, other, agent, unapproved, admin] = await Promise.all([factories.customer(), factories.customer(), factories.agent(), factories.unapprovedAgent(), factories.admin()]);
    orderIds = [];
    for (let i = 0; i < 4; i++) orderIds.push((await factories.order(customer.user.id, 'munch')).id);
    const created = await call(app.url, 'POST', MUNCH, customer.token, { orderId: orderIds[0], issueType: 'PAYMENT_ISSUE', description: 'I was charged twice for this order.' });
    ticketId = created.body.data.ticketId;
    // One ticket assigned to the agent, the others in the unassigned queue, for the lists.
    await db.query('UPDATE tickets SET assignee_id = $1 WHERE id = $2', [agent.user.id, ticketId]);
  });

  afterAll(async () => {
    await db?.end();
    await baseline?.close();
    await app?.close();
    if (url) await dropDatabase(adminUrl(), url);
  });

  async function call(base: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(base + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function both(method: string, path: string, token?: string, body?: unknown): Promise<[Answer, Answer]> {
    return [await call(app.url, method, path, token, body), await call(baselineUrl, method, path, token, body)];
  }

  it('track status: own ticket, someone else\'s, bad ids, no token, wrong role', async () => {
    const requests: Array<[string, string | undefined]> = [
      [`${MUNCH}/${ticketId}/status`, customer.token],
      [`${MUNCH}/${ticketId}/status`, other.token],
      [`${MUNCH}/abc/status`, customer.token],
      [`${MUNCH}/0/status`, customer.token],
      [`${MUNCH}/99999999999/status`, customer.token],
      [`${MUNCH}/${ticketId}/status`, undefined],
      [`${MUNCH}/${ticketId}/status`, 'not-a-token'],
      [`${MUNCH}/${ticketId}/status`, agent.token],
    ];
    for (const [path, token] of requests) {
      const [service, base] = await both('GET', path, token);
      expect({ path, ...base }).toEqual({ path, ...service });
    }
    const [own] = await both('GET', `${MUNCH}/${ticketId}/status`, customer.token);
    expect(own.status).toBe(200);
  });

  it('munch create: bad bodies answer alike and write nothing', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n;
    const bodies: unknown[] = [
      {},
      { orderId: 'x', issueType: 5, extra: 1 },
      { orderId: orderIds[1], issueType: 'DELIVERY_ISSUE', description: 'short' },
      { orderId: orderIds[1], issueType: 'NOPE', description: 'The food arrived cold.' },
      { orderId: 0, issueType: 'other', description: 'The food arrived cold.' },
    ];
    for (const body of bodies) {
      const [service, base] = await both('POST', MUNCH, customer.token, body);
      expect({ sent: body, ...base }).toEqual({ sent: body, ...service });
    }
    const [service, base] = await both('POST', MUNCH, other.token, { orderId: orderIds[1], issueType: 'other', description: 'Not my order at all.' });
    expect(base).toEqual(service);
    expect(service.status).toBe(404);
    expect((await db.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before);
  });

  it('munch create: the same answer, and the same rows (ticket, history, outbox event, reward, notification, key)', async () => {
    const body = { orderId: orderIds[2], issueType: 'delivery_issue', description: '  The food arrived cold and an hour late.  ' };
    const answers: Answer[] = [];
    for (const base of [app.url, baselineUrl]) answers.push(await call(base, 'POST', MUNCH, customer.token, body, { 'idempotency-key': `baseline-${base}` }));
    const [service, base] = answers;
    expect(service.status).toBe(200);
    const shape = (a: Answer) => ({ ...a, body: { ...a.body, data: { ...a.body.data, ticketId: 'id', ticketNumber: 'number' } } });
    expect(shape(base)).toEqual(shape(service));

    const rows = async (id: number) => {
      // The service's dispatcher writes the notification after the commit: wait for it.
      for (let i = 0; i < 100 && !(await db.query('SELECT 1 FROM notifications WHERE ticket_id = $1', [id])).rowCount; i++) await new Promise((r) => setTimeout(r, 100));
      const ticket = (
        await db.query(
          `SELECT origin, service_type, customer_id, group_customer_ids, subject, description, category, status, priority, order_id, possible_duplicate_of, assignee_id
           FROM tickets WHERE id = $1`,
          [id],
        )
      ).rows[0];
      const history = (await db.query('SELECT actor_id, actor_role, type, from_value, to_value, details FROM ticket_history WHERE ticket_id = $1', [id])).rows;
      const events = (await db.query('SELECT type, payload, delivered_at IS NOT NULL AS delivered FROM outbox_events WHERE ticket_id = $1', [id])).rows.map((e) => ({
        ...e,
        payload: { ...e.payload, occurredAt: 'at', ticket: { ...e.payload.ticket, id: 'id', ticketNumber: 'number' } },
      }));
      const rewards = (await db.query('SELECT customer_id, reason, action, points, credit_minor FROM reward_ledger WHERE ticket_id = $1', [id])).rows;
      const notifications = (await db.query('SELECT user_id, kind, locale, body FROM notifications WHERE ticket_id = $1', [id])).rows;
      return { ticket, history, events, rewards, notifications };
    };
    const serviceRows = await rows(service.body.data.ticketId);
    const baseRows = await rows(base.body.data.ticketId);
    expect(baseRows).toEqual({ ...serviceRows, ticket: { ...serviceRows.ticket, possible_duplicate_of: service.body.data.ticketId } });
    expect(serviceRows.rewards).toHaveLength(1);
    expect(serviceRows.notifications).toHaveLength(1);
    expect((await db.query('SELECT interactions FROM reward_daily_counters WHERE customer_id = $1', [customer.user.id])).rows[0].interactions).toBe(3);
    const keys = (await db.query('SELECT response_status, response_body FROM idempotency_keys WHERE scope = $1 ORDER BY key', [`customer:${customer.user.id}`])).rows;
    expect(keys).toHaveLength(2);

    // A replay of either answers the first response again and writes nothing.
    for (const [index, server] of [app.url, baselineUrl].entries()) {
      const replay = await call(server, 'POST', MUNCH, customer.token, body, { 'idempotency-key': `baseline-${server}` });
      expect(replay).toEqual(answers[index]);
    }
  });

  it('helpdesk list and desk list, first page: the same for an agent and an admin; the same refusals', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['/api/support-tickets', agent.token],
      ['/api/support-tickets', admin.token],
      ['/api/support-tickets', unapproved.token],
      ['/api/support-tickets', undefined],
      ['/api/desk/tickets', agent.token],
      ['/api/desk/tickets', admin.token],
      ['/api/desk/tickets', unapproved.token],
      ['/api/desk/tickets', customer.token],
      ['/api/desk/tickets', undefined],
    ];
    for (const [path, token] of cases) {
      const [service, base] = await both('GET', path, token);
      expect({ path, ...base }).toEqual({ path, ...service });
    }
    const [list] = await both('GET', '/api/desk/tickets', agent.token);
    expect(list.body.data.length).toBeGreaterThan(0);
  });
});
