import { DataSource } from 'typeorm';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { settle } from './support/socket';

/** SPEC 7.4: macros, saved views, bulk changes, merge and duplicates, through HTTP and socket.io. */
describe('desk API: macros, views, bulk, merge, duplicates', () => {
  const { app, factories, desk, tickets: helpers, sockets } = useTestApp();
  let agent: Person;
  let otherAgent: Person;
  let admin: Person;

  const db = () => app.running.app.get(DataSource);
  const post = (path: string, body: unknown, as: Person, headers?: Record<string, string>) => app.http.post(`/api/desk${path}`, body, { token: as.token, headers });
  const get = (path: string, as: Person) => app.http.get(`/api/desk${path}`, { token: as.token });
  const history = async (ticketId: number) =>
    (await db().query('SELECT type, from_value, to_value, details FROM ticket_history WHERE ticket_id = $1 ORDER BY id', [ticketId])) as { type: string; from_value: string | null; to_value: string | null; details: any }[];
  const customerMessages = async (ticketId: number, customer: Person) => (await app.http.get(`/api/support-tickets/${ticketId}/messages`, { token: customer.token })).body.data;
  const macro = async (body: Record<string, unknown>, as: Person = admin) => {
    const res = await post('/macros', { visibility: 'shared', ...body }, as);
    if (res.status !== 201) throw new Error(`macro: ${res.status} ${res.text}`);
    return res.body.id as number;
  };

  beforeAll(async () => {
    [agent, otherAgent, admin] = await Promise.all([factories.agent({ name: 'Alice Agent' }), factories.agent(), factories.admin()]);
  });

  describe('macros', () => {
    it('refuses an unknown placeholder on save, naming it, and stores nothing', async () => {
      const res = await post('/macros', { title: 'Bad', visibility: 'personal', body: 'Hi {{customer.nickname}} about {{ticket.number}}', translations: { fr: 'Salut {{agent.phone}}' } }, agent);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Validation failed', errors: { body: [expect.stringContaining('{{customer.nickname}}')] } });
      const fr = await post('/macros', { title: 'Bad', visibility: 'personal', body: 'Hi', translations: { fr: 'Salut {{agent.phone}}' } }, agent);
      expect(fr.status).toBe(400);
      expect(fr.body.errors['translations.fr'][0]).toContain('{{agent.phone}}');
      const badAction = await post('/macros', { title: 'Bad', visibility: 'personal', body: 'Hi', actions: { status: 'done' } }, agent);
      expect(badAction.status).toBe(400);
      expect(badAction.body.errors['actions.status']).toBeDefined();
      expect((await get('/macros?search=Bad', agent)).body.data).toEqual([]);
    });

    it('keeps personal macros to their author; shared ones need manage_shared_macros; every change is audited', async () => {
      const shared = await post('/macros', { title: 'Shared by agent', visibility: 'shared', body: 'Hi' }, agent);
      expect(shared.status).toBe(403);
      const mine = await post('/macros', { title: 'Mine only', visibility: 'personal', body: 'Hi {{customer.firstName}}' }, agent);
      expect(mine.status).toBe(201);
      expect(mine.body).toMatchObject({ title: 'Mine only', visibility: 'personal', ownerId: agent.user.id, translations: {}, actions: {} });
      expect((await get(`/macros/${mine.body.id}`, otherAgent)).status).toBe(404);
      expect((await app.http.patch(`/api/desk/macros/${mine.body.id}`, { title: 'Stolen' }, { token: otherAgent.token })).status).toBe(404);
      const patched = await app.http.patch(`/api/desk/macros/${mine.body.id}`, { title: 'Mine, renamed' }, { token: agent.token });
      expect(patched.status).toBe(200);
      expect(patched.body.title).toBe('Mine, renamed');
      const sharedId = await macro({ title: 'Shared hello', body: 'Hello' });
      expect((await app.http.patch(`/api/desk/macros/${sharedId}`, { title: 'Changed' }, { token: agent.token })).status).toBe(403);
      expect((await app.http.delete(`/api/desk/macros/${sharedId}`, { token: agent.token })).status).toBe(403);
      expect((await get('/macros?search=hello', agent)).body.data.map((m: { id: number }) => m.id)).toContain(sharedId);
      expect((await app.http.delete(`/api/desk/macros/${mine.body.id}`, { token: agent.token })).status).toBe(204);

      const audit = (await get('/audit-log?limit=100', admin)).body.data.filter((e: { entityType: string; entityId: string }) => e.entityType === 'macro' && e.entityId === String(mine.body.id));
      expect(audit.map((e: { action: string }) => e.action)).toEqual(['macro.deleted', 'macro.updated', 'macro.created']);
      expect(audit[1]).toMatchObject({ before: { title: 'Mine only' }, after: { title: 'Mine, renamed' }, actor: { id: agent.user.id } });
    });

    it('sends the reply as the customer reads it, in English and in French, and applies the actions in one history entry', async () => {
      const id = await macro({
        title: 'Refund sent',
        body: 'Hello {{customer.firstName}}, the refund for {{reference.number}} ({{ticket.number}}) is on its way. {{agent.name}}',
        translations: { fr: 'Bonjour {{customer.firstName}}, le remboursement de {{reference.number}} ({{ticket.number}}) est en route. {{agent.name}}' },
        actions: { status: 'resolved', priority: 'high', addTags: ['Refund'], assign: 'me' },
      });
      for (const [locale, greeting] of [
        ['en', 'Hello Zoé, the refund for'],
        ['fr', 'Bonjour Zoé, le remboursement de'],
      ] as const) {
        const customer = await factories.customer({ name: 'Zoé Martin', locale });
        const ticketId = await desk.createTicket(customer, 'munch');
        await desk.assigned(ticketId, agent);
        const stored = await helpers.ticket(ticketId);
        const order = (await db().query('SELECT order_number FROM orders WHERE id = $1', [stored.orderId]))[0].order_number;
        const before = (await history(ticketId)).length;

        const preview = await get(`/macros/${id}/preview?ticketId=${ticketId}`, agent);
        const expected = `${greeting} ${order} (${stored.ticketNumber}) ${locale === 'en' ? 'is on its way' : 'est en route'}. Alice Agent`;
        expect(preview.body).toEqual({ locale, body: expected });

        const res = await post(`/tickets/${ticketId}/apply-macro`, { macroId: id }, agent, { 'If-Match': `"${stored.version}"` });
        expect(res.status).toBe(200);
        expect(res.body.message).toEqual({ id: expect.any(Number), body: expected, createdAt: expect.any(String) });
        expect(res.body.ticket).toMatchObject({ id: ticketId, status: 'resolved', priority: 'high', tags: ['refund'], assignee: { id: agent.user.id } });
        expect(res.headers.get('etag')).toBe(`"${res.body.ticket.version}"`);

        const after = await helpers.ticket(ticketId);
        expect(after).toMatchObject({ isCustomerRead: false, isAdminRead: true, lastRepliedBy: agent.user.id });
        const read = await customerMessages(ticketId, customer);
        expect(read.map((m: { message: string }) => m.message)).toContain(expected);
        const added = (await history(ticketId)).slice(before);
        expect(added).toEqual([expect.objectContaining({ type: 'updated', details: expect.objectContaining({ macro: { id, title: 'Refund sent' }, changes: expect.objectContaining({ status: { from: 'in_progress', to: 'resolved' } }) }) })]);
        // Notifications are made from the delivered events, asynchronously.
        let notified: unknown[] = [];
        for (let tries = 0; tries < 100 && !notified.length; tries++) {
          notified = await db().query("SELECT 1 FROM notifications WHERE user_id = $1 AND ticket_id = $2 AND kind = 'staff_reply'", [customer.user.id, ticketId]);
          if (!notified.length) await settle(50);
        }
        expect(notified.length).toBeGreaterThan(0);
      }
    });

    it('reopens a resolved ticket as any staff reply does, pushes the socket event, and replays with the same Idempotency-Key', async () => {
      const customer = await factories.customer();
      const socket = await sockets.connect(customer);
      const id = await macro({ title: 'Follow up', body: 'Just checking in, {{customer.name}}.' });
      const ticketId = await desk.resolved(await desk.createTicket(customer, 'helpdesk'), agent);
      const headers = { 'Idempotency-Key': `macro-${ticketId}` };
      const first = await post(`/tickets/${ticketId}/apply-macro`, { macroId: id }, agent, headers);
      expect(first.status).toBe(200);
      expect(first.body.ticket.status).toBe('in_progress');
      const again = await post(`/tickets/${ticketId}/apply-macro`, { macroId: id }, agent, headers);
      expect(again.status).toBe(200);
      expect(again.body.message.id).toBe(first.body.message.id);
      expect((await helpers.ticket(ticketId)).messageCount).toBe(1);
      expect(await socket.next('support:message_created', (p) => p.ticketId === ticketId)).toMatchObject({ messageId: first.body.message.id, senderType: 'admin' });
    });

    it('with a stale If-Match, or an action the agent may not make, nothing happens', async () => {
      const customer = await factories.customer();
      const ticketId = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
      const id = await macro({ title: 'Hand over', body: 'Passing you on.', actions: { assign: otherAgent.user.id } });
      const plain = await macro({ title: 'Plain', body: 'Noted.' });
      const version = (await helpers.ticket(ticketId)).version;

      const forbidden = await post(`/tickets/${ticketId}/apply-macro`, { macroId: id }, agent);
      expect(forbidden.status).toBe(403);
      const stale = await post(`/tickets/${ticketId}/apply-macro`, { macroId: plain }, agent, { 'If-Match': `"${version - 1}"` });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ id: ticketId, version });
      expect(await customerMessages(ticketId, customer)).toEqual([]);
      expect((await helpers.ticket(ticketId)).version).toBe(version);

      expect((await post(`/tickets/${ticketId}/apply-macro`, { macroId: plain }, otherAgent)).status).toBe(404);
      expect((await post(`/tickets/${ticketId}/apply-macro`, { macroId: 2147483647 }, agent)).status).toBe(404);
      expect((await post(`/tickets/${ticketId}/apply-macro`, { macroId: 'x' }, agent)).status).toBe(400);
      // An action the workflow refuses (in progress → closed) undoes the reply too.
      const closing = await macro({ title: 'Close it', body: 'Closing now.', actions: { status: 'closed' } });
      const refused = await post(`/tickets/${ticketId}/apply-macro`, { macroId: closing }, agent);
      expect(refused.status).toBe(400);
      expect((await helpers.ticket(ticketId)).version).toBe(version);
      const personal = (await post('/macros', { title: 'Secret', visibility: 'personal', body: 'x' }, otherAgent)).body.id;
      expect((await post(`/tickets/${ticketId}/apply-macro`, { macroId: personal }, agent)).status).toBe(404);
      expect(await customerMessages(ticketId, customer)).toEqual([]);
    });
  });

  describe('views', () => {
    it('lists the tickets of the desk list for the filters (arrays too), counts every view in one request, audits changes', async () => {
      const customer = await factories.customer();
      const tag = `view${Date.now()}`;
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push(await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent));
      for (const id of ids.slice(0, 2)) expect((await app.http.put(`/api/desk/tickets/${id}/tags`, { tags: [tag] }, { token: agent.token })).status).toBe(200);
      const view = await post('/views', { name: 'Mine tagged', visibility: 'personal', filters: { assignee: 'me', tag: [tag], status: ['in_progress', 'on_hold'] }, sort: 'created_at', order: 'asc' }, agent);
      expect(view.status).toBe(201);
      const empty = await post('/views', { name: 'Nothing', visibility: 'personal', filters: { tag: 'no-such-tag-anywhere' } }, agent);

      const tickets = await get(`/views/${view.body.id}/tickets`, agent);
      expect(tickets.status).toBe(200);
      expect(tickets.body.data.map((t: { id: number }) => t.id)).toEqual(ids.slice(0, 2));
      const list = await app.http.get(`/api/desk/tickets?assignee=me&tag=${tag}&status=in_progress&order=asc`, { token: agent.token });
      expect(list.body.data.map((t: { id: number }) => t.id)).toEqual(ids.slice(0, 2));

      const counts = await get('/views/counts', agent);
      expect(counts.status).toBe(200);
      expect(counts.body).toMatchObject({ [view.body.id]: 2, [empty.body.id]: 0 });
      expect(counts.body[view.body.id]).toBe(2);
      // Another agent neither sees nor counts the personal view.
      expect((await get(`/views/${view.body.id}/tickets`, otherAgent)).status).toBe(404);
      expect((await get('/views/counts', otherAgent)).body[view.body.id]).toBeUndefined();

      const bad = await post('/views', { name: 'Bad', visibility: 'personal', filters: { status: ['open', 'nope'] } }, agent);
      expect(bad.status).toBe(400);
      expect(bad.body.errors['filters.status[1]']).toBeDefined();
      expect((await post('/views', { name: 'Bad', visibility: 'personal', filters: { colour: 'red' } }, agent)).status).toBe(400);
      expect((await post('/views', { name: 'Shared', visibility: 'shared' }, agent)).status).toBe(403);

      expect((await app.http.patch(`/api/desk/views/${view.body.id}`, { name: 'Renamed' }, { token: agent.token })).body.name).toBe('Renamed');
      const audit = (await get('/audit-log?limit=100', admin)).body.data.filter((e: { entityType: string; entityId: string }) => e.entityType === 'view' && e.entityId === String(view.body.id));
      expect(audit.map((e: { action: string }) => e.action)).toEqual(['view.updated', 'view.created']);
    });

    it('counts exactly up to 10,000 and "10000+" beyond', async () => {
      const customer = await factories.customer();
      const tag = `bulk${Date.now()}`;
      await db().query(
        `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category, status, priority, tags)
         SELECT 'CNT-' || $2 || '-' || g, 'helpdesk', $1, 'Count me', 'Count me', 'billing', 'open', 'medium', ARRAY[$2]::text[] FROM generate_series(1, 10001) g`,
        [customer.user.id, tag],
      );
      const big = (await post('/views', { name: 'Big', visibility: 'personal', filters: { tag } }, admin)).body.id;
      const counts = await get('/views/counts', admin);
      expect(counts.body[big]).toBe('10000+');
      await db().query("DELETE FROM tickets WHERE ticket_number = $1", [`CNT-${tag}-10001`]);
      expect((await get('/views/counts', admin)).body[big]).toBe(10_000);
    });
  });

  describe('bulk', () => {
    it('changes each ticket completely or not at all and reports every id', async () => {
      const customer = await factories.customer();
      const mine = [await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent), await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent)];
      const foreign = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), otherAgent);
      const resolved = await desk.resolved(await desk.createTicket(customer, 'helpdesk'), agent);
      const before = await helpers.ticket(resolved);
      const res = await post('/tickets/bulk', { ids: [...mine, foreign, 2147483647, resolved], set: { status: 'on_hold', priority: 'urgent', addTags: ['Bulk'] } }, agent);
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: mine[0], ok: true },
        { id: mine[1], ok: true },
        { id: foreign, ok: false, error: 'Ticket not found' },
        { id: 2147483647, ok: false, error: 'Ticket not found' },
        { id: resolved, ok: false, error: expect.stringContaining('resolved to on_hold') },
      ]);
      for (const id of mine) expect(await helpers.ticket(id)).toMatchObject({ status: 'on_hold', priority: 'urgent', tags: ['bulk'] });
      // The refused ticket kept everything, its priority and tags too.
      expect(await helpers.ticket(resolved)).toMatchObject({ status: 'resolved', priority: before.priority, tags: [], version: before.version });
      expect((await helpers.ticket(foreign)).tags).toEqual([]);
      expect((await history(mine[0])).filter((h) => h.details?.bulk)).toHaveLength(1);
    });

    it('refuses over 100 ids, bad values and an assignment the agent may not make', async () => {
      const ids = Array.from({ length: 101 }, (_, i) => i + 1);
      const over = await post('/tickets/bulk', { ids, set: { priority: 'low' } }, admin);
      expect(over.status).toBe(400);
      expect(over.body.errors.ids).toBeDefined();
      expect((await post('/tickets/bulk', { ids: [1], set: { status: 'nope' } }, admin)).status).toBe(400);
      expect((await post('/tickets/bulk', { ids: [], set: {} }, admin)).status).toBe(400);
      const customer = await factories.customer();
      const ticketId = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
      const res = await post('/tickets/bulk', { ids: [ticketId], set: { assigneeId: otherAgent.user.id, priority: 'low' } }, agent);
      expect(res.body.results).toEqual([{ id: ticketId, ok: false, error: expect.stringContaining('only to themselves') }]);
      expect((await helpers.ticket(ticketId)).assigneeId).toBe(agent.user.id);
      const byAdmin = await post('/tickets/bulk', { ids: [ticketId], set: { assigneeId: otherAgent.user.id } }, admin);
      expect(byAdmin.body.results).toEqual([{ id: ticketId, ok: true }]);
      expect((await helpers.ticket(ticketId)).assigneeId).toBe(otherAgent.user.id);
      expect((await post('/tickets/bulk', { ids: [ticketId], set: { priority: 'low' } }, customer)).status).toBe(403);
    });
  });

  describe('merge', () => {
    it('moves messages and notes, closes the source with mergedIntoId, records both histories and tells both rooms', async () => {
      const customer = await factories.customer();
      const source = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
      const target = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
      await desk.sendMessage(source, customer, 'First words on the source');
      await desk.sendMessage(source, agent, 'Staff reply on the source');
      expect((await app.http.post(`/api/support/tickets/${source}/add-note/`, { note: 'Internal only' }, { token: agent.token })).status).toBeLessThan(300);
      const customerSocket = await sockets.connect(customer);
      const agentSocket = await sockets.connect(agent);

      const res = await post(`/tickets/${source}/merge`, { intoTicketId: target }, agent);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: source, status: 'closed', mergedIntoId: target });
      const moved = await customerMessages(target, customer);
      expect(moved.map((m: { message: string }) => m.message)).toEqual(['First words on the source', 'Staff reply on the source']);
      expect(await customerMessages(source, customer)).toEqual([]);
      expect((await helpers.ticket(target)).messageCount).toBe(2);
      const notes = await db().query('SELECT ticket_id FROM ticket_notes WHERE body = $1', ['Internal only']);
      expect(notes.map((n: { ticket_id: number }) => n.ticket_id)).toEqual([target]);

      expect((await history(source)).at(-1)).toMatchObject({ type: 'closed', to_value: 'closed', details: { mergedInto: { id: target } } });
      expect((await history(target)).at(-1)).toMatchObject({ type: 'updated', details: { mergedFrom: { id: source }, messages: 2 } });
      const customerView = await app.http.get(`/api/support-tickets/${source}`, { token: customer.token });
      expect(JSON.stringify(customerView.body)).toMatch(/"status":"closed"/i);

      expect(await customerSocket.next('support:ticket_updated', (p) => p.ticketId === source && p.change === 'closed')).toMatchObject({ status: 'closed' });
      expect(await customerSocket.next('support:ticket_updated', (p) => p.ticketId === target && p.change === 'updated')).toMatchObject({ details: { mergedFromId: source } });
      expect(await agentSocket.next('support:ticket_updated', (p) => p.ticketId === target)).toBeTruthy();
    });

    it('refuses itself, another customer, a ticket it does not see or may not change, and changes nothing', async () => {
      const [customer, stranger] = [await factories.customer(), await factories.customer()];
      const a = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
      const b = await desk.assigned(await desk.createTicket(stranger, 'helpdesk'), agent);
      const foreign = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), otherAgent);
      const queue = await desk.createTicket(customer, 'helpdesk');
      await desk.sendMessage(a, customer, 'Stays here');
      const version = (await helpers.ticket(a)).version;

      const itself = await post(`/tickets/${a}/merge`, { intoTicketId: a }, agent);
      expect(itself.status).toBe(400);
      expect(itself.body.errors.intoTicketId).toBeDefined();
      expect((await post(`/tickets/${a}/merge`, { intoTicketId: b }, agent)).status).toBe(400);
      expect((await post(`/tickets/${a}/merge`, { intoTicketId: foreign }, agent)).status).toBe(404);
      expect((await post(`/tickets/${a}/merge`, { intoTicketId: queue }, agent)).status).toBe(403);
      expect((await post(`/tickets/${a}/merge`, { intoTicketId: 'x' }, agent)).status).toBe(400);
      expect((await post(`/tickets/${a}/merge`, { intoTicketId: queue }, admin, { 'If-Match': `"${version - 1}"` })).status).toBe(412);
      expect(await helpers.ticket(a)).toMatchObject({ status: 'in_progress', mergedIntoId: null, messageCount: 1, version });

      // A merged ticket cannot be merged again, and nothing merges into it.
      const c = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
      expect((await post(`/tickets/${c}/merge`, { intoTicketId: a }, agent)).status).toBe(200);
      const again = await post(`/tickets/${c}/merge`, { intoTicketId: a }, agent);
      expect(again.status).toBe(400);
      expect(again.body.errors.intoTicketId[0]).toContain('already merged');
      const into = await post(`/tickets/${a}/merge`, { intoTicketId: c }, agent);
      expect(into.status).toBe(400);
      expect(into.body.errors.intoTicketId[0]).toContain('closed');
    });
  });

  describe('duplicates', () => {
    it.each([
      ['ride', 'mtxi'],
      ['order', 'munch'],
      ['booking', 'mtables'],
    ] as const)('a second unresolved ticket about the same %s carries possibleDuplicateOf; the seed answer is unchanged', async (_, origin) => {
      const customer = await factories.customer();
      const first = await desk.createTicket(customer, origin);
      const stored = await helpers.ticket(first);
      const reference = { rideId: stored.rideId, orderId: stored.orderId, bookingId: stored.bookingId };
      const extra = Object.fromEntries(Object.entries(reference).filter(([, v]) => v !== null));
      const second = await desk.createTicket(customer, origin, extra);
      expect((await get(`/tickets/${second}`, admin)).body.possibleDuplicateOf).toBe(first);
      expect((await get(`/tickets/${first}`, admin)).body.possibleDuplicateOf).toBeNull();

      await desk.resolved(first, agent);
      await desk.resolved(second, agent);
      const third = await desk.createTicket(customer, origin, extra);
      expect((await get(`/tickets/${third}`, admin)).body.possibleDuplicateOf).toBeNull();
    });
  });
});
