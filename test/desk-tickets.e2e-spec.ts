import { DataSource } from 'typeorm';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { insertTickets } from './support/ticket-rows';

/** The desk ticket (SPEC 7.1): its keys, ETag and version, visibility for every kind of caller, tags, If-Match. */
describe('desk API: tickets', () => {
  const { app, factories, desk, tickets: helpers } = useTestApp();
  let customer: Person;
  let agent: Person;
  let otherAgent: Person;
  let unapproved: Person;
  let admin: Person;

  const db = () => app.running.app.get(DataSource);
  const get = (id: number, as?: string) => app.http.get(`/api/desk/tickets/${id}`, { token: as });
  const putTags = (id: number, tags: unknown, as: Person, headers?: Record<string, string>) => app.http.put(`/api/desk/tickets/${id}/tags`, { tags }, { token: as.token, headers });

  beforeAll(async () => {
    [customer, agent, otherAgent, unapproved, admin] = await Promise.all([factories.customer(), factories.agent(), factories.agent(), factories.unapprovedAgent(), factories.admin()]);
  });

  describe('GET /api/desk/tickets/{id}', () => {
    it('answers every key of the desk ticket, camelCase and canonical, with ETag "<version>"', async () => {
      const id = await desk.createTicket(customer, 'munch');
      await desk.assigned(id, agent);
      const res = await get(id, agent.token);
      expect(res.status).toBe(200);
      const stored = await helpers.ticket(id);
      expect(res.body).toEqual({
        id,
        ticketNumber: stored.ticketNumber,
        origin: 'munch',
        subject: stored.subject,
        description: stored.description,
        status: 'in_progress',
        priority: stored.priority,
        category: stored.category,
        escalationLevel: 0,
        customer: { id: customer.user.id, name: customer.user.name, email: customer.user.email, locale: 'en' },
        assignee: { id: agent.user.id, name: agent.user.name },
        groupCustomerIds: [],
        reference: { type: 'order', id: stored.orderId, number: expect.any(String) },
        tags: [],
        sla: null,
        possibleDuplicateOf: null,
        mergedIntoId: null,
        version: stored.version,
        createdAt: stored.createdAt.toISOString(),
        updatedAt: stored.updatedAt.toISOString(),
        resolvedAt: null,
        closedAt: null,
      });
      expect(res.headers.get('etag')).toBe(`"${stored.version}"`);
    });

    it('shows an agent the unassigned queue and their own tickets; another agent\'s is 404; admins see all', async () => {
      const queued = await desk.createTicket(customer);
      const theirs = await desk.assigned(await desk.createTicket(customer), otherAgent);
      expect((await get(queued, agent.token)).status).toBe(200);
      const hidden = await get(theirs, agent.token);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual({ error: 'Ticket not found' });
      expect((await get(theirs, otherAgent.token)).status).toBe(200);
      expect((await get(theirs, admin.token)).status).toBe(200);
    });

    it('refuses customers, unapproved agents and service tokens (403) and anonymous callers (401)', async () => {
      const id = await desk.createTicket(customer);
      expect(await get(id, customer.token)).toMatchObject({ status: 403, body: { error: expect.any(String) } });
      expect((await get(id, unapproved.token)).status).toBe(403);
      expect((await get(id, factories.serviceToken('munch'))).status).toBe(403);
      expect(await get(id)).toMatchObject({ status: 401, body: { error: expect.any(String) } });
    });

    it('needs use_desk: a token whose permissions claim lacks it is 403', async () => {
      const id = await desk.createTicket(customer);
      expect((await get(id, helpers.tokenWith(admin, ['view_support_ticket', 'manage_support_ticket']))).status).toBe(403);
      expect((await get(id, helpers.tokenWith(agent, ['use_desk']))).status).toBe(200);
    });

    it('answers 400 for ids that are not ids and 404 for ids of no ticket, never 500', async () => {
      for (const bad of ['abc', '0', '-1', '1.5', '2147483648', '99999999999']) {
        const res = await get(bad as unknown as number, admin.token);
        expect({ bad, status: res.status, errors: res.body.errors }).toEqual({ bad, status: 400, errors: { id: ['id must be an integer from 1 to 2147483647'] } });
      }
      expect((await get(2147483647, admin.token)).status).toBe(404);
    });
  });

  it('is documented under the tag desk with a schema for every success and error response', async () => {
    const doc = (await app.http.get('/docs-json')).body;
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('desk');
    const operations = Object.entries(doc.paths as Record<string, Record<string, { tags: string[]; responses: Record<string, { content?: unknown }> }>>)
      .filter(([path]) => path.startsWith('/api/desk'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    // Later desk capabilities add their routes; these are the desk ticket's own.
    expect(operations.map((o) => o.route)).toEqual(expect.arrayContaining(['GET /api/desk/audit-log', 'GET /api/desk/tickets', 'GET /api/desk/tickets/{id}', 'PUT /api/desk/tickets/{id}/tags']));
    for (const { route, op } of operations) {
      expect({ route, tags: op.tags }).toEqual({ route, tags: ['desk'] });
      // 204 No Content (a DELETE) has no body to describe.
      const withoutSchema = Object.entries(op.responses).filter(([status, response]) => status !== '204' && !response.content).map(([status]) => status);
      expect({ route, withoutSchema }).toEqual({ route, withoutSchema: [] });
    }
    const tags = operations.find((o) => o.route === 'PUT /api/desk/tickets/{id}/tags')!.op;
    expect(Object.keys(tags.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '412']));
    const ticket = doc.components.schemas.DeskTicketDto;
    expect(ticket.required).toEqual(expect.arrayContaining(['assignee', 'reference', 'sla', 'possibleDuplicateOf', 'mergedIntoId', 'version', 'tags']));
  });

  describe('version', () => {
    it('rises with every change from any surface (seed routes, messages), not when a ticket is only read', async () => {
      const id = await desk.createTicket(customer);
      const version = async () => (await get(id, admin.token)).body.version as number;
      const v1 = await version();
      expect(v1).toBe(1);
      await desk.assigned(id, agent); // console assign-self: assignee, then status (one transaction)
      const v2 = await version();
      expect(v2).toBeGreaterThan(v1);
      await desk.sendMessage(id, customer, 'Any news?'); // helpdesk message: count, read flags
      const v3 = await version();
      expect(v3).toBeGreaterThan(v2);
      await app.http.get(`/api/support/tickets/${id}/`, { token: agent.token }); // the console opens it: read flags only
      await app.http.get(`/api/support-tickets/${id}`, { token: customer.token });
      expect(await version()).toBe(v3);
      await desk.updateStatus(id, agent, { status: 'Resolved' });
      expect(await version()).toBeGreaterThan(v3);
    });

    it('rises on a change made in SQL too: the trigger owns it', async () => {
      const [id] = await insertTickets(db(), customer.user.id, 1);
      await db().query(`UPDATE tickets SET priority = 'urgent' WHERE id = $1`, [id]);
      await db().query(`UPDATE tickets SET priority = 'urgent' WHERE id = $1`, [id]); // no change: no new version
      await db().query(`UPDATE tickets SET is_admin_read = true WHERE id = $1`, [id]);
      expect((await helpers.ticket(id)).version).toBe(2);
    });
  });

  describe('PUT /api/desk/tickets/{id}/tags', () => {
    it('stores them trimmed, lower-cased, without duplicates; bumps the version; records the history', async () => {
      const id = await desk.assigned(await desk.createTicket(customer), agent);
      const before = (await get(id, agent.token)).body.version;
      const res = await putTags(id, ['  VIP', 'Refund ', 'vip'], agent);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, tags: ['vip', 'refund'], version: before + 1 });
      expect(res.headers.get('etag')).toBe(`"${before + 1}"`);
      const entry = (await helpers.history(id)).at(-1)!;
      expect(entry).toMatchObject({ type: 'updated', actorId: agent.user.id, details: { changes: { tags: { from: [], to: ['vip', 'refund'] } } } });
      // The same list again changes nothing.
      const entries = (await helpers.history(id)).length;
      const again = await putTags(id, ['vip', 'refund'], agent);
      expect(again.body.version).toBe(before + 1);
      expect(await helpers.history(id)).toHaveLength(entries);
      // The event customers' apps receive says tags changed, not which.
      const events = await helpers.outbox(id);
      expect(events.at(-1)).toMatchObject({ type: 'ticket.updated', payload: { data: { changed: ['tags'] } } });
      expect(JSON.stringify(events.at(-1)!.payload)).not.toContain('vip');
    });

    it('refuses tags of the wrong shape with 400 and errors.tags, changing nothing', async () => {
      const id = await desk.assigned(await desk.createTicket(customer), agent);
      const cases: [unknown, string][] = [
        [[''], 'tags[0] must be 1 to 40 characters once trimmed'],
        [['x'.repeat(41)], 'tags[0] must be 1 to 40 characters once trimmed'],
        [Array.from({ length: 21 }, (_, i) => `t${i}`), 'a ticket has at most 20 tags'],
      ];
      for (const [tags, message] of cases) {
        const res = await putTags(id, tags, agent);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'Validation failed', errors: { tags: [message] } });
      }
      for (const body of [{ tags: 'vip' }, { tags: [1] }, {}, { tags: ['a'], extra: 1 }]) {
        const res = await app.http.put(`/api/desk/tickets/${id}/tags`, body, { token: agent.token });
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('Validation failed');
      }
      expect((await helpers.ticket(id)).tags).toEqual([]);
    });

    it('is for staff working the ticket: another agent 404, an agent on a queue ticket 403, admins yes; customers 403, anonymous 401', async () => {
      const mine = await desk.assigned(await desk.createTicket(customer), agent);
      const queued = await desk.createTicket(customer);
      expect((await putTags(mine, ['a'], otherAgent)).status).toBe(404);
      expect(await putTags(queued, ['a'], agent)).toMatchObject({ status: 403, body: { error: 'Ticket is not assigned to you' } });
      expect((await putTags(queued, ['a'], admin)).status).toBe(200);
      expect((await putTags(mine, ['a'], customer)).status).toBe(403);
      expect((await putTags(mine, ['a'], unapproved)).status).toBe(403);
      expect((await app.http.put(`/api/desk/tickets/${mine}/tags`, { tags: ['a'] })).status).toBe(401);
      expect((await helpers.ticket(mine)).tags).toEqual([]);
    });
  });

  describe('If-Match', () => {
    it('applies a change made against the current version and refuses a stale one with 412 and the current ticket', async () => {
      const id = await desk.assigned(await desk.createTicket(customer), agent);
      const current = await get(id, agent.token);
      const ok = await putTags(id, ['first'], agent, { 'if-match': current.headers.get('etag')! });
      expect(ok.status).toBe(200);
      const stale = await putTags(id, ['second'], agent, { 'if-match': current.headers.get('etag')! });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ id, tags: ['first'], version: ok.body.version });
      expect(stale.headers.get('etag')).toBe(`"${ok.body.version}"`);
      expect((await helpers.ticket(id)).tags).toEqual(['first']);
      expect((await putTags(id, ['third'], agent, { 'if-match': '*' })).status).toBe(200);
    });

    it('refuses a malformed If-Match with 400, changing nothing', async () => {
      const id = await desk.assigned(await desk.createTicket(customer), agent);
      for (const header of ['3', 'W/"3"', '"abc"', '"0"', '"99999999999"', '"1", "2"']) {
        const res = await putTags(id, ['x'], agent, { 'if-match': header });
        expect({ header, status: res.status, errors: res.body.errors }).toEqual({ header, status: 400, errors: { 'If-Match': [expect.any(String)] } });
      }
      expect((await helpers.ticket(id)).tags).toEqual([]);
    });

    it('lets exactly one of two concurrent writers with the same version win, every time', async () => {
      for (let round = 0; round < 5; round++) {
        const id = await desk.assigned(await desk.createTicket(customer), agent);
        const etag = (await get(id, admin.token)).headers.get('etag')!;
        const results = await Promise.all([putTags(id, ['from-agent'], agent, { 'if-match': etag }), putTags(id, ['from-admin'], admin, { 'if-match': etag })]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
        const winner = results.find((r) => r.status === 200)!;
        const loser = results.find((r) => r.status === 412)!;
        expect(loser.body.tags).toEqual(winner.body.tags);
        expect(loser.body.version).toBe(winner.body.version);
        expect((await helpers.ticket(id)).tags).toEqual(winner.body.tags);
        expect((await helpers.history(id)).filter((e) => e.type === 'updated')).toHaveLength(1);
      }
    });

    it('refuses a change made against a version another surface has since changed', async () => {
      const id = await desk.assigned(await desk.createTicket(customer), agent);
      const etag = (await get(id, agent.token)).headers.get('etag')!;
      expect((await desk.updateStatus(id, agent, { status: 'On Hold' })).status).toBe(200); // the console (seed 004)
      const stale = await putTags(id, ['late'], agent, { 'if-match': etag });
      expect(stale).toMatchObject({ status: 412, body: { id, status: 'on_hold', tags: [] } });
      expect(stale.body.version).toBeGreaterThan(Number(etag.replace(/"/g, '')));
    });
  });
});
