import { DataSource } from 'typeorm';
import { DEFAULT_PERMISSIONS } from '@mm/auth';
import { RequestContext } from '@mm/core';
import { SlaTimersService } from '@mm/sla';
import { DeskTicketFilters, DeskTickets } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { describeWithPostgres } from './support/socket';
import { insertTickets } from './support/ticket-rows';

const MINUTE = 60_000;
const plus = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE);

/**
 * Service levels on the desk API (SPEC 7.2): calendars and SLA policies as
 * configuration objects (every kind of caller, bad input, audit), and the desk
 * ticket's `sla`, `sort=sla_due` and `breached=true`. Its own database: its
 * policies must not reach other suites' tickets.
 */
describeWithPostgres('desk API: service levels', () => {
  const { app, factories } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let agent: Person;
  let unapproved: Person;
  let customer: Person;
  let service: string;

  const sql = (text: string, params: unknown[] = []) => app.running.app.get(DataSource).query(text, params);
  /** `null`: an anonymous caller. */
  type Token = string | null;
  const as = (token: Token) => ({ token: token ?? undefined });
  const get = (path: string, token: Token = admin.token) => app.http.get(path, as(token));
  const post = (path: string, body: unknown, token: Token = admin.token) => app.http.post(path, body, as(token));
  const patch = (path: string, body: unknown, token: Token = admin.token) => app.http.patch(path, body, as(token));
  const del = (path: string, token: Token = admin.token) => app.http.delete(path, as(token));
  const auditOf = async (entityType: string, id: number) =>
    (await get('/api/desk/audit-log?limit=100')).body.data.filter((e: { entityType: string; entityId: string }) => e.entityType === entityType && e.entityId === String(id));

  const paris = { name: 'Paris office', timezone: 'Europe/Paris', weeklyHours: [{ day: 1, start: '09:00', end: '18:00' }], holidays: ['2026-12-25'] };
  let aroundTheClockId: number;

  beforeAll(async () => {
    [admin, agent, unapproved, customer] = await Promise.all([factories.admin(), factories.agent(), factories.unapprovedAgent(), factories.customer()]);
    service = factories.serviceToken();
    aroundTheClockId = (await get('/api/desk/calendars')).body.data[0].id;
  });

  describe('calendars', () => {
    it('lists the built-in Around the clock calendar to staff', async () => {
      for (const who of [admin, agent]) {
        const res = await get('/api/desk/calendars', who.token);
        expect(res.status).toBe(200);
        expect(res.body.nextCursor).toBeNull();
        expect(res.body.data[0]).toMatchObject({ name: 'Around the clock', timezone: 'UTC', builtIn: true, holidays: [] });
        expect(res.body.data[0].weeklyHours).toHaveLength(7);
      }
      expect((await get(`/api/desk/calendars/${aroundTheClockId}`, agent.token)).body).toMatchObject({ id: aroundTheClockId, name: 'Around the clock' });
    });

    it('creates, reads, changes and deletes a calendar, each change in the audit log', async () => {
      const created = await post('/api/desk/calendars', paris);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), ...paris, builtIn: false, createdAt: expect.any(String), updatedAt: expect.any(String) });
      const id = created.body.id;
      expect((await get(`/api/desk/calendars/${id}`, agent.token)).body).toEqual(created.body);

      const changed = await patch(`/api/desk/calendars/${id}`, { holidays: ['2026-12-25', '2027-01-01'] });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ ...paris, holidays: ['2026-12-25', '2027-01-01'] });
      expect((await del(`/api/desk/calendars/${id}`)).status).toBe(204);
      expect((await get(`/api/desk/calendars/${id}`)).status).toBe(404);

      const view = (holidays: string[]) => ({ id, ...paris, holidays, builtIn: false });
      expect(await auditOf('sla_calendar', id)).toEqual([
        expect.objectContaining({ action: 'sla_calendar.deleted', actor: expect.objectContaining({ id: admin.user.id }), before: view(['2026-12-25', '2027-01-01']), after: null }),
        expect.objectContaining({ action: 'sla_calendar.updated', before: view(['2026-12-25']), after: view(['2026-12-25', '2027-01-01']) }),
        expect.objectContaining({ action: 'sla_calendar.created', before: null, after: view(['2026-12-25']) }),
      ]);
    });

    it('refuses bad calendars with 400 and errors per field, and changes nothing', async () => {
      const count = async () => (await sql('SELECT count(*)::int AS n FROM sla_calendars'))[0].n;
      const before = await count();
      const bad = await post('/api/desk/calendars', { ...paris, timezone: 'Mars/Olympus', weeklyHours: [{ day: 1, start: '18:00', end: '09:00' }] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual({ timezone: [expect.stringContaining('Mars/Olympus')], 'weeklyHours.0': ['end must be after start'] });
      const overlap = await post('/api/desk/calendars', { ...paris, weeklyHours: [{ day: 1, start: '09:00', end: '12:00' }, { day: 1, start: '11:00', end: '13:00' }] });
      expect(overlap).toMatchObject({ status: 400, body: { errors: { 'weeklyHours.1': [expect.stringContaining('overlaps')] } } });
      expect((await post('/api/desk/calendars', { ...paris, colour: 'red' })).body.errors).toHaveProperty('colour');
      expect((await post('/api/desk/calendars', { name: 'No hours' })).status).toBe(400);
      expect((await patch(`/api/desk/calendars/${aroundTheClockId}`, { name: 'Mine now' })).body).toEqual({ error: 'Validation failed', errors: { id: ['the built-in calendar cannot be changed'] } });
      expect((await del(`/api/desk/calendars/${aroundTheClockId}`)).status).toBe(400);
      expect((await get('/api/desk/calendars/abc')).body.errors).toHaveProperty('id');
      expect(await count()).toBe(before);
    });

    it('answers 404 for an unknown calendar and 400 for deleting one a policy uses', async () => {
      expect(await get('/api/desk/calendars/2147483647')).toMatchObject({ status: 404, body: { error: expect.any(String) } });
      expect((await patch('/api/desk/calendars/2147483647', { name: 'x' })).status).toBe(404);
      expect((await del('/api/desk/calendars/2147483647')).status).toBe(404);
      const calendar = (await post('/api/desk/calendars', paris)).body;
      const policy = (await post('/api/desk/sla-policies', { name: 'Uses Paris', position: 50, match: { origins: ['mtables'] }, calendarId: calendar.id, targets: { low: { resolutionMinutes: 600 } }, breachAction: 'notify' })).body;
      const refused = await del(`/api/desk/calendars/${calendar.id}`);
      expect(refused).toMatchObject({ status: 400, body: { errors: { id: [expect.stringContaining(`policy ${policy.id}`)] } } });
      expect((await get(`/api/desk/calendars/${calendar.id}`)).status).toBe(200);
      expect((await del(`/api/desk/sla-policies/${policy.id}`)).status).toBe(204);
      expect((await del(`/api/desk/calendars/${calendar.id}`)).status).toBe(204);
    });

    it('lets staff read and only admins change; customers, unapproved agents, service tokens and anonymous callers are refused', async () => {
      const id = aroundTheClockId;
      const count = async () => (await sql('SELECT count(*)::int AS n FROM sla_calendars'))[0].n;
      const before = await count();
      for (const [token, status] of [
        [customer.token, 403],
        [unapproved.token, 403],
        [service, 403],
        [null, 401],
      ] as const) {
        expect((await get('/api/desk/calendars', token)).status).toBe(status);
        expect((await get(`/api/desk/calendars/${id}`, token)).status).toBe(status);
        expect((await post('/api/desk/calendars', paris, token)).status).toBe(status);
      }
      expect((await post('/api/desk/calendars', paris, agent.token)).status).toBe(403);
      expect((await patch(`/api/desk/calendars/${id}`, { name: 'x' }, agent.token)).status).toBe(403);
      expect((await del(`/api/desk/calendars/${id}`, agent.token)).status).toBe(403);
      expect(await count()).toBe(before);
      expect((await get(`/api/desk/calendars/${id}`)).body.name).toBe('Around the clock');
    });
  });

  describe('SLA policies', () => {
    const policy = (overrides: Record<string, unknown> = {}) => ({
      name: 'Orders, quick',
      position: 10,
      match: { origins: ['munch'], categories: ['payment_issue'] },
      calendarId: aroundTheClockId,
      targets: { high: { firstReplyMinutes: 15, resolutionMinutes: 240 } },
      breachAction: 'escalate',
      ...overrides,
    });

    it('creates, lists by position, reads, changes and deletes a policy, each change audited', async () => {
      const created = await post('/api/desk/sla-policies', policy());
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.any(Number), ...policy(), active: true, createdAt: expect.any(String), updatedAt: expect.any(String) });
      const id = created.body.id;
      const first = (await post('/api/desk/sla-policies', policy({ name: 'Tried first', position: 0 }))).body;
      const list = await get('/api/desk/sla-policies?limit=1', agent.token);
      expect(list.body.data.map((p: { id: number }) => p.id)).toEqual([first.id]);
      expect((await get(`/api/desk/sla-policies?limit=1&cursor=${list.body.nextCursor}`, agent.token)).body.data.map((p: { id: number }) => p.id)).toEqual([id]);
      expect((await get(`/api/desk/sla-policies/${id}`, agent.token)).body).toEqual(created.body);

      const changed = await patch(`/api/desk/sla-policies/${id}`, { active: false, breachAction: 'notify' });
      expect(changed).toMatchObject({ status: 200, body: { ...policy(), active: false, breachAction: 'notify' } });
      for (const each of [id, first.id]) expect((await del(`/api/desk/sla-policies/${each}`)).status).toBe(204);
      expect((await get(`/api/desk/sla-policies/${id}`)).status).toBe(404);

      const view = (changes: Record<string, unknown> = {}) => ({ id, ...policy(), active: true, ...changes });
      expect(await auditOf('sla_policy', id)).toEqual([
        expect.objectContaining({ action: 'sla_policy.deleted', before: view({ active: false, breachAction: 'notify' }), after: null }),
        expect.objectContaining({ action: 'sla_policy.updated', before: view(), after: view({ active: false, breachAction: 'notify' }) }),
        expect.objectContaining({ action: 'sla_policy.created', before: null, after: view() }),
      ]);
    });

    it('refuses an unknown origin, category or calendar and a target of 0 or over a year with 400 and errors, changing nothing', async () => {
      const bad = await post('/api/desk/sla-policies', policy({ match: { origins: ['uber'], categories: ['weather'] }, calendarId: 2147483647, targets: { high: { firstReplyMinutes: 0, resolutionMinutes: 600_000 } } }));
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['match.categories.0', 'match.origins.0', 'targets.high.firstReplyMinutes', 'targets.high.resolutionMinutes']);
      expect((await post('/api/desk/sla-policies', policy({ calendarId: 2147483647 }))).body.errors).toEqual({ calendarId: ['unknown calendar: 2147483647'] });
      expect((await post('/api/desk/sla-policies', policy({ breachAction: 'panic' }))).body.errors).toHaveProperty('breachAction');
      expect((await post('/api/desk/sla-policies', policy({ position: 'first' }))).body.errors).toHaveProperty('position');
      const id = (await post('/api/desk/sla-policies', policy({ active: false }))).body.id;
      expect((await patch(`/api/desk/sla-policies/${id}`, { targets: { high: { firstReplyMinutes: 0 } } })).status).toBe(400);
      expect((await get(`/api/desk/sla-policies/${id}`)).body.targets).toEqual(policy().targets);
      expect((await patch('/api/desk/sla-policies/2147483647', { name: 'x' })).status).toBe(404);
      expect((await del('/api/desk/sla-policies/2147483647')).status).toBe(404);
      expect((await del(`/api/desk/sla-policies/${id}`)).status).toBe(204);
    });

    it('lets staff read and only admins change; customers, unapproved agents, service tokens and anonymous callers are refused', async () => {
      const id = (await post('/api/desk/sla-policies', policy({ active: false }))).body.id;
      for (const [token, status] of [
        [customer.token, 403],
        [unapproved.token, 403],
        [service, 403],
        [null, 401],
      ] as const) {
        expect((await get('/api/desk/sla-policies', token)).status).toBe(status);
        expect((await get(`/api/desk/sla-policies/${id}`, token)).status).toBe(status);
        expect((await post('/api/desk/sla-policies', policy(), token)).status).toBe(status);
        expect((await patch(`/api/desk/sla-policies/${id}`, { name: 'x' }, token)).status).toBe(status);
        expect((await del(`/api/desk/sla-policies/${id}`, token)).status).toBe(status);
      }
      expect((await get(`/api/desk/sla-policies/${id}`, agent.token)).status).toBe(200);
      expect((await post('/api/desk/sla-policies', policy(), agent.token)).status).toBe(403);
      expect((await patch(`/api/desk/sla-policies/${id}`, { name: 'x' }, agent.token)).status).toBe(403);
      expect((await del(`/api/desk/sla-policies/${id}`, agent.token)).status).toBe(403);
      expect((await get(`/api/desk/sla-policies/${id}`)).body.name).toBe('Orders, quick');
      expect((await del(`/api/desk/sla-policies/${id}`)).status).toBe(204);
    });
  });

  describe('the desk ticket', () => {
    let owner: Person;
    const open = async (category: string, priority: string) => {
      const res = await post('/api/support-tickets', { subject: 'Charged twice', description: 'My card was charged twice', category, priority }, owner.token);
      expect(res.status).toBe(201);
      const [row] = await sql('SELECT created_at FROM tickets WHERE id = $1', [res.body.data.id]);
      return { id: Number(res.body.data.id), createdAt: row.created_at as Date };
    };
    const listIds = async (query: string) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/api/desk/tickets?customerId=${owner.user.id}&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((t: { id: number }) => t.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };

    beforeAll(async () => {
      owner = await factories.customer();
      await post('/api/desk/sla-policies', {
        name: 'Billing',
        position: 1,
        match: { categories: ['billing'] },
        calendarId: aroundTheClockId,
        targets: { low: { firstReplyMinutes: 120 }, medium: { firstReplyMinutes: 60, resolutionMinutes: 240 }, urgent: { firstReplyMinutes: 10 } },
        breachAction: 'notify',
      });
    });

    it('carries its service level: policy, due times, pause and breaches', async () => {
      const ticket = await open('billing', 'medium');
      const res = await get(`/api/desk/tickets/${ticket.id}`, agent.token);
      expect(res.status).toBe(200);
      expect(res.body.sla).toEqual({
        policyId: expect.any(Number),
        policyName: 'Billing',
        firstReplyDueAt: plus(ticket.createdAt, 60).toISOString(),
        nextReplyDueAt: null,
        resolutionDueAt: plus(ticket.createdAt, 240).toISOString(),
        paused: false,
        breaches: [],
      });
      await app.running.app.get(SlaTimersService).fireDue(plus(ticket.createdAt, 61));
      const breached = (await get(`/api/desk/tickets/${ticket.id}`)).body.sla;
      expect(breached.breaches).toEqual([{ metric: 'first_reply', dueAt: plus(ticket.createdAt, 60).toISOString(), breachedAt: expect.any(String) }]);
      // The console's history (seed 004 surface, staff) names the breach.
      const history = (await get(`/api/support/tickets/${ticket.id}/`)).body.history;
      expect(history).toContainEqual(
        expect.objectContaining({ type: 'sla_breached', actor_role: 'service', changes: expect.objectContaining({ metric: { from: null, to: 'first_reply' }, due_at: { from: null, to: breached.breaches[0].dueAt } }) }),
      );

      expect((await app.http.put(`/api/support/tickets/${ticket.id}/update-status/`, { status: 'In Progress' }, { token: admin.token })).status).toBe(200);
      expect((await app.http.put(`/api/support/tickets/${ticket.id}/update-status/`, { status: 'On Hold' }, { token: admin.token })).status).toBe(200);
      const held = (await get(`/api/desk/tickets/${ticket.id}`)).body.sla;
      expect(held).toMatchObject({ paused: true, resolutionDueAt: null });
      const other = await open('technical', 'medium');
      expect((await get(`/api/desk/tickets/${other.id}`)).body.sla).toBeNull();
    });

    it('sorts by the most urgent due time (tickets without one last) across cursor pages, and filters breached ones', async () => {
      owner = await factories.customer();
      const low = await open('billing', 'low'); // due in 120 minutes
      const none = await open('technical', 'medium'); // no policy
      const urgent = await open('billing', 'urgent'); // due in 10 minutes
      const medium = await open('billing', 'medium'); // due in 60 minutes
      expect(await listIds('sort=sla_due&limit=1')).toEqual([urgent.id, medium.id, low.id, none.id]);
      expect(await listIds('sort=sla_due&order=asc&limit=3')).toEqual([urgent.id, medium.id, low.id, none.id]);
      expect(await listIds('sort=sla_due&order=desc&limit=2')).toEqual([none.id, low.id, medium.id, urgent.id]);
      const page = await get(`/api/desk/tickets?customerId=${owner.user.id}&sort=sla_due&limit=2`);
      expect(page.body.data.map((t: { sla: { policyName: string } | null }) => t.sla?.policyName)).toEqual(['Billing', 'Billing']);
      expect(await listIds('breached=true')).toEqual([]);

      await app.running.app.get(SlaTimersService).fireDue(plus(urgent.createdAt, 11));
      expect(await listIds('breached=true')).toEqual([urgent.id]);
      expect(await listIds('breached=true&sort=sla_due')).toEqual([urgent.id]);
      // An agent's list of the same tickets (the unassigned queue) is sorted and filtered alike.
      const agentList = await get(`/api/desk/tickets?customerId=${owner.user.id}&breached=true`, agent.token);
      expect(agentList.body.data.map((t: { id: number }) => t.id)).toEqual([urgent.id]);
    });

    it('follows every clock change: a breach keeps the ticket first, a reply, a hold and a priority change move it', async () => {
      owner = await factories.customer();
      const low = await open('billing', 'low'); // first reply due in 120 minutes
      const medium = await open('billing', 'medium'); // 60 (first reply), 240 (resolution)
      const urgent = await open('billing', 'urgent'); // 10
      const none = await open('technical', 'medium'); // no policy
      const setStatus = async (id: number, status: string, priority?: string) =>
        expect((await app.http.put(`/api/support/tickets/${id}/update-status/`, { status, ...(priority ? { priority } : {}) }, { token: admin.token })).status).toBe(200);
      /** The stored due time of each ticket is the earliest due time its desk ticket shows. */
      const expectStoredDueTimes = async () => {
        for (const { id } of [low, medium, urgent, none]) {
          const { sla } = (await get(`/api/desk/tickets/${id}`)).body;
          const shown = [sla?.firstReplyDueAt, sla?.nextReplyDueAt, sla?.resolutionDueAt].filter(Boolean).sort()[0] ?? null;
          const [row] = await sql('SELECT sla_next_due_at FROM tickets WHERE id = $1', [id]);
          expect({ id, stored: row.sla_next_due_at?.toISOString() ?? null }).toEqual({ id, stored: shown });
        }
      };
      expect(await listIds('sort=sla_due&limit=1')).toEqual([urgent.id, medium.id, low.id, none.id]);
      await expectStoredDueTimes();

      // Breached and still running: the most urgent of all, and the only breached one.
      await app.running.app.get(SlaTimersService).fireDue(plus(urgent.createdAt, 11));
      expect(await listIds('sort=sla_due&limit=2')).toEqual([urgent.id, medium.id, low.id, none.id]);
      expect(await listIds('breached=true&sort=sla_due')).toEqual([urgent.id]);

      // A staff reply meets urgent's only target: no clock runs, it goes among the tickets without one (by id).
      expect((await post(`/api/support-tickets/${urgent.id}/messages`, { message: 'On it' })).status).toBe(201);
      expect(await listIds('sort=sla_due&limit=2')).toEqual([medium.id, low.id, urgent.id, none.id]);
      expect(await listIds('breached=true')).toEqual([urgent.id]); // the breach stays on record
      await expectStoredDueTimes();

      // On hold, medium's clocks stand still; back in progress they run again.
      await setStatus(medium.id, 'In Progress');
      await setStatus(medium.id, 'On Hold');
      expect(await listIds('sort=sla_due&limit=3')).toEqual([low.id, medium.id, urgent.id, none.id]);
      await expectStoredDueTimes();
      await setStatus(medium.id, 'In Progress');
      expect(await listIds('sort=sla_due')).toEqual([medium.id, low.id, urgent.id, none.id]);
      await expectStoredDueTimes();

      // low becomes urgent: its first reply is due 10 minutes after creation, before medium's 60.
      await setStatus(low.id, 'Open', 'Urgent');
      expect(await listIds('sort=sla_due&limit=1')).toEqual([low.id, medium.id, urgent.id, none.id]);
      expect(await listIds('sort=sla_due&order=desc&limit=1')).toEqual([none.id, urgent.id, medium.id, low.id]);
      await expectStoredDueTimes();
    });

    it('keeps the due time out of the ticket\'s version, and clears it when the policy that set it is deleted', async () => {
      owner = await factories.customer();
      const policy = await post('/api/desk/sla-policies', {
        name: 'Orders',
        position: 5,
        match: { categories: ['order'] },
        calendarId: aroundTheClockId,
        targets: { medium: { resolutionMinutes: 30 } },
        breachAction: 'notify',
      });
      expect(policy.status).toBe(201);
      const ticket = await open('order', 'medium');
      const before = (await get(`/api/desk/tickets/${ticket.id}`)).body;
      expect(before.sla.resolutionDueAt).toBe(plus(ticket.createdAt, 30).toISOString());
      // A clock moved by itself (as a re-target does, inside the change that causes it) is not a change of the ticket: If-Match stays good.
      await sql(`UPDATE sla_clocks SET due_at = due_at - interval '5 minutes' WHERE ticket_id = $1`, [ticket.id]);
      const [moved] = await sql('SELECT sla_next_due_at, version FROM tickets WHERE id = $1', [ticket.id]);
      expect({ due: moved.sla_next_due_at.toISOString(), version: moved.version }).toEqual({ due: plus(ticket.createdAt, 25).toISOString(), version: before.version });

      expect((await del(`/api/desk/sla-policies/${policy.body.id}`)).status).toBe(204);
      expect(await sql('SELECT sla_next_due_at FROM tickets WHERE id = $1', [ticket.id])).toEqual([{ sla_next_due_at: null }]);
      expect((await get(`/api/desk/tickets/${ticket.id}`)).body.sla).toBeNull();
    });

    describe('over many tickets', () => {
      let many: number[];
      let policyId: number;
      /** Running clocks for `ids`, due 0-49 minutes from now (many ties) for two in three, none for the rest. */
      const withClocks = async (ids: number[]) => {
        await sql(
          `INSERT INTO sla_clocks (ticket_id, metric, policy_id, target_minutes, started_at, running_since, due_at)
           SELECT id, 'resolution', $2, 60, now(), now(), date_trunc('minute', now()) + (n % 50) * interval '1 minute'
           FROM unnest($1::int[]) WITH ORDINALITY AS u(id, n) WHERE n % 3 <> 0`,
          [ids, policyId],
        );
      };

      beforeAll(async () => {
        owner = await factories.customer();
        policyId = (await get('/api/desk/sla-policies')).body.data.find((p: { name: string }) => p.name === 'Billing').id;
        many = await insertTickets(app.running.app.get(DataSource), owner.user.id, 2000);
        await withClocks(many);
        await sql(`UPDATE sla_clocks SET breached_at = now() WHERE ticket_id = ANY($1)`, [many.filter((_, i) => i % 100 === 1)]);
        await sql('ANALYZE tickets');
        await sql('ANALYZE sla_clocks');
      }, 60_000);

      it('pages by due time while tickets are added: none skipped, none repeated, in order', async () => {
        const dueOf = new Map<number, number>((await sql('SELECT id, sla_next_due_at FROM tickets WHERE id = ANY($1)', [many])).map((r: { id: number; sla_next_due_at: Date | null }) => [r.id, r.sla_next_due_at?.getTime() ?? Infinity]));
        const added: number[] = [];
        for (const order of ['asc', 'desc'] as const) {
          const seen: number[] = [];
          let cursor: string | null = null;
          do {
            const res = await get(`/api/desk/tickets?customerId=${owner.user.id}&sort=sla_due&order=${order}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            expect(res.status).toBe(200);
            seen.push(...res.body.data.map((t: { id: number }) => t.id));
            cursor = res.body.nextCursor;
            const more = await insertTickets(app.running.app.get(DataSource), owner.user.id, 6);
            await withClocks(more);
            added.push(...more);
          } while (cursor);
          const existing = seen.filter((id) => dueOf.has(id));
          expect({ order, repeated: seen.length - new Set(seen).size, missing: many.filter((id) => !seen.includes(id)).length }).toEqual({ order, repeated: 0, missing: 0 });
          const key = (id: number) => [dueOf.get(id)!, id] as const;
          const sorted = [...existing].sort((a, b) => key(a)[0] - key(b)[0] || a - b);
          expect(existing).toEqual(order === 'asc' ? sorted : sorted.reverse());
        }
        expect(added.length).toBeGreaterThan(100);
      }, 120_000);

      it('walks ix_tickets_sla_due from the cursor on, and breached=true reads the breached clocks by their index', async () => {
        const service = app.running.app.get(DeskTickets);
        const ctx: RequestContext = { actor: { id: admin.user.id, role: 'admin', approved: true, permissions: DEFAULT_PERMISSIONS.admin }, locale: 'en', requestId: 'explain' };
        const plan = async (filters: DeskTicketFilters, sort: 'sla_due' | 'created_at', cursor?: string) => {
          const [text, params] = service.listQuery(ctx, filters, sort, 'asc', { limit: 25, cursor }).getQueryAndParameters();
          const [{ 'QUERY PLAN': [explained] }] = await sql(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
          const nodes: Record<string, unknown>[] = [];
          const walk = (node: Record<string, unknown>) => {
            nodes.push(node);
            for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
          };
          walk(explained.Plan);
          return nodes;
        };
        let cursor: string | undefined;
        for (let page = 0; page < 12; page++) cursor = (await service.list(ctx, {}, 'sla_due', 'asc', { limit: 100, cursor })).nextCursor ?? undefined;
        for (const at of [undefined, cursor]) {
          const nodes = await plan({}, 'sla_due', at);
          const scan = nodes.find((n) => n['Relation Name'] === 'tickets')!;
          expect({ at, sorted: nodes.some((n) => n['Node Type'] === 'Sort'), scan: scan['Node Type'], index: scan['Index Name'] }).toEqual({ at, sorted: false, scan: 'Index Scan', index: 'ix_tickets_sla_due' });
          expect((scan['Actual Rows'] as number) + ((scan['Rows Removed by Filter'] as number | undefined) ?? 0)).toBe(26);
        }
        for (const sort of ['sla_due', 'created_at'] as const) {
          const nodes = await plan({ breached: true }, sort);
          const scans = nodes.filter((n) => n['Relation Name'] === 'tickets' || n['Relation Name'] === 'sla_clocks').map((n) => `${n['Node Type']} ${n['Relation Name']}`);
          expect({ sort, seqScans: scans.filter((s) => s.startsWith('Seq Scan')) }).toEqual({ sort, seqScans: [] });
        }
      }, 60_000);
    });

    it('refuses a cursor of another sort for sla_due', async () => {
      const other = await get(`/api/desk/tickets?customerId=${owner.user.id}&limit=1`);
      expect(other.body.nextCursor).not.toBeNull();
      expect((await get(`/api/desk/tickets?sort=sla_due&cursor=${other.body.nextCursor}`)).body.errors).toHaveProperty('cursor');
    });
  });
});
