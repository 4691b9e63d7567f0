import { DataSource } from 'typeorm';
import { AutomationRunner } from '@mm/automation';
import { SlaTimersService } from '@mm/sla';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { describeWithPostgres } from './support/socket';

const HOUR = 3_600_000;

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Automations (SPEC 7.5) through the desk API and the seed surfaces: the
 * configuration (validation, audit, admin only), each event kind, all/any,
 * every operator and action, the order, the no-loop rule, time automations on
 * a clock the test controls (`runTimeAutomations(at)` and backdated ticket
 * times), exactly once under concurrent evaluations, and the dry run. Its own
 * database: active automations act on every ticket.
 */
describeWithPostgres('automations', () => {
  const { app, factories, desk } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let agent: Person;
  let customer: Person;

  const sql = (text: string, params: unknown[] = []) => app.running.app.get(DataSource).query(text, params);
  const runner = () => app.running.app.get(AutomationRunner);
  const as = (who: Person) => ({ token: who.token });
  const create = (body: Record<string, unknown>, who: Person = admin) => app.http.post('/api/desk/automations', body, as(who));
  async function automation(body: Record<string, unknown>): Promise<{ id: number; name: string }> {
    const res = await create({ name: `Rule ${Math.random().toString(36).slice(2, 8)}`, ...body });
    expect(res.status).toBe(201);
    return res.body;
  }
  const off = async (id: number) => expect((await app.http.patch(`/api/desk/automations/${id}`, { active: false }, as(admin))).status).toBe(200);
  const helpdeskTicket = (body: Record<string, unknown> = {}, who: Person = customer) =>
    desk.createTicket(who, 'helpdesk', { subject: 'Card charged twice', description: 'Charged twice for one order', priority: 'medium', ...body });
  const mtxiTicket = (issueType: string) => desk.createTicket(customer, 'mtxi', { issueType, description: 'Payment was charged twice' });
  const ticket = async (id: number) => (await sql('SELECT status, priority, tags, assignee_id, version, escalation_level FROM tickets WHERE id = $1', [id]))[0];
  const runs = (automationId: number, ticketId: number) =>
    sql('SELECT trigger, outcomes FROM automation_runs WHERE automation_id = $1 AND ticket_id = $2 ORDER BY id', [automationId, ticketId]) as Promise<Array<{ trigger: string; outcomes: Array<{ type: string; result: string; detail?: string }> }>>;
  const historyOf = (ticketId: number) => sql(`SELECT type, actor_role, details FROM ticket_history WHERE ticket_id = $1 ORDER BY id`, [ticketId]) as Promise<Array<{ type: string; actor_role: string; details: any }>>;
  const setStatus = (id: number, status: string, who: Person = admin) => app.http.put(`/api/support/tickets/${id}/update-status`, { status }, as(who));
  const setTags = (id: number, tags: string[], who: Person = admin) => app.http.put(`/api/desk/tickets/${id}/tags`, { tags }, as(who));

  beforeAll(async () => {
    admin = await factories.admin();
    agent = await factories.agent();
    customer = await factories.customer();
  });
  // Each test states its own automations: the ones before it are switched off.
  afterEach(async () => {
    await sql('UPDATE automations SET active = false');
    runner().invalidate();
  });

  describe('configuration', () => {
    it('creates, lists by position, changes and deletes an automation; each change is audited', async () => {
      const second = await automation({ name: 'Second', position: 20, on: 'ticket.created', conditions: { all: [{ field: 'priority', op: 'eq', value: 'low' }] }, actions: [{ type: 'add_tags', value: [' Low '] }] });
      const first = await automation({ name: 'First', position: 10, on: 'ticket.created', conditions: { any: [{ field: 'category', op: 'in', value: ['billing', 'account'] }] }, actions: [{ type: 'set_priority', value: 'high' }] });
      expect(second).toMatchObject({ name: 'Second', position: 20, active: true, on: 'ticket.created', actions: [{ type: 'add_tags', value: ['low'] }] });
      const list = (await app.http.get('/api/desk/automations', as(admin))).body.data.map((a: { id: number }) => a.id);
      expect(list.indexOf(first.id)).toBeLessThan(list.indexOf(second.id));

      const changed = await app.http.patch(`/api/desk/automations/${second.id}`, { position: 5, active: false }, as(admin));
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id: second.id, position: 5, active: false, name: 'Second' });
      expect((await app.http.get(`/api/desk/automations/${second.id}`, as(admin))).body.position).toBe(5);
      expect((await app.http.delete(`/api/desk/automations/${first.id}`, as(admin))).status).toBe(204);
      expect((await app.http.get(`/api/desk/automations/${first.id}`, as(admin))).status).toBe(404);

      const audit = (await app.http.get('/api/desk/audit-log?limit=10', as(admin))).body.data.filter((e: { entityType: string }) => e.entityType === 'automation');
      expect(audit.map((e: { action: string; entityId: string }) => [e.action, Number(e.entityId)])).toEqual(
        expect.arrayContaining([
          ['automation.created', second.id],
          ['automation.created', first.id],
          ['automation.updated', second.id],
          ['automation.deleted', first.id],
        ]),
      );
    });

    it('refuses unknown fields, operators, actions and triggers with a 400 naming each; nothing is stored', async () => {
      const before = (await sql('SELECT count(*)::int AS n FROM automations'))[0].n;
      const bad = await create({
        name: 'Bad',
        on: 'ticket.created',
        conditions: { all: [{ field: 'mood', op: 'eq', value: 'x' }, { field: 'status', op: 'like', value: 'open' }, { field: 'tags', op: 'eq', value: 'x' }], any: [{ field: 'minutesSinceCreated', op: 'gte', value: 5 }] },
        actions: [{ type: 'delete_ticket', value: 1 }, { type: 'set_status', value: 'done' }, { type: 'assign', value: 'someone' }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('Validation failed');
      expect(bad.body.errors['conditions.all[0].field'][0]).toContain('unknown field "mood"');
      expect(bad.body.errors['conditions.all[1].op'][0]).toContain('unknown operator "like"');
      expect(bad.body.errors['conditions.all[2].op'][0]).toContain('tags takes contains, in, not_in');
      expect(bad.body.errors['conditions.any[0].field'][0]).toContain('only for automations on time');
      expect(bad.body.errors['actions[0].type'][0]).toContain('unknown action "delete_ticket"');
      expect(bad.body.errors['actions[1].value'][0]).toContain('one of open');
      expect(bad.body.errors['actions[2].value'][0]).toContain('"route"');

      const trigger = await create({ name: 'Bad', on: 'ticket.deleted', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }] });
      expect(trigger.status).toBe(400);
      expect(trigger.body.errors.on[0]).toContain('unknown trigger "ticket.deleted"');
      const untimed = await create({ name: 'Bad', on: 'time', conditions: { all: [{ field: 'status', op: 'eq', value: 'resolved' }] }, actions: [{ type: 'set_status', value: 'closed' }] });
      expect(untimed.body.errors['conditions.all'][0]).toContain('needs a minutesSince');
      const noAgent = await create({ name: 'Bad', on: 'ticket.created', conditions: {}, actions: [{ type: 'assign', value: customer.user.id }, { type: 'apply_macro', value: 999999 }] });
      expect(noAgent.status).toBe(400);
      expect(noAgent.body.errors['actions[0].value'][0]).toContain(`no approved, active agent ${customer.user.id}`);
      expect(noAgent.body.errors['actions[1].value'][0]).toContain('no shared macro 999999');
      const extra = await create({ name: 'Bad', on: 'ticket.created', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }], when: 'always' });
      expect(extra.status).toBe(400);

      const valid = await automation({ on: 'ticket.created', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }] });
      const badPatch = await app.http.patch(`/api/desk/automations/${valid.id}`, { conditions: { all: [{ field: 'status', op: 'gte', value: 'open' }] } }, as(admin));
      expect(badPatch.status).toBe(400);
      expect(badPatch.body.errors['conditions.all[0].op'][0]).toContain('status takes eq, neq, in, not_in, not gte');
      expect((await app.http.get(`/api/desk/automations/${valid.id}`, as(admin))).body.conditions).toEqual({});
      expect((await sql('SELECT count(*)::int AS n FROM automations'))[0].n).toBe(before + 1);
    });

    it('admins only: agents and customers get 403, a missing automation 404, a bad id 400', async () => {
      const rule = await automation({ on: 'ticket.created', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }] });
      expect((await app.http.get('/api/desk/automations', as(agent))).status).toBe(403);
      expect((await create({ name: 'x', on: 'ticket.created', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }] }, agent)).status).toBe(403);
      expect((await app.http.post(`/api/desk/automations/${rule.id}/test`, { ticketId: 1 }, as(agent))).status).toBe(403);
      expect((await app.http.get('/api/desk/automations', as(customer))).status).toBe(403);
      const missing = await app.http.get('/api/desk/automations/999999', as(admin));
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: 'No automation 999999' });
      expect((await app.http.get('/api/desk/automations/abc', as(admin))).status).toBe(400);
    });
  });

  describe('event automations', () => {
    it('ticket.created: mtxi payment issues go urgent with the tag payments, in the same transaction, history naming the automation', async () => {
      const rule = await automation({
        name: 'Urgent mtxi payments',
        on: 'ticket.created',
        conditions: { all: [{ field: 'origin', op: 'eq', value: 'mtxi' }, { field: 'category', op: 'eq', value: 'payment_issue' }, { field: 'reference.type', op: 'eq', value: 'ride' }, { field: 'customer.locale', op: 'eq', value: 'en' }] },
        actions: [{ type: 'set_priority', value: 'urgent' }, { type: 'add_tags', value: ['payments'] }],
      });
      const paid = await mtxiTicket('PAYMENT_ISSUE');
      const rude = await mtxiTicket('SERVICE_QUALITY');
      expect(await ticket(paid)).toMatchObject({ priority: 'urgent', tags: ['payments'] });
      expect(await ticket(rude)).toMatchObject({ priority: 'medium', tags: [] });

      const history = await historyOf(paid);
      const updates = history.filter((h) => h.type === 'updated');
      expect(updates).toHaveLength(2);
      expect(updates.every((h) => h.actor_role === 'service' && h.details.automation.id === rule.id && h.details.automation.name === 'Urgent mtxi payments')).toBe(true);
      expect(updates[0].details.changes.priority).toEqual({ from: 'medium', to: 'urgent' });
      expect(updates[1].details.changes.tags).toEqual({ from: [], to: ['payments'] });
      const events = (await sql(`SELECT type FROM outbox_events WHERE ticket_id = $1 ORDER BY id`, [paid])).map((e: { type: string }) => e.type);
      expect(events).toEqual(['ticket.created', 'ticket.updated', 'ticket.updated']);
      expect(await runs(rule.id, rude)).toEqual([]);
      expect((await runs(rule.id, paid))[0]).toMatchObject({ trigger: 'ticket.created', outcomes: [{ type: 'set_priority', result: 'done' }, { type: 'add_tags', result: 'done' }] });
    });

    it('all and any: all must hold, and one of any', async () => {
      await automation({
        on: 'ticket.created',
        conditions: { all: [{ field: 'origin', op: 'eq', value: 'helpdesk' }], any: [{ field: 'category', op: 'eq', value: 'order' }, { field: 'priority', op: 'eq', value: 'high' }] },
        actions: [{ type: 'add_tags', value: ['triage'] }],
      });
      const lost = await helpdeskTicket({ category: 'order' });
      const high = await helpdeskTicket({ priority: 'high' });
      const neither = await helpdeskTicket({ category: 'billing', priority: 'low' });
      expect((await ticket(lost)).tags).toEqual(['triage']);
      expect((await ticket(high)).tags).toEqual(['triage']);
      expect((await ticket(neither)).tags).toEqual([]);
    });

    it('operators: neq, in, not_in, contains, gte, lte on ticket.updated', async () => {
      await automation({
        on: 'ticket.updated',
        conditions: {
          all: [
            { field: 'status', op: 'neq', value: 'closed' },
            { field: 'priority', op: 'in', value: ['medium', 'high'] },
            { field: 'category', op: 'not_in', value: ['order'] },
            { field: 'tags', op: 'contains', value: 'vip' },
            { field: 'escalationLevel', op: 'gte', value: 0 },
            { field: 'escalationLevel', op: 'lte', value: 0 },
            { field: 'assigneeId', op: 'eq', value: null },
          ],
        },
        actions: [{ type: 'add_tags', value: ['seen'] }],
      });
      const vip = await helpdeskTicket();
      const lost = await helpdeskTicket({ category: 'order' });
      const low = await helpdeskTicket({ priority: 'low' });
      const other = await helpdeskTicket();
      for (const id of [vip, lost, low]) expect((await setTags(id, ['vip'])).status).toBe(200);
      expect((await setTags(other, ['regular'])).status).toBe(200);
      expect((await ticket(vip)).tags).toEqual(['vip', 'seen']);
      expect((await ticket(lost)).tags).toEqual(['vip']);
      expect((await ticket(low)).tags).toEqual(['vip']);
      expect((await ticket(other)).tags).toEqual(['regular']);
      // Escalated once: escalationLevel 1 is over lte 0.
      const escalated = await helpdeskTicket();
      await sql('UPDATE tickets SET escalation_level = 1 WHERE id = $1', [escalated]);
      expect((await setTags(escalated, ['vip'])).status).toBe(200);
      expect((await ticket(escalated)).tags).toEqual(['vip']);
    });

    it('ticket.updated on a status change; message.created reads the sender', async () => {
      const onHold = await automation({ on: 'ticket.updated', conditions: { all: [{ field: 'status', op: 'eq', value: 'on_hold' }] }, actions: [{ type: 'add_tags', value: ['waiting'] }] });
      const replied = await automation({
        on: 'message.created',
        conditions: { all: [{ field: 'message.senderType', op: 'eq', value: 'customer' }, { field: 'status', op: 'eq', value: 'on_hold' }] },
        actions: [{ type: 'set_status', value: 'in_progress' }, { type: 'remove_tags', value: ['waiting'] }],
      });
      const id = await helpdeskTicket();
      expect((await setStatus(id, 'In Progress')).status).toBe(200);
      expect((await setStatus(id, 'On Hold')).status).toBe(200);
      expect(await ticket(id)).toMatchObject({ status: 'on_hold', tags: ['waiting'] });
      // A staff message does not match; the customer's does.
      expect((await app.http.post(`/api/support-tickets/${id}/messages`, { message: 'We are checking' }, as(admin))).status).toBe(201);
      expect((await ticket(id)).status).toBe('on_hold');
      expect((await app.http.post(`/api/support-tickets/${id}/messages`, { message: 'Any news?' }, as(customer))).status).toBe(201);
      expect(await ticket(id)).toMatchObject({ status: 'in_progress', tags: [] });
      expect((await runs(onHold.id, id)).map((r) => r.trigger)).toEqual(['ticket.updated']);
      expect((await runs(replied.id, id)).map((r) => r.trigger)).toEqual(['message.created']);
    });

    it('sla.breached: notifies the admins and raises the priority', async () => {
      const calendarId = (await app.http.get('/api/desk/calendars', as(admin))).body.data[0].id;
      const policy = await app.http.post('/api/desk/sla-policies', { name: 'Fast', position: 1, match: { categories: ['other'] }, calendarId, targets: { medium: { firstReplyMinutes: 5 } }, breachAction: 'notify' }, as(admin));
      expect(policy.status).toBe(201);
      await automation({ name: 'Breach alarm', on: 'sla.breached', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }, { type: 'notify_staff', value: 'admins', message: 'A first reply is late' }] });
      const id = await helpdeskTicket({ category: 'other' });
      await app.running.app.get(SlaTimersService).fireDue(new Date(Date.now() + HOUR));
      expect((await ticket(id)).priority).toBe('high');
      const notices = (await app.http.get('/api/notifications', as(admin))).body.data;
      expect(notices.find((n: { ticketId?: number; body: string }) => n.body === 'A first reply is late')).toBeDefined();
      await app.http.patch(`/api/desk/sla-policies/${policy.body.id}`, { active: false }, as(admin));
    });

    it('runs in position order, each automation seeing what the ones before it did', async () => {
      const later = await automation({ position: 20, on: 'ticket.created', conditions: { all: [{ field: 'priority', op: 'eq', value: 'urgent' }] }, actions: [{ type: 'add_tags', value: ['saw-urgent'] }] });
      const earlier = await automation({ position: 10, on: 'ticket.created', conditions: { all: [{ field: 'category', op: 'eq', value: 'other' }] }, actions: [{ type: 'set_priority', value: 'urgent' }] });
      const first = await helpdeskTicket({ category: 'other' });
      expect(await ticket(first)).toMatchObject({ priority: 'urgent', tags: ['saw-urgent'] });
      // Reversed, the tagging one runs first and sees a medium ticket.
      await app.http.patch(`/api/desk/automations/${later.id}`, { position: 5 }, as(admin));
      const second = await helpdeskTicket({ category: 'other' });
      expect(await ticket(second)).toMatchObject({ priority: 'urgent', tags: [] });
      await off(earlier.id);
    });

    it('no loops: a change made by an automation triggers no automation (two rules that would ping-pong)', async () => {
      const ping = await automation({ name: 'ping', on: 'ticket.updated', conditions: { all: [{ field: 'tags', op: 'contains', value: 'ping' }] }, actions: [{ type: 'remove_tags', value: ['ping'] }, { type: 'add_tags', value: ['pong'] }] });
      const pong = await automation({ name: 'pong', on: 'ticket.updated', conditions: { all: [{ field: 'tags', op: 'contains', value: 'pong' }] }, actions: [{ type: 'remove_tags', value: ['pong'] }, { type: 'add_tags', value: ['ping'] }] });
      const id = await helpdeskTicket();
      expect((await setTags(id, ['ping'])).status).toBe(200);
      // In the one pass of the person's change each fired once, in order (pong saw ping's change); neither change started another pass.
      expect((await ticket(id)).tags).toEqual(['ping']);
      expect(await runs(ping.id, id)).toHaveLength(1);
      expect(await runs(pong.id, id)).toHaveLength(1);
      // The next change by a person is a new pass: ping (first in order) does not match it, pong fires once, and nothing follows.
      expect((await setTags(id, ['pong', 'x'])).status).toBe(200);
      expect((await ticket(id)).tags).toEqual(['x', 'ping']);
      expect(await runs(ping.id, id)).toHaveLength(1);
      expect(await runs(pong.id, id)).toHaveLength(2);
    });
  });

  describe('actions', () => {
    it('set_status goes through the workflow: an impossible move is skipped and recorded, never forced', async () => {
      const rule = await automation({ on: 'ticket.created', conditions: { all: [{ field: 'category', op: 'eq', value: 'technical' }] }, actions: [{ type: 'set_status', value: 'closed' }, { type: 'add_tags', value: ['checked'] }] });
      const id = await helpdeskTicket({ category: 'technical' });
      expect(await ticket(id)).toMatchObject({ status: 'open', tags: ['checked'] });
      expect((await runs(rule.id, id))[0].outcomes).toEqual([
        { type: 'set_status', result: 'skipped', detail: 'the workflow does not move a ticket from open to closed' },
        { type: 'add_tags', result: 'done', detail: '+ checked' },
      ]);
      expect((await historyOf(id)).some((h) => h.type === 'closed' || h.type === 'status_changed')).toBe(false);
    });

    it('assign to an agent, then "route" hands it back to routing; a status move along the workflow is an ordinary change', async () => {
      const assign = await automation({ on: 'ticket.created', conditions: { all: [{ field: 'category', op: 'eq', value: 'account' }] }, actions: [{ type: 'assign', value: agent.user.id }, { type: 'set_status', value: 'in_progress' }] });
      const id = await helpdeskTicket({ category: 'account' });
      expect(await ticket(id)).toMatchObject({ assignee_id: agent.user.id, status: 'in_progress' });
      const events = (await sql(`SELECT type, payload FROM outbox_events WHERE ticket_id = $1 ORDER BY id`, [id])) as Array<{ type: string; payload: any }>;
      expect(events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned', 'ticket.status_changed']);
      expect(events[1].payload.actor).toEqual({ id: 0, role: 'service' });
      // Notifications come from the outbox after commit.
      await eventually(async () => (await app.http.get('/api/notifications', as(agent))).body.data.some((n: { kind: string; ticketId: number }) => n.kind === 'ticket_assigned' && n.ticketId === id));
      await off(assign.id);

      const route = await automation({ on: 'ticket.updated', conditions: { all: [{ field: 'tags', op: 'contains', value: 'reroute' }, { field: 'assigneeId', op: 'neq', value: null }] }, actions: [{ type: 'assign', value: 'route' }] });
      expect((await setTags(id, ['reroute'])).status).toBe(200);
      expect((await ticket(id)).assignee_id).toBeNull();
      expect((await runs(route.id, id))[0].outcomes[0]).toMatchObject({ type: 'assign', result: 'done', detail: `unassigned from agent ${agent.user.id}, handed to routing` });
    });

    it('apply_macro sends the shared macro\'s reply and applies its actions; notify_staff reaches the assignee', async () => {
      const macro = await app.http.post('/api/desk/macros', { title: 'Refund', visibility: 'shared', body: 'Hello {{customer.name}}, ticket {{ticket.number}} is being refunded.', actions: { addTags: ['refund'] } }, as(admin));
      expect(macro.status).toBe(201);
      const rule = await automation({
        name: 'Auto refund',
        on: 'ticket.created',
        conditions: { all: [{ field: 'category', op: 'eq', value: 'product' }] },
        actions: [{ type: 'assign', value: agent.user.id }, { type: 'apply_macro', value: macro.body.id }, { type: 'notify_staff', value: 'assignee' }],
      });
      const id = await helpdeskTicket({ category: 'product' });
      const messages = (await app.http.get(`/api/support-tickets/${id}/messages`, as(customer))).body.data;
      expect(messages.some((m: { message?: string; body?: string }) => (m.message ?? m.body ?? '').includes('is being refunded'))).toBe(true);
      expect((await ticket(id)).tags).toEqual(['refund']);
      const macroEntry = (await historyOf(id)).find((h) => h.details?.macro);
      expect(macroEntry?.details).toMatchObject({ macro: { id: macro.body.id }, automation: { id: rule.id, name: 'Auto refund' } });
      const notices = (await app.http.get('/api/notifications', as(agent))).body.data;
      expect(notices.some((n: { body: string }) => n.body === 'Auto refund')).toBe(true);
    });
  });

  describe('time automations', () => {
    it('closes tickets 72 hours after they were resolved, once; the history names the automation', async () => {
      const rule = await automation({ name: 'Close resolved', on: 'time', conditions: { all: [{ field: 'status', op: 'eq', value: 'resolved' }, { field: 'minutesSinceStatusChange', op: 'gte', value: 4320 }] }, actions: [{ type: 'set_status', value: 'closed' }] });
      const old = await helpdeskTicket();
      const recent = await helpdeskTicket();
      for (const id of [old, recent]) {
        expect((await setStatus(id, 'In Progress')).status).toBe(200);
        expect((await setStatus(id, 'Resolved')).status).toBe(200);
      }
      // What a time automation changes triggers no event automation either.
      const echo = await automation({ on: 'ticket.updated', conditions: { all: [{ field: 'status', op: 'eq', value: 'closed' }] }, actions: [{ type: 'add_tags', value: ['echo'] }] });
      await sql(`UPDATE tickets SET status_changed_at = now() - interval '73 hours' WHERE id = $1`, [old]);
      expect(await runner().runTimeAutomations()).toBeGreaterThanOrEqual(1);
      expect(await ticket(old)).toMatchObject({ status: 'closed', tags: [] });
      expect(await runs(echo.id, old)).toEqual([]);
      expect((await ticket(recent)).status).toBe('resolved');
      const closed = (await historyOf(old)).find((h) => h.type === 'updated' && h.details.automation);
      expect(closed?.details).toMatchObject({ automation: { id: rule.id, name: 'Close resolved' }, changes: { status: { from: 'resolved', to: 'closed' } } });
      // 72 hours after `recent` was resolved (a clock the test moves), it closes too; `old` is not touched again.
      await runner().runTimeAutomations(new Date(Date.now() + 72 * HOUR + 60_000));
      expect((await ticket(recent)).status).toBe('closed');
      expect(await runs(rule.id, old)).toHaveLength(1);
      await off(rule.id);
    });

    it('fires once per ticket while it matches, also when evaluations run at once, and again after it stopped matching', async () => {
      const rule = await automation({ on: 'time', conditions: { all: [{ field: 'minutesSinceCreated', op: 'gte', value: 60 }, { field: 'tags', op: 'not_in', value: ['done'] }, { field: 'category', op: 'eq', value: 'order' }] }, actions: [{ type: 'notify_staff', value: 'admins' }] });
      const id = await helpdeskTicket({ category: 'order' });
      await sql(`UPDATE tickets SET created_at = now() - interval '2 hours' WHERE id = $1`, [id]);
      await Promise.all([runner().runTimeAutomations(), runner().runTimeAutomations(), runner().runTimeAutomations()]);
      expect(await runs(rule.id, id)).toHaveLength(1);
      await runner().runTimeAutomations();
      expect(await runs(rule.id, id)).toHaveLength(1);
      // It stops matching (tagged done), then matches again (the tag removed): a new matching state fires again.
      expect((await setTags(id, ['done'])).status).toBe(200);
      await runner().runTimeAutomations();
      expect((await sql('SELECT count(*)::int AS n FROM automation_firings WHERE automation_id = $1 AND ticket_id = $2', [rule.id, id]))[0].n).toBe(0);
      expect((await setTags(id, [])).status).toBe(200);
      await runner().runTimeAutomations();
      expect(await runs(rule.id, id)).toHaveLength(2);
      await off(rule.id);
    });

    it('lte and minutesSinceCustomerReply: a ticket the customer wrote on in the last 30 minutes', async () => {
      const rule = await automation({ on: 'time', conditions: { all: [{ field: 'minutesSinceCustomerReply', op: 'lte', value: 30 }, { field: 'category', op: 'eq', value: 'technical' }] }, actions: [{ type: 'add_tags', value: ['fresh'] }] });
      const quiet = await helpdeskTicket({ category: 'technical' });
      const spoke = await helpdeskTicket({ category: 'technical' });
      expect((await app.http.post(`/api/support-tickets/${spoke}/messages`, { message: 'Still broken' }, as(customer))).status).toBe(201);
      await runner().runTimeAutomations();
      expect((await ticket(spoke)).tags).toEqual(['fresh']);
      expect((await ticket(quiet)).tags).toEqual([]);
      await off(rule.id);
    });
  });

  describe('dry run', () => {
    it('answers whether the conditions match and what the actions would do, changing nothing', async () => {
      const rule = await automation({
        on: 'ticket.updated',
        active: false,
        conditions: { all: [{ field: 'category', op: 'eq', value: 'billing' }], any: [{ field: 'priority', op: 'eq', value: 'low' }, { field: 'tags', op: 'contains', value: 'vip' }] },
        actions: [{ type: 'set_priority', value: 'urgent' }, { type: 'set_status', value: 'closed' }, { type: 'add_tags', value: ['vip'] }, { type: 'assign', value: agent.user.id }],
      });
      const id = await helpdeskTicket({ priority: 'low' });
      const before = await ticket(id);
      const res = await app.http.post(`/api/desk/automations/${rule.id}/test`, { ticketId: id }, as(admin));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        matches: true,
        conditions: {
          all: [{ field: 'category', op: 'eq', value: 'billing', actual: 'billing', matches: true }],
          any: [
            { field: 'priority', op: 'eq', value: 'low', actual: 'low', matches: true },
            { field: 'tags', op: 'contains', value: 'vip', actual: [], matches: false },
          ],
        },
        actions: [
          { type: 'set_priority', result: 'done', detail: 'low → urgent' },
          { type: 'set_status', result: 'skipped', detail: 'the workflow does not move a ticket from open to closed' },
          { type: 'add_tags', result: 'done', detail: '+ vip' },
          { type: 'assign', result: 'done', detail: `assigned to agent ${agent.user.id}` },
        ],
      });
      expect(await ticket(id)).toEqual(before);
      expect(await runs(rule.id, id)).toEqual([]);

      const other = await helpdeskTicket({ category: 'order' });
      expect((await app.http.post(`/api/desk/automations/${rule.id}/test`, { ticketId: other }, as(admin))).body.matches).toBe(false);
      const missing = await app.http.post(`/api/desk/automations/${rule.id}/test`, { ticketId: 99999999 }, as(admin));
      expect(missing.status).toBe(404);
      expect((await app.http.post(`/api/desk/automations/${rule.id}/test`, { ticketId: 'x' }, as(admin))).status).toBe(400);
    });
  });
});
