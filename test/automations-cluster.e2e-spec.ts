import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Factories, Person } from './support/factories';
import { describeWithPostgres, ownDatabase, settle, TEST_REDIS_URL } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Two API instances on one database, nothing but their own job queue ticking:
 * a time automation fires within two minutes of a ticket matching it, exactly
 * once, whichever instance evaluates.
 */
describeWithPostgres('time automations across two instances', () => {
  let db: { url: string; drop(): Promise<void> };
  let a: TestApp;
  let b: TestApp;
  let admin: Person;
  let customer: Person;

  const sql = (text: string, params: unknown[] = []) => a.running.app.get(DataSource).query(text, params);

  beforeAll(async () => {
    db = await ownDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    const factories = new Factories(a);
    admin = await factories.admin();
    customer = await factories.customer();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
  });

  it('closes a ticket resolved 72 hours ago within two minutes, once', async () => {
    const open = async (app: TestApp) => {
      const res = await app.http.post('/api/support-tickets', { subject: 'Refund', description: 'Charged twice', category: 'billing' }, { token: customer.token });
      expect(res.status).toBe(201);
      const id = Number(res.body.data.id);
      for (const status of ['In Progress', 'Resolved']) expect((await app.http.put(`/api/support/tickets/${id}/update-status`, { status }, { token: admin.token })).status).toBe(200);
      return id;
    };
    const tickets = [await open(a), await open(b), await open(a)];
    await sql(`UPDATE tickets SET status_changed_at = now() - interval '73 hours' WHERE id = ANY($1)`, [tickets]);
    const created = await b.http.post(
      '/api/desk/automations',
      { name: 'Close resolved', on: 'time', conditions: { all: [{ field: 'status', op: 'eq', value: 'resolved' }, { field: 'minutesSinceStatusChange', op: 'gte', value: 4320 }] }, actions: [{ type: 'set_status', value: 'closed' }] },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    const started = Date.now();

    let closed = 0;
    while (Date.now() - started < 120_000) {
      closed = (await sql(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1) AND status = 'closed'`, [tickets]))[0].n;
      if (closed === tickets.length) break;
      await settle(1000);
    }
    expect(closed).toBe(tickets.length);
    // Both instances keep ticking for a while: nothing fires twice.
    await settle(35_000);
    const runs = await sql(`SELECT ticket_id, count(*)::int AS n FROM automation_runs WHERE automation_id = $1 GROUP BY ticket_id ORDER BY ticket_id`, [created.body.id]);
    expect(runs).toEqual(tickets.map((id) => ({ ticket_id: id, n: 1 })));
    const closings = await sql(`SELECT count(*)::int AS n FROM ticket_history WHERE ticket_id = ANY($1) AND type = 'updated' AND details->'automation'->>'name' = 'Close resolved'`, [tickets]);
    expect(closings[0].n).toBe(tickets.length);
  }, 200_000);
});
