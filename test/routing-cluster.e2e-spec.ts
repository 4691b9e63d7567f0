import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RoutingDispatcher } from '@mm/routing';
import { Factories, Person } from './support/factories';
import { describeWithPostgres, ownDatabase, settle, TEST_REDIS_URL } from './support/socket';
import { Sockets } from './support/harness';
import { startTestApp, TestApp } from './support/test-app';

const MINUTE = 60_000;

/**
 * Two API instances on one database and one Redis: routing from both at once
 * never overloads an agent nor assigns a ticket twice; the offline rule sees
 * sockets on either instance; collision detection crosses instances.
 */
describeWithPostgres('routing and collision detection across two instances', () => {
  let db: { url: string; drop(): Promise<void> };
  let a: TestApp;
  let b: TestApp;
  let factories: Factories;
  let admin: Person;
  let customer: Person;
  const sockets = new Sockets();

  const sql = (text: string, params: unknown[] = []) => a.running.app.get(DataSource).query(text, params);
  const connect = (app: TestApp, person: Person) => sockets.connect(person, { url: app.url });
  async function open(app: TestApp): Promise<number> {
    const res = await app.http.post('/api/support-tickets', { subject: 'Booking', description: 'My booking vanished', category: 'order' }, { token: customer.token });
    expect(res.status).toBe(201);
    return Number(res.body.data.id);
  }

  beforeAll(async () => {
    db = await ownDatabase();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    factories = new Factories(a);
    admin = await factories.admin();
    customer = await factories.customer();
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    sockets.closeAll();
    await Promise.all([a?.close(), b?.close()]);
    await db?.drop();
  });

  it('two instances routing at once: nobody over capacity, no ticket assigned twice, the rest waits', async () => {
    const agents = [await factories.agent(), await factories.agent(), await factories.agent()];
    for (const [i, agent] of agents.entries()) {
      expect((await a.http.patch(`/api/desk/agents/${agent.user.id}`, { capacity: i + 1 }, { token: admin.token })).status).toBe(200);
      await connect(i % 2 ? b : a, agent);
      expect((await (i % 2 ? b : a).http.put('/api/desk/me/availability', { status: 'online' }, { token: agent.token })).status).toBe(200);
    }
    // Tickets arrive on both instances while routing is off, then more while both route.
    const early = await Promise.all(Array.from({ length: 6 }, (_, i) => open(i % 2 ? b : a)));
    expect((await b.http.put('/api/desk/routing', { mode: 'least_loaded' }, { token: admin.token })).status).toBe(200);
    const late = Promise.all(Array.from({ length: 6 }, (_, i) => open(i % 2 ? a : b)));
    const rounds = Array.from({ length: 4 }, () => [a.running.app.get(RoutingDispatcher).dispatch(), b.running.app.get(RoutingDispatcher).dispatch()]).flat();
    const tickets = [...early, ...(await late)];
    await Promise.all(rounds);
    await settle(2500); // the queued dispatch jobs of both instances run too
    await Promise.all([a.running.app.get(RoutingDispatcher).dispatch(), b.running.app.get(RoutingDispatcher).dispatch()]);

    const load = await sql(`SELECT assignee_id, count(*)::int AS n FROM tickets WHERE id = ANY($1) AND assignee_id IS NOT NULL GROUP BY assignee_id`, [tickets]);
    expect(Object.fromEntries(load.map((row: { assignee_id: number; n: number }) => [row.assignee_id, row.n]))).toEqual({ [agents[0].user.id]: 1, [agents[1].user.id]: 2, [agents[2].user.id]: 3 });
    const assignments = await sql(`SELECT ticket_id, count(*)::int AS n FROM ticket_history WHERE ticket_id = ANY($1) AND type = 'assigned' GROUP BY ticket_id`, [tickets]);
    expect(assignments).toHaveLength(6);
    expect(assignments.every((row: { n: number }) => row.n === 1)).toBe(true);
    expect((await sql(`SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1) AND assignee_id IS NULL`, [tickets]))[0].n).toBe(6);
    await sql(`UPDATE routing_settings SET mode = 'off'`);
    await sql(`UPDATE agent_routing SET status = 'offline'`);
  }, 60_000);

  it('a socket on the other instance keeps the agent online; with none left anywhere, one instance takes them offline, once', async () => {
    const agent = await factories.agent();
    const onA = await connect(a, agent);
    await connect(b, agent);
    await a.http.put('/api/desk/me/availability', { status: 'online' }, { token: agent.token });
    onA.close();
    await settle(500);
    const later = new Date(Date.now() + 5 * MINUTE);
    expect(await a.running.app.get(RoutingDispatcher).sweepOffline(later)).toEqual([]);
    expect((await sql('SELECT status FROM agent_routing WHERE agent_id = $1', [agent.user.id]))[0].status).toBe('online');

    sockets.closeAll();
    await settle(500);
    const swept = await Promise.all([a.running.app.get(RoutingDispatcher).sweepOffline(later), b.running.app.get(RoutingDispatcher).sweepOffline(later)]);
    expect(swept.flat()).toEqual([agent.user.id]);
    expect((await sql('SELECT status FROM agent_routing WHERE agent_id = $1', [agent.user.id]))[0].status).toBe('offline');
  });

  it('an instance that starts counts the agents whose sockets vanished with a stopped instance', async () => {
    const agent = await factories.agent();
    // Online, counted as connected, but no socket anywhere: what a crashed instance leaves behind.
    await sql(`INSERT INTO agent_routing (agent_id, status) VALUES ($1, 'online')`, [agent.user.id]);
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    const c = await startTestApp(env);
    try {
      let since: Date | null = null;
      for (let i = 0; i < 50 && !since; i++) {
        since = (await sql('SELECT disconnected_since FROM agent_routing WHERE agent_id = $1', [agent.user.id]))[0].disconnected_since;
        if (!since) await settle(100);
      }
      expect(since).not.toBeNull();
      expect(await c.running.app.get(RoutingDispatcher).sweepOffline(new Date(since!.getTime() + 2 * MINUTE))).toEqual([agent.user.id]);
    } finally {
      await c.close();
    }
  });

  it('support:ticket_viewers: who views and types, across instances; gone when a socket leaves or drops', async () => {
    const [camille, dominique] = [await factories.agent(), await factories.agent()];
    const ticket = await open(a);
    const adminOnA = await connect(a, admin);
    expect(await adminOnA.emitWithAck('join', { ticketId: ticket })).toMatchObject({ ok: true });
    expect(await adminOnA.next('support:ticket_viewers', (p) => p.viewers.length === 1)).toEqual({ ticketId: ticket, viewers: [{ id: admin.user.id, name: admin.user.name, typing: false }] });

    const camilleOnB = await connect(b, camille); // the unassigned queue: agents may read it
    expect(await camilleOnB.emitWithAck('join', { ticketId: ticket })).toMatchObject({ ok: true });
    const both = [
      { id: admin.user.id, name: admin.user.name, typing: false },
      { id: camille.user.id, name: camille.user.name, typing: false },
    ].sort((x, y) => x.id - y.id);
    expect(await adminOnA.next('support:ticket_viewers', (p) => p.viewers.length === 2)).toEqual({ ticketId: ticket, viewers: both });
    expect(await camilleOnB.next('support:ticket_viewers', (p) => p.viewers.length === 2)).toEqual({ ticketId: ticket, viewers: both });

    expect(await camilleOnB.emitWithAck('ticket:typing', { ticketId: ticket, typing: true })).toEqual({ ok: true });
    const typing = await adminOnA.next('support:ticket_viewers', (p) => p.viewers.some((v: { typing: boolean }) => v.typing));
    expect(typing.viewers.find((v: { id: number }) => v.id === camille.user.id)).toEqual({ id: camille.user.id, name: camille.user.name, typing: true });

    // Bad or unjoined typing is refused; a customer never hears who views.
    expect(await camilleOnB.emitWithAck('ticket:typing', { ticketId: ticket, typing: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const dominiqueOnA = await connect(a, dominique);
    expect(await dominiqueOnA.emitWithAck('ticket:typing', { ticketId: ticket, typing: true })).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_FOUND' } });
    const customerOnB = await connect(b, customer);
    expect(await customerOnB.emitWithAck('join', { ticketId: ticket })).toMatchObject({ ok: true });

    // Camille's socket drops: the admin sees her gone.
    const seen = adminOnA.received('support:ticket_viewers').length;
    camilleOnB.close();
    expect(await adminOnA.next('support:ticket_viewers', (p) => p.viewers.length === 1 && adminOnA.received('support:ticket_viewers').length > seen)).toEqual({
      ticketId: ticket,
      viewers: [{ id: admin.user.id, name: admin.user.name, typing: false }],
    });

    // Dominique joins on A and leaves: the admin sees her come and go.
    expect(await dominiqueOnA.emitWithAck('join', { ticketId: ticket })).toMatchObject({ ok: true });
    await adminOnA.next('support:ticket_viewers', (p) => p.viewers.some((v: { id: number }) => v.id === dominique.user.id));
    const count = adminOnA.received('support:ticket_viewers').length;
    expect(await dominiqueOnA.emitWithAck('leave', { ticketId: ticket })).toMatchObject({ ok: true });
    expect(await adminOnA.next('support:ticket_viewers', (p) => adminOnA.received('support:ticket_viewers').length > count && p.viewers.length === 1)).toMatchObject({ viewers: [{ id: admin.user.id }] });
    await settle(300);
    expect(customerOnB.received('support:ticket_viewers')).toEqual([]);
  });
});
