import { DataSource } from 'typeorm';
import { RoutingDispatcher } from '@mm/routing';
import { SlaConfigService } from '@mm/sla';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { describeWithPostgres, settle } from './support/socket';

const MINUTE = 60_000;

/**
 * Routing (SPEC 7.3) through the desk API and the seed surfaces: availability,
 * profiles and the mode; both modes with several agents; waiting tickets; the
 * offline rule on a clock the test controls (`sweepOffline(at)`). Its own
 * database: the routing mode is global.
 */
describeWithPostgres('routing: availability, profiles, automatic assignment', () => {
  const { app, factories, tickets: helpers, desk, sockets } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let customer: Person;
  let frCustomer: Person;
  const agents: Person[] = [];

  const sql = (text: string, params: unknown[] = []) => app.running.app.get(DataSource).query(text, params);
  const dispatcher = () => app.running.app.get(RoutingDispatcher);
  const asAdmin = { token: '' };

  async function agent(): Promise<Person> {
    const person = await factories.agent();
    agents.push(person);
    return person;
  }
  const setMode = (mode: string) => app.http.put('/api/desk/routing', { mode }, asAdmin);
  const profile = (who: Person, body: unknown) => app.http.patch(`/api/desk/agents/${who.user.id}`, body, asAdmin);
  const availability = (who: Person, status: string) => app.http.put('/api/desk/me/availability', { status }, { token: who.token });
  const open = (who: Person = customer, body: Record<string, unknown> = {}) =>
    desk.createTicket(who, 'helpdesk', { subject: 'Table booking', description: 'My booking in Paris vanished', category: 'order', priority: 'medium', ...body });
  const assigneeOf = async (ticketId: number): Promise<number | null> => (await sql('SELECT assignee_id FROM tickets WHERE id = $1', [ticketId]))[0].assignee_id;
  /** Routing runs on the job queue: waits (up to 30 s, for a loaded machine) for the ticket to get an assignee. */
  async function routed(ticketId: number): Promise<number> {
    for (let i = 0; i < 300; i++) {
      const assignee = await assigneeOf(ticketId);
      if (assignee !== null) return assignee;
      await settle(100);
    }
    throw new Error(`ticket ${ticketId} was not routed`);
  }
  /** Everything routable is given out now (the job may already have done it: the result is the same). */
  const drain = async () => {
    await dispatcher().dispatch();
  };
  const activeOf = async (who: Person): Promise<number> =>
    (await sql(`SELECT count(*)::int AS n FROM tickets WHERE assignee_id = $1 AND status NOT IN ('resolved', 'closed')`, [who.user.id]))[0].n;
  const listed = async (who: Person) => {
    const res = await app.http.get('/api/desk/agents?limit=100', asAdmin);
    expect(res.status).toBe(200);
    return res.body.data.find((a: { id: number }) => a.id === who.user.id);
  };

  /** Everyone offline, routing off, no ticket waiting: each test states its own agents and tickets. */
  async function reset(): Promise<void> {
    await sql(`UPDATE routing_settings SET mode = 'off'`);
    await sql(`UPDATE agent_routing SET status = 'offline', disconnected_since = NULL`);
    await sql(`UPDATE tickets SET status = 'closed' WHERE status <> 'closed'`);
  }

  beforeAll(async () => {
    admin = await factories.admin();
    asAdmin.token = admin.token;
    customer = await factories.customer();
    frCustomer = await factories.customer({ locale: 'fr' });
  });
  beforeEach(reset);

  describe('configuration', () => {
    it('defaults: routing off; an agent is offline with capacity 10, any skills and no active ticket', async () => {
      const fresh = await agent();
      expect((await app.http.get('/api/desk/routing', asAdmin)).body).toEqual({ mode: 'off' });
      expect(await listed(fresh)).toEqual({ id: fresh.user.id, name: fresh.user.name, email: fresh.user.email, status: 'offline', activeTickets: 0, capacity: 10, skills: {} });
    });

    it('lists agents a cursor page at a time, by id; unapproved and deactivated agents are not listed', async () => {
      const [first, second] = [await agent(), await agent()];
      const waiting = await factories.unapprovedAgent();
      const gone = await factories.agent({ deactivatedAt: new Date() });
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { data: Array<{ id: number }>; nextCursor: string | null } } = await app.http.get(`/api/desk/agents?limit=2${cursor ? `&cursor=${cursor}` : ''}`, asAdmin);
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        ids.push(...res.body.data.map((a: { id: number }) => a.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(ids).toEqual(expect.arrayContaining([first.user.id, second.user.id]));
      expect(ids).not.toContain(waiting.user.id);
      expect(ids).not.toContain(gone.user.id);
      expect((await app.http.get('/api/desk/agents?cursor=nope', asAdmin)).body).toEqual({ error: 'Validation failed', errors: { cursor: ['cursor is not a cursor of this list and sort'] } });
    });

    it('changes the mode and profiles, audited with before and after', async () => {
      const camille = await agent();
      expect((await setMode('least_loaded')).body).toEqual({ mode: 'least_loaded' });
      expect((await app.http.get('/api/desk/routing', asAdmin)).body).toEqual({ mode: 'least_loaded' });
      const res = await profile(camille, { capacity: 3, skills: { origins: ['mtables', 'helpdesk'], locales: ['fr'] } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: camille.user.id, capacity: 3, skills: { origins: ['mtables', 'helpdesk'], locales: ['fr'] } });
      expect(await listed(camille)).toMatchObject({ capacity: 3, skills: { origins: ['mtables', 'helpdesk'], locales: ['fr'] } });

      const audit = (await app.http.get('/api/desk/audit-log', asAdmin)).body.data;
      expect(audit[0]).toMatchObject({ action: 'agent_routing.updated', entityType: 'agent_routing', entityId: String(camille.user.id), before: { capacity: 10, skills: {} }, after: { capacity: 3, skills: { origins: ['mtables', 'helpdesk'], locales: ['fr'] } } });
      expect(audit[1]).toMatchObject({ action: 'routing.updated', entityType: 'routing', before: { mode: 'off' }, after: { mode: 'least_loaded' } });
    });

    it('refuses bad input with 400 and errors, changing nothing', async () => {
      const camille = await agent();
      await profile(camille, { capacity: 4 });
      const auditBefore = (await app.http.get('/api/desk/audit-log', asAdmin)).body.data.length;
      const cases: Array<[unknown, Record<string, string[]>]> = [
        [{ capacity: -1 }, { capacity: ['capacity must be an integer from 0 to 1000'] }],
        [{ capacity: 1001 }, { capacity: ['capacity must be an integer from 0 to 1000'] }],
        [{ capacity: 2.5 }, { capacity: ['capacity must be an integer from 0 to 1000'] }],
        [{ capacity: '5' }, { capacity: ['capacity must be an integer from 0 to 1000'] }],
        [{ skills: { origins: ['uber'] } }, { 'skills.origins': ['unknown origins: uber'] }],
        [{ skills: { categories: ['billing', 'refunds'] } }, { 'skills.categories': ['unknown categories: refunds'] }],
        [{ skills: { locales: ['de'] } }, { 'skills.locales': ['unknown locales: de'] }],
        [{ skills: { languages: ['fr'] } }, { 'skills.languages': ['property languages should not exist'] }],
        [{ capacity: 5, skills: 'fr' }, { skills: ['skills must be an object of origins, categories and locales'] }],
      ];
      for (const [body, errors] of cases) {
        const res = await profile(camille, body);
        expect({ body, status: res.status, res: res.body }).toEqual({ body, status: 400, res: { error: 'Validation failed', errors } });
      }
      expect(await listed(camille)).toMatchObject({ capacity: 4, skills: {} });

      const badMode = await setMode('fastest');
      expect(badMode.status).toBe(400);
      expect(badMode.body.errors).toEqual({ mode: ['mode must be one of off, round_robin, least_loaded'] });
      expect((await app.http.get('/api/desk/routing', asAdmin)).body).toEqual({ mode: 'off' });
      const badStatus = await availability(camille, 'busy');
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.errors).toEqual({ status: ['status must be one of online, away, offline'] });
      expect(await listed(camille)).toMatchObject({ status: 'offline' });
      expect((await app.http.get('/api/desk/audit-log', asAdmin)).body.data).toHaveLength(auditBefore);
    });

    it('keeps configuration to admins; availability to agents; an unknown agent is 404', async () => {
      const camille = await agent();
      expect((await app.http.put('/api/desk/routing', { mode: 'round_robin' }, { token: camille.token })).status).toBe(403);
      expect((await app.http.patch(`/api/desk/agents/${camille.user.id}`, { capacity: 50 }, { token: camille.token })).status).toBe(403);
      expect((await app.http.get('/api/desk/agents', { token: camille.token })).status).toBe(403);
      expect((await app.http.put('/api/desk/me/availability', { status: 'online' }, asAdmin)).status).toBe(403);
      expect((await app.http.put('/api/desk/me/availability', { status: 'online' }, { token: customer.token })).status).toBe(403);
      expect((await profile({ user: { id: 2_000_000_000 } } as Person, { capacity: 1 })).status).toBe(404);
      expect((await profile(admin, { capacity: 1 })).status).toBe(404);
      expect(await listed(camille)).toMatchObject({ capacity: 10, status: 'offline' });
    });
  });

  describe('availability', () => {
    it('is set by the agent, listed for admins and pushed to staff', async () => {
      const camille = await agent();
      const staff = await sockets.connect(admin);
      await sockets.connect(camille);
      expect((await availability(camille, 'online')).body).toEqual({ agentId: camille.user.id, status: 'online' });
      expect(await staff.next('support:agent_availability', (p) => p.agentId === camille.user.id)).toEqual({ agentId: camille.user.id, status: 'online' });
      expect(await listed(camille)).toMatchObject({ status: 'online' });
      expect((await app.http.get('/api/desk/me/availability', { token: camille.token })).body).toEqual({ agentId: camille.user.id, status: 'online' });
      await availability(camille, 'away');
      expect(await listed(camille)).toMatchObject({ status: 'away' });
    });

    it('is offline 2 minutes after the last socket left, on the clock the test passes; a reconnection in time keeps it', async () => {
      const camille = await agent();
      const first = await sockets.connect(camille);
      const second = await sockets.connect(camille);
      await availability(camille, 'online');
      first.close();
      await settle(300);
      second.close();
      await settle(500);
      const [{ disconnected_since: since }] = await sql('SELECT disconnected_since FROM agent_routing WHERE agent_id = $1', [camille.user.id]);
      expect(since).not.toBeNull();
      expect(await dispatcher().sweepOffline(new Date(since.getTime() + MINUTE))).toEqual([]);
      expect(await listed(camille)).toMatchObject({ status: 'online' });
      const staff = await sockets.connect(admin);
      expect(await dispatcher().sweepOffline(new Date(since.getTime() + 2 * MINUTE))).toEqual([camille.user.id]);
      expect(await listed(camille)).toMatchObject({ status: 'offline' });
      expect(await staff.next('support:agent_availability', (p) => p.agentId === camille.user.id)).toEqual({ agentId: camille.user.id, status: 'offline' });
      // Exactly once: a second sweep finds nothing.
      expect(await dispatcher().sweepOffline(new Date(since.getTime() + 3 * MINUTE))).toEqual([]);

      // Back online, the socket drops and comes back within 2 minutes: still online.
      const again = await sockets.connect(camille);
      await availability(camille, 'online');
      again.close();
      await settle(500);
      const [{ disconnected_since: later }] = await sql('SELECT disconnected_since FROM agent_routing WHERE agent_id = $1', [camille.user.id]);
      await sockets.connect(camille);
      await settle(300);
      expect(await dispatcher().sweepOffline(new Date(later.getTime() + 5 * MINUTE))).toEqual([]);
      expect(await listed(camille)).toMatchObject({ status: 'online' });
    });

    it('online with no socket at all counts the 2 minutes from then', async () => {
      const camille = await agent();
      const before = Date.now();
      await availability(camille, 'online');
      expect(await dispatcher().sweepOffline(new Date(before + 2 * MINUTE + 5_000))).toEqual([camille.user.id]);
      expect(await listed(camille)).toMatchObject({ status: 'offline' });
    });
  });

  describe('least loaded', () => {
    it('respects skills and capacity, gives nothing to offline or away agents, and a waiting ticket goes out when capacity frees', async () => {
      const [french, anyone, offline, away] = [await agent(), await agent(), await agent(), await agent()];
      await profile(french, { capacity: 5, skills: { locales: ['fr'], categories: ['order', 'billing'] } });
      await profile(anyone, { capacity: 2, skills: { locales: ['en'] } });
      for (const who of [french, anyone, away]) await sockets.connect(who);
      await availability(french, 'online');
      await availability(anyone, 'online');
      await availability(away, 'away');
      await setMode('least_loaded');

      const frTicket = await open(frCustomer);
      expect(await routed(frTicket)).toBe(french.user.id);
      const frTechnical = await open(frCustomer, { category: 'technical' }); // nobody with fr takes technical
      const enTickets = [await open(), await open()];
      for (const id of enTickets) expect(await routed(id)).toBe(anyone.user.id);
      const waiting = await open(); // anyone is full (2), french speaks no en
      await drain();
      expect(await assigneeOf(waiting)).toBeNull();
      expect(await assigneeOf(frTechnical)).toBeNull();
      expect(await activeOf(anyone)).toBe(2);
      expect(await activeOf(offline)).toBe(0);
      expect(await activeOf(away)).toBe(0);
      expect(await listed(anyone)).toMatchObject({ status: 'online', activeTickets: 2, capacity: 2 });

      await helpers.resolve(enTickets[0], admin);
      expect(await routed(waiting)).toBe(anyone.user.id);
      expect(await activeOf(anyone)).toBe(2);
      expect(await assigneeOf(frTechnical)).toBeNull();
    });

    it('picks the agent with the fewest active tickets, ties to the longest idle', async () => {
      const [busy, idle] = [await agent(), await agent()];
      await sql(`UPDATE routing_settings SET mode = 'off'`);
      for (const who of [busy, idle]) {
        await sockets.connect(who);
        await availability(who, 'online');
      }
      // busy already works two tickets (taken by hand), idle none.
      for (const id of [await open(), await open()]) await app.http.post(`/api/support/tickets/${id}/assign-self/`, {}, { token: busy.token });
      expect(await activeOf(busy)).toBe(2);
      await setMode('least_loaded');
      const ids = [await open(), await open(), await open()];
      const owners = [];
      for (const id of ids) owners.push(await routed(id));
      // idle takes the first two (0 then 1 active, busy has 2); the third ties 2-2: busy was never routed to, so longest idle.
      expect(owners).toEqual([idle.user.id, idle.user.id, busy.user.id]);
    });
  });

  describe('round robin', () => {
    it('gives each ticket to the agent assigned longest ago, never over capacity; coming online takes waiting tickets, most urgent SLA first, then oldest', async () => {
      const [a, b, late] = [await agent(), await agent(), await agent()];
      await profile(a, { capacity: 2 });
      await profile(b, { capacity: 2 });
      await profile(late, { capacity: 2 });
      for (const who of [a, b]) {
        await sockets.connect(who);
        await availability(who, 'online');
      }
      await setMode('round_robin');
      const first = await open();
      const second = await open();
      const firstOwner = await routed(first);
      const secondOwner = await routed(second);
      expect(new Set([firstOwner, secondOwner])).toEqual(new Set([a.user.id, b.user.id]));
      const third = await open();
      expect(await routed(third)).toBe(firstOwner);
      const fourth = await open();
      expect(await routed(fourth)).toBe(secondOwner);

      // Both full: three wait, the newest with the most urgent SLA.
      const [aroundTheClock] = (await app.running.app.get(SlaConfigService).listCalendars(helpers.contextOf(admin))).items;
      await app.running.app.get(SlaConfigService).createPolicy(helpers.contextOf(admin), {
        name: 'Urgent orders',
        position: 1,
        match: { priorities: ['urgent'] },
        calendarId: aroundTheClock.id,
        targets: { urgent: { firstReplyMinutes: 15 } },
        breachAction: 'notify',
      });
      const oldest = await open();
      const newer = await open();
      const urgent = await open(customer, { priority: 'urgent' });
      await drain();
      for (const id of [oldest, newer, urgent]) expect(await assigneeOf(id)).toBeNull();

      await sockets.connect(late);
      await availability(late, 'online');
      expect(await routed(urgent)).toBe(late.user.id);
      expect(await routed(oldest)).toBe(late.user.id);
      await drain();
      expect(await assigneeOf(newer)).toBeNull();
      for (const who of [a, b, late]) expect(await activeOf(who)).toBe(2);
    });
  });

  describe('hand-back and the ordinary assignment', () => {
    it('an agent going offline hands back open tickets (not those in progress) to online agents', async () => {
      const [leaving, staying] = [await agent(), await agent()];
      await profile(staying, { capacity: 0 });
      for (const who of [leaving, staying]) {
        await sockets.connect(who);
        await availability(who, 'online');
      }
      await setMode('least_loaded');
      const openOne = await open();
      const working = await open();
      expect(await routed(openOne)).toBe(leaving.user.id);
      expect(await routed(working)).toBe(leaving.user.id);
      expect((await app.http.put(`/api/support/tickets/${working}/update-status/`, { status: 'in_progress' }, { token: leaving.token })).status).toBe(200);
      await profile(staying, { capacity: 5 });

      await availability(leaving, 'offline');
      expect(await routed(openOne)).toBe(staying.user.id);
      expect(await assigneeOf(working)).toBe(leaving.user.id);
      const handBack = (await helpers.history(openOne)).filter((h) => h.type === 'assigned').map((h) => [h.fromValue, h.toValue]);
      expect(handBack).toEqual([
        [null, String(leaving.user.id)],
        [String(leaving.user.id), null],
        [null, String(staying.user.id)],
      ]);
    });

    it('the 2-minute rule hands back open tickets too', async () => {
      const [dropped, other] = [await agent(), await agent()];
      const droppedSocket = await sockets.connect(dropped);
      await availability(dropped, 'online');
      await setMode('round_robin');
      const ticket = await open();
      expect(await routed(ticket)).toBe(dropped.user.id);
      droppedSocket.close();
      await settle(500);
      await sockets.connect(other);
      await availability(other, 'online');
      expect(await assigneeOf(ticket)).toBe(dropped.user.id);
      await dispatcher().sweepOffline(new Date(Date.now() + 2 * MINUTE + 1000));
      expect(await routed(ticket)).toBe(other.user.id);
    });

    it('is an ordinary assignment: history, support:ticket_assigned, a notification, the domain event', async () => {
      const camille = await agent();
      const camilleSocket = await sockets.connect(camille);
      await availability(camille, 'online');
      await setMode('round_robin');
      const ticket = await open();
      expect(await routed(ticket)).toBe(camille.user.id);
      expect(await camilleSocket.next('support:ticket_assigned', (p) => p.ticketId === ticket)).toMatchObject({ ticketId: ticket, assigneeId: camille.user.id, previousAssigneeId: null, status: 'open' });
      const [entry] = (await helpers.history(ticket)).filter((h) => h.type === 'assigned');
      expect(entry).toMatchObject({ actorRole: 'service', actorId: null, toValue: String(camille.user.id) });
      expect((await helpers.outbox(ticket)).filter((e) => e.type === 'ticket.assigned')).toHaveLength(1);
      const notification = await camilleSocket.next('notification:created', (p) => p.ticketId === ticket);
      expect(notification).toMatchObject({ ticketId: ticket });
      expect(await sql('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND ticket_id = $2', [camille.user.id, ticket])).toEqual([{ n: 1 }]);
    });

    it('with routing off, nothing is assigned', async () => {
      const camille = await agent();
      await sockets.connect(camille);
      await availability(camille, 'online');
      const ticket = await open();
      await drain();
      await settle(1500);
      expect(await assigneeOf(ticket)).toBeNull();
    });
  });
});
