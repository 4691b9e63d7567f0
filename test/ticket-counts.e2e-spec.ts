import { DataSource } from 'typeorm';
import { COUNT_LIMIT, TicketCounters } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const TICKETS = '/api/support-tickets';
const ACTIVE = ['open', 'in_progress', 'on_hold', 'escalated'];

/**
 * The staff navbar badges and the big staff lists' totals come from
 * ticket_counts (kept by triggers, compacted in the background), and other
 * totals are counted up to COUNT_LIMIT (performance fixes of docs/benchmarks.md).
 * Here: they always equal a plain count of the tickets, whatever happened and
 * in whatever order. Its own database: the counts are global.
 */
describe('ticket counts: navbar badges and list totals stay exact', () => {
  const { app, factories } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let agent: Person;
  let otherAgent: Person;

  beforeAll(async () => {
    [admin, agent, otherAgent] = await Promise.all([factories.admin(), factories.agent(), factories.agent()]);
  });

  const db = () => app.running.app.get(DataSource);
  const compact = () => app.running.app.get(TicketCounters).compact();

  async function open(customer: Person, category = 'billing'): Promise<number> {
    const res = await app.http.post(TICKETS, { subject: 'Charged twice', description: 'My card was charged twice.', category }, { token: customer.token });
    expect(res.status).toBe(201);
    return res.body.data.id;
  }

  /** What the badges must say, counted the slow way. */
  async function expectedCounts(viewer: Person) {
    const mine = viewer.user.role === 'agent' ? 'AND (assignee_id = $1 OR assignee_id IS NULL)' : 'AND $1::int IS NOT NULL';
    const [row] = await db().query(
      `SELECT count(*)::int AS total_tickets, (count(*) FILTER (WHERE status = 'open'))::int AS open_tickets,
              (count(*) FILTER (WHERE status = 'in_progress'))::int AS in_progress_tickets, (count(*) FILTER (WHERE NOT is_admin_read))::int AS unread_count
       FROM tickets WHERE status = ANY($2) ${mine}`,
      [viewer.user.id, ACTIVE],
    );
    return { success: true, ...row, count: row.unread_count > 0 ? row.unread_count : row.total_tickets };
  }

  async function listTotal(viewer: Person, query = ''): Promise<number> {
    const res = await app.http.get(`${TICKETS}?per_page=1${query}`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).not.toHaveProperty('total_is_exact');
    return res.body.data.total;
  }

  async function expectExact(): Promise<void> {
    for (const viewer of [admin, agent, otherAgent]) {
      const badge = await app.http.get(`${TICKETS}/navbar/count`, { token: viewer.token });
      expect(badge.body).toEqual(await expectedCounts(viewer));
    }
    const [all] = await db().query(`SELECT count(*)::int AS n, (count(*) FILTER (WHERE status = 'in_progress'))::int AS working FROM tickets`);
    expect(await listTotal(admin)).toBe(all.n);
    expect(await listTotal(admin, '&status=in_progress')).toBe(all.working);
    const [agents] = await db().query(`SELECT count(*)::int AS n FROM tickets WHERE assignee_id = $1 OR assignee_id IS NULL`, [agent.user.id]);
    expect(await listTotal(agent)).toBe(agents.n);
    const [assigned] = await db().query(`SELECT count(*)::int AS n FROM tickets WHERE assignee_id = $1`, [agent.user.id]);
    expect(await listTotal(admin, `&assigned_to=${agent.user.id}`)).toBe(assigned.n);
  }

  it('through creates, assignment, replies, status changes and compaction', async () => {
    const [alice, bob] = await Promise.all([factories.customer(), factories.customer()]);
    const ids = [await open(alice), await open(alice, 'order'), await open(bob), await open(bob, 'technical')];
    await expectExact();

    const pick = await app.http.post(`/api/support/tickets/${ids[0]}/assign-self/`, undefined, { token: agent.token });
    expect(pick.status).toBe(200);
    const reply = await app.http.post(`${TICKETS}/${ids[0]}/messages`, { message: 'Looking into it' }, { token: agent.token });
    expect(reply.status).toBe(201);
    await expectExact();

    // The customer answers (staff unread again), staff open the conversation (read), then resolve it.
    expect((await app.http.post(`${TICKETS}/${ids[0]}/messages`, { message: 'Thanks' }, { token: alice.token })).status).toBe(201);
    await expectExact();
    expect((await app.http.get(`${TICKETS}/${ids[0]}/messages`, { token: agent.token })).status).toBe(200);
    const resolved = await app.http.put(`/api/support/tickets/${ids[0]}/update-status/`, { status: 'Resolved', priority: 'Medium' }, { token: agent.token });
    expect(resolved.status).toBe(200);
    await compact();
    await expectExact();

    const reassign = await app.http.post(`/api/support/tickets/${ids[2]}/reassign/`, { agent_id: otherAgent.user.id }, { token: admin.token });
    expect(reassign.status).toBe(200);
    await expectExact();
    await compact();
    await expectExact();
  });

  it('under concurrent creates, pickups and replies, with compactions running meanwhile', async () => {
    const customers = await Promise.all(Array.from({ length: 8 }, () => factories.customer()));
    const created = await Promise.all(customers.flatMap((c) => [open(c), open(c, 'account')]));
    let compacting = true;
    const compactions = (async () => {
      while (compacting) await compact();
    })();
    await Promise.all(
      created.map(async (id, i) => {
        const staff = i % 3 === 0 ? otherAgent : agent;
        await app.http.post(`/api/support/tickets/${id}/assign-self/`, undefined, { token: staff.token });
        await app.http.post(`${TICKETS}/${id}/messages`, { message: 'On it' }, { token: admin.token });
        await app.http.post(`${TICKETS}/${id}/messages`, { message: 'Any news?' }, { token: customers[Math.floor(i / 2)].token });
      }),
    );
    compacting = false;
    await compactions;
    await expectExact();
    await compact();
    const [rows] = await db().query(`SELECT count(*)::int AS n, count(DISTINCT (assignee_id, status, is_admin_read))::int AS keys FROM ticket_counts`);
    expect(rows.n).toBe(rows.keys); // compacted: one row per key
  });

  it(`counts a filtered list up to ${COUNT_LIMIT.toLocaleString('en-US')} matches, or to the requested page, and says when it stopped`, async () => {
    const customer = await factories.customer();
    const many = COUNT_LIMIT + 40;
    await db().query(
      `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category, status, priority)
       SELECT 'TKT-' || lpad(i::text, 6, '0') || '-BULK' || lpad((i % 100)::text, 2, '0'), 'helpdesk', $1, 'Bulk', 'Bulk ticket', 'product', 'closed', 'low'
       FROM generate_series(1, $2::int) i`,
      [customer.user.id, many],
    );

    const counted = await app.http.get(`${TICKETS}?category=product&per_page=15`, { token: admin.token });
    expect(counted.status).toBe(200);
    expect(counted.body.data).toMatchObject({ total: COUNT_LIMIT, total_is_exact: false, last_page: Math.ceil(COUNT_LIMIT / 15), to: 15 });

    // A page past the limit is still served, and counted up to just past it: there is a next page.
    const page = Math.ceil(COUNT_LIMIT / 15) + 2;
    const deep = await app.http.get(`${TICKETS}?category=product&per_page=15&page=${page}`, { token: admin.token });
    expect(deep.body.data).toMatchObject({ current_page: page, from: (page - 1) * 15 + 1, to: page * 15, total: page * 15 + 1, total_is_exact: false });
    expect(deep.body.data.data).toHaveLength(15);
    expect(deep.body.data.next_page_url).toContain(`page=${page + 1}`);

    // Exact again when everything is counted: the unfiltered and status totals come from ticket_counts.
    const [all] = await db().query(`SELECT count(*)::int AS n FROM tickets`);
    expect(await listTotal(admin)).toBe(all.n);
    const [closed] = await db().query(`SELECT count(*)::int AS n FROM tickets WHERE status = 'closed'`);
    expect(await listTotal(admin, '&status=closed')).toBe(closed.n);
  });
});
