import { DataSource } from 'typeorm';
import { DEFAULT_PERMISSIONS } from '@mm/auth';
import { RequestContext } from '@mm/core';
import { DeskTickets } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { insertTickets } from './support/ticket-rows';

/** `GET /api/desk/tickets` (SPEC 7.1): filters, sorts, keyset cursor pages, visibility, bad input. */
describe('desk API: ticket list', () => {
  const { app, factories, desk } = useTestApp();
  let agent: Person;
  let otherAgent: Person;
  let admin: Person;

  const db = () => app.running.app.get(DataSource);
  const list = (query: string, as: Person) => app.http.get(`/api/desk/tickets?${query}`, { token: as.token });
  const ids = (res: { body: { data: { id: number }[] } }) => res.body.data.map((t) => t.id);

  /** Every page of a list, following nextCursor (and, when given, doing `between` before each next page). */
  async function pageThrough(query: string, as: Person, between?: () => Promise<unknown>): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, as);
      if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      if (between) await between();
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    [agent, otherAgent, admin] = await Promise.all([factories.agent(), factories.agent(), factories.admin()]);
  });

  it('answers {data, nextCursor} of desk tickets, 25 by default, at most 100', async () => {
    const customer = await factories.customer();
    await insertTickets(db(), customer.user.id, 120);
    const first = await list(`customerId=${customer.user.id}`, admin);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(['data', 'nextCursor']);
    expect(first.body.data).toHaveLength(25);
    expect(first.body.data[0]).toMatchObject({ customer: { id: customer.user.id }, tags: [], sla: null, version: 1 });
    expect((await list(`customerId=${customer.user.id}&limit=100`, admin)).body.data).toHaveLength(100);
    expect(await list(`customerId=${customer.user.id}&limit=101`, admin)).toMatchObject({ status: 400, body: { errors: { limit: [expect.any(String)] } } });
    const all = await pageThrough(`customerId=${customer.user.id}&limit=50`, admin);
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
  });

  it('shows an agent their own tickets and the queue only, an admin every ticket', async () => {
    const customer = await factories.customer();
    const queue = await insertTickets(db(), customer.user.id, 3);
    const mine = await insertTickets(db(), customer.user.id, 2, { assigneeId: agent.user.id, status: 'in_progress' });
    const theirs = await insertTickets(db(), customer.user.id, 2, { assigneeId: otherAgent.user.id, status: 'in_progress' });
    const asAgent = await pageThrough(`customerId=${customer.user.id}`, agent);
    expect(asAgent.sort()).toEqual([...queue, ...mine].sort());
    expect((await pageThrough(`customerId=${customer.user.id}`, admin)).sort()).toEqual([...queue, ...mine, ...theirs].sort());
    expect((await pageThrough(`customerId=${customer.user.id}&assignee=${otherAgent.user.id}`, agent))).toEqual([]);
    expect((await pageThrough(`customerId=${customer.user.id}&assignee=me`, agent)).sort()).toEqual(mine.sort());
    expect((await pageThrough(`customerId=${customer.user.id}&assignee=unassigned`, agent)).sort()).toEqual(queue.sort());
    expect((await pageThrough(`customerId=${customer.user.id}&assignee=${otherAgent.user.id}`, admin)).sort()).toEqual(theirs.sort());
  });

  it('refuses customers, unapproved agents and service tokens (403) and anonymous callers (401)', async () => {
    const customer = await factories.customer();
    const unapproved = await factories.unapprovedAgent();
    expect((await list('', customer)).status).toBe(403);
    expect((await list('', unapproved)).status).toBe(403);
    expect((await app.http.get('/api/desk/tickets', { token: factories.serviceToken('munch') })).status).toBe(403);
    expect(await app.http.get('/api/desk/tickets')).toMatchObject({ status: 401, body: { error: expect.any(String) } });
  });

  it('filters by status, priority, origin, category, tag, search and breached', async () => {
    const customer = await factories.customer();
    const c = `customerId=${customer.user.id}`;
    const [billingOpen] = await insertTickets(db(), customer.user.id, 1, { category: 'billing', priority: 'low', origin: 'munch', tags: ['vip'] });
    const [techHeld] = await insertTickets(db(), customer.user.id, 1, { category: 'technical', priority: 'urgent', status: 'on_hold', origin: 'mtxi', tags: ['refund', 'vip'] });
    const created = await desk.createTicket(customer, 'helpdesk');
    await db().query(`UPDATE tickets SET description = 'The zebracorn payment failed' WHERE id = $1`, [created]);
    expect(await pageThrough(`${c}&status=on_hold`, admin)).toEqual([techHeld]);
    expect(await pageThrough(`${c}&priority=low`, admin)).toEqual([billingOpen]);
    expect(await pageThrough(`${c}&origin=mtxi`, admin)).toEqual([techHeld]);
    expect(await pageThrough(`${c}&category=billing&origin=munch`, admin)).toEqual([billingOpen]);
    expect((await pageThrough(`${c}&tag=VIP`, admin)).sort()).toEqual([billingOpen, techHeld].sort());
    expect(await pageThrough(`${c}&tag=refund`, admin)).toEqual([techHeld]);
    expect(await pageThrough(`${c}&search=zebraco`, admin)).toEqual([created]);
    const number = (await db().query('SELECT ticket_number FROM tickets WHERE id = $1', [techHeld]))[0].ticket_number;
    expect(await pageThrough(`search=${number}`, admin)).toEqual([techHeld]);
    // No policy applies to these tickets, so none has a clock to breach (test/desk-sla.e2e-spec.ts lists breached ones).
    expect(await pageThrough(`${c}&breached=true`, admin)).toEqual([]);
  });

  it('sorts by created_at, updated_at and priority, ascending or descending', async () => {
    const customer = await factories.customer();
    const c = `customerId=${customer.user.id}`;
    const made: number[] = [];
    for (const priority of ['high', 'low', 'urgent', 'medium']) made.push(...(await insertTickets(db(), customer.user.id, 1, { priority })));
    await db().query(`UPDATE tickets SET updated_at = now() + (id - $1) * interval '-1 second' WHERE id = ANY($2)`, [made[0], made]);
    expect(await pageThrough(`${c}&limit=1`, admin)).toEqual([...made].reverse()); // default: newest first
    expect(await pageThrough(`${c}&sort=created_at&order=asc&limit=2`, admin)).toEqual(made);
    expect(await pageThrough(`${c}&sort=updated_at&order=asc&limit=3`, admin)).toEqual([...made].reverse());
    expect(await pageThrough(`${c}&sort=priority&order=desc&limit=1`, admin)).toEqual([made[2], made[0], made[3], made[1]]);
    expect(await pageThrough(`${c}&sort=priority&order=asc`, admin)).toEqual([made[1], made[3], made[0], made[2]]);
  });

  it('refuses unknown filters, malformed values and cursors with 400 in the default format, never 500', async () => {
    const cases: [string, string][] = [
      ['colour=red', 'colour'],
      ['status=open&status=closed', 'status'],
      ['cursor=a&cursor=b', 'cursor'],
      ['limit=ten', 'limit'],
      ['status=Open', 'status'],
      ['priority=critical', 'priority'],
      ['origin=uber', 'origin'],
      ['assignee=someone', 'assignee'],
      ['assignee=0', 'assignee'],
      ['assignee=99999999999', 'assignee'],
      ['assignee=2147483648', 'assignee'],
      ['customerId=abc', 'customerId'],
      ['customerId=2147483648', 'customerId'],
      ['breached=false', 'breached'],
      ['sort=sla_due&cursor=' + Buffer.from('["sla_due.asc","someday","1"]').toString('base64url'), 'cursor'],
      ['sort=random', 'sort'],
      ['order=up', 'order'],
      ['limit=0', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["created_at.desc","yesterday","1"]').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('["created_at.desc","2026-01-01 00:00:00+00","99999999999"]').toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
      [`tag=${'x'.repeat(41)}`, 'tag'],
      ['tag=%20', 'tag'],
    ];
    for (const [query, field] of cases) {
      const res = await list(query, admin);
      expect({ query, status: res.status, error: res.body.error, field: Object.keys(res.body.errors ?? {}) }).toEqual({ query, status: 400, error: 'Validation failed', field: [field] });
    }
    // A cursor of one sort is not a cursor of another.
    const customer = await factories.customer();
    await insertTickets(db(), customer.user.id, 3);
    const page = await list(`customerId=${customer.user.id}&limit=1&sort=created_at`, admin);
    const other = await list(`customerId=${customer.user.id}&limit=1&sort=updated_at&cursor=${page.body.nextCursor}`, admin);
    expect(other).toMatchObject({ status: 400, body: { errors: { cursor: [expect.any(String)] } } });
  });

  it('pages through a few thousand tickets while others are inserted: none skipped, none repeated', async () => {
    const customer = await factories.customer();
    const existing = await insertTickets(db(), customer.user.id, 3000); // one created_at for all: the id breaks the ties
    const inserted: number[] = [];
    const insertSome = async () => inserted.push(...(await insertTickets(db(), customer.user.id, 7)));
    for (const order of ['desc', 'asc']) {
      for (const sort of ['created_at', 'priority', 'updated_at']) {
        const seen = await pageThrough(`customerId=${customer.user.id}&sort=${sort}&order=${order}&limit=100`, admin, insertSome);
        expect({ sort, order, repeated: seen.length - new Set(seen).size }).toEqual({ sort, order, repeated: 0 });
        const missing = existing.filter((id) => !seen.includes(id));
        expect({ sort, order, missing }).toEqual({ sort, order, missing: [] });
      }
    }
    expect(inserted.length).toBeGreaterThan(100);
  }, 120_000);

  it('walks an index from the cursor on: a page deep in the list reads as few rows as the first', async () => {
    const customer = await factories.customer();
    await insertTickets(db(), customer.user.id, 2000);
    await db().query('ANALYZE tickets');
    const service = app.running.app.get(DeskTickets);
    const ctx: RequestContext = { actor: { id: admin.user.id, role: 'admin', approved: true, permissions: DEFAULT_PERMISSIONS.admin }, locale: 'en', requestId: 'explain' };
    for (const sort of ['created_at', 'updated_at', 'priority'] as const) {
      let cursor: string | undefined;
      for (let page = 0; page < 15; page++) cursor = (await service.list(ctx, {}, sort, 'desc', { limit: 100, cursor })).nextCursor ?? undefined;
      /** The plan's nodes, and how many ticket rows its scan of tickets read (returned + filtered out). */
      const rowsRead = async (at?: string) => {
        const [sql, params] = service.listQuery(ctx, {}, sort, 'desc', { limit: 25, cursor: at }).getQueryAndParameters();
        const [{ 'QUERY PLAN': [plan] }] = await db().query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        const nodes: Record<string, unknown>[] = [];
        const walk = (node: Record<string, unknown>) => {
          nodes.push(node);
          for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
        };
        walk(plan.Plan);
        const ticketScan = nodes.find((n) => n['Relation Name'] === 'tickets')!;
        expect({ sort, sorted: nodes.some((n) => n['Node Type'] === 'Sort'), scan: ticketScan['Node Type'] }).toEqual({ sort, sorted: false, scan: 'Index Scan' });
        return (ticketScan['Actual Rows'] as number) + ((ticketScan['Rows Removed by Filter'] as number | undefined) ?? 0);
      };
      expect({ sort, first: await rowsRead(), deep: await rowsRead(cursor) }).toEqual({ sort, first: 26, deep: 26 });
    }
  }, 60_000);
});
