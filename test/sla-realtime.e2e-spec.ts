import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SlaConfigService } from '@mm/sla';
import { Factories, Person } from './support/factories';
import { startServiceProcess } from './support/service-process';
import { connectSocket, describeWithPostgres, ownDatabase, RecordingSocket, TEST_REDIS_URL } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';
import { TicketHelpers } from './support/tickets';

const MINUTE = 60_000;

/**
 * SPEC 7.2 in real time: one-minute targets, no request after the tickets are
 * set up, two instances running; then a crash with a breach falling due while
 * nothing runs. Slow by nature (a few minutes): the rest of the SLA behaviour
 * is proven on a clock the test controls (sla.e2e-spec.ts).
 */
describeWithPostgres('service levels in real time', () => {
  let db: { url: string; drop(): Promise<void> };
  let sql: Client;
  let env: Record<string, string>;
  let a: TestApp;
  let b: TestApp;
  let admin: Person;
  let customer: Person;

  const openTicket = async (app: TestApp, category: string) => {
    const res = await app.http.post('/api/support-tickets', { subject: 'Late delivery', description: 'My order is an hour late', category }, { token: customer.token });
    expect(res.status).toBe(201);
    return Number(res.body.data.id);
  };
  const breaches = async (ticketId: number) =>
    (await sql.query(`SELECT details FROM ticket_history WHERE ticket_id = $1 AND type = 'sla_breached'`, [ticketId])).rows.map((row) => row.details);
  const firstReplyDue = async (ticketId: number): Promise<Date> =>
    (await sql.query(`SELECT due_at FROM sla_clocks WHERE ticket_id = $1 AND metric = 'first_reply'`, [ticketId])).rows[0].due_at;

  async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('Timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  beforeAll(async () => {
    db = await ownDatabase();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    const factories = new Factories(a);
    admin = await factories.admin();
    customer = await factories.customer();
    const ctx = new TicketHelpers(a).contextOf(admin);
    const config = a.running.app.get(SlaConfigService);
    const [aroundTheClock] = (await config.listCalendars(ctx)).items;
    const base = { calendarId: aroundTheClock.id, targets: { medium: { firstReplyMinutes: 1 } } };
    await config.createPolicy(ctx, { ...base, name: 'Billing, one minute', position: 1, match: { categories: ['billing'] }, breachAction: 'notify' });
    await config.createPolicy(ctx, { ...base, name: 'Technical, one minute, escalating', position: 2, match: { categories: ['technical'] }, breachAction: 'escalate' });
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sql?.end();
    await db?.drop();
  });

  it(
    'breaches within 60 s of the due time without traffic, once across two instances, escalating where the policy says; not after a reply or a hold',
    async () => {
      let staff: RecordingSocket | undefined;
      try {
        staff = await connectSocket(b.url, { token: admin.token });
        const quiet = await openTicket(a, 'billing');
        const escalating = await openTicket(b, 'technical');
        const replied = await openTicket(a, 'billing');
        const held = await openTicket(a, 'billing');
        expect((await b.http.post(`/api/support-tickets/${replied}/messages`, { message: 'On it' }, { token: admin.token })).status).toBe(201);
        expect((await b.http.put(`/api/support/tickets/${held}/update-status/`, { status: 'In Progress' }, { token: admin.token })).status).toBe(200);
        expect((await b.http.put(`/api/support/tickets/${held}/update-status/`, { status: 'On Hold' }, { token: admin.token })).status).toBe(200);

        for (const ticketId of [quiet, escalating]) {
          const event = await staff.next('support:sla_breached', (payload) => payload.ticketId === ticketId, 2.5 * MINUTE);
          const dueAt = await firstReplyDue(ticketId);
          expect(event.dueAt).toBe(dueAt.toISOString());
          const late = new Date(event.breachedAt).getTime() - dueAt.getTime();
          expect(late).toBeGreaterThanOrEqual(0);
          expect(late).toBeLessThan(MINUTE);
        }
        // Let both instances' later wake-ups and polls pass: still one breach each.
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        expect(await breaches(quiet)).toHaveLength(1);
        expect(await breaches(escalating)).toHaveLength(1);
        expect(staff.received('support:sla_breached').filter((payload) => payload.ticketId === quiet)).toHaveLength(1);
        expect(await breaches(replied)).toEqual([]);
        expect(await breaches(held)).toEqual([]);
        const escalated = (await sql.query('SELECT status, priority, escalation_level FROM tickets WHERE id = $1', [escalating])).rows[0];
        expect(escalated).toEqual({ status: 'escalated', priority: 'high', escalation_level: 1 });
        expect((await sql.query('SELECT priority, escalation_level FROM tickets WHERE id = $1', [quiet])).rows[0]).toEqual({ priority: 'medium', escalation_level: 0 });
      } finally {
        staff?.close();
      }
    },
    4 * MINUTE,
  );

  it(
    'fires a breach that fell due while the service was down (killed) right after it starts again',
    async () => {
      await Promise.all([a.close(), b.close()]);
      const first = await startServiceProcess(env);
      let ticketId: number;
      try {
        const res = await first.http.post('/api/support-tickets', { subject: 'Refund', description: 'Where is my refund?', category: 'billing' }, { token: customer.token });
        expect(res.status).toBe(201);
        ticketId = Number(res.body.data.id);
      } finally {
        await first.stop('SIGKILL');
      }
      const dueAt = await firstReplyDue(ticketId);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueAt.getTime() + 5_000 - Date.now())));
      expect(await breaches(ticketId)).toEqual([]);

      const second = await startServiceProcess(env);
      try {
        const startedAt = Date.now();
        const [breach] = await waitFor(async () => ((await breaches(ticketId)).length ? breaches(ticketId) : undefined), 30_000);
        expect(breach).toMatchObject({ metric: 'first_reply', dueAt: dueAt.toISOString() });
        expect(new Date(breach.breachedAt).getTime() - startedAt).toBeLessThan(30_000);
      } finally {
        await second.stop();
      }
      // Restart the in-process apps for afterAll's symmetry.
      [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    },
    4 * MINUTE,
  );
});
