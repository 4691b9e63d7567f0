import { DataSource } from 'typeorm';
import { CompiledSelect } from '@mm/core';
import { SEARCH_COUNT_LIMIT, SEARCH_INDEX_CLEAN_EVERY_MS, SearchIndexCleaner } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const TICKETS = '/api/support-tickets';

/**
 * Search reads one stored vector per ticket, kept by triggers
 * (TicketSearchVector migration, a performance fix of docs/benchmarks.md):
 * whatever writes a ticket or a message, the words are found, and internal
 * notes never are. Its own database: it bulk-loads tickets.
 */
describe('ticket search: the stored search vector follows the tickets and their messages', () => {
  const { app, factories } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let agent: Person;

  beforeAll(async () => {
    [admin, agent] = await Promise.all([factories.admin(), factories.agent()]);
  });

  const db = () => app.running.app.get(DataSource);
  const unique = () => `w${Math.random().toString(36).slice(2, 10)}`;

  async function open(customer: Person, subject: string, description = 'Something went wrong with my order.'): Promise<number> {
    const res = await app.http.post(TICKETS, { subject, description, category: 'order' }, { token: customer.token });
    expect(res.status).toBe(201);
    return res.body.data.id;
  }

  async function found(viewer: Person, search: string): Promise<number[]> {
    const res = await app.http.get(`${TICKETS}?search=${encodeURIComponent(search)}`, { token: viewer.token });
    expect(res.status).toBe(200);
    return res.body.data.data.map((t: { id: number }) => t.id);
  }

  it('finds the words of every message as it is sent, and words spread over the subject and the messages', async () => {
    const customer = await factories.customer();
    const [subjectWord, customerWord, staffWord] = [unique(), unique(), unique()];
    const id = await open(customer, `Parcel ${subjectWord}`);
    expect(await found(customer, customerWord)).toEqual([]);

    expect((await app.http.post(`${TICKETS}/${id}/messages`, { message: `It is ${customerWord} now` }, { token: customer.token })).status).toBe(201);
    expect(await found(customer, customerWord)).toEqual([id]);
    expect((await app.http.post(`${TICKETS}/${id}/messages`, { message: `We sent a ${staffWord}` }, { token: admin.token })).status).toBe(201);
    expect(await found(customer, staffWord.slice(0, 6))).toEqual([id]); // a prefix
    expect(await found(admin, `${subjectWord} ${staffWord}`)).toEqual([id]);
  });

  it('never finds a ticket by the words of an internal note', async () => {
    const customer = await factories.customer();
    const id = await open(customer, 'Missing item');
    const pick = await app.http.post(`/api/support/tickets/${id}/assign-self/`, undefined, { token: agent.token });
    expect(pick.status).toBe(200);
    const secret = unique();
    const note = await app.http.post(`/api/support/tickets/${id}/add-note/`, { note: `Customer is ${secret}` }, { token: agent.token });
    expect(note.status).toBe(201);
    expect(await found(customer, secret)).toEqual([]);
    expect(await found(agent, secret)).toEqual([]);
    expect(await found(admin, secret)).toEqual([]);
  });

  it('keeps the vector right for rows written straight to the database, and for a changed or deleted message', async () => {
    const customer = await factories.customer();
    const [own, said, edited] = [unique(), unique(), unique()];
    const [{ id }] = await db().query(
      `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category) VALUES ($1, 'helpdesk', $2, $3, 'Imported', 'other') RETURNING id`,
      [`TKT-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}-IMPORT`, customer.user.id, `Imported ${own}`],
    );
    expect(await found(customer, own)).toEqual([id]);

    const [{ id: messageId }] = await db().query(`INSERT INTO ticket_messages (ticket_id, sender_id, sender_type, body) VALUES ($1, $2, 'customer', $3) RETURNING id`, [
      id,
      customer.user.id,
      `I said ${said}`,
    ]);
    expect(await found(customer, said)).toEqual([id]);
    await db().query(`UPDATE ticket_messages SET body = $2 WHERE id = $1`, [messageId, `I said ${edited}`]);
    expect(await found(customer, said)).toEqual([]);
    expect(await found(customer, edited)).toEqual([id]);
    await db().query(`DELETE FROM ticket_messages WHERE id = $1`, [messageId]);
    expect(await found(customer, edited)).toEqual([]);
    expect(await found(customer, own)).toEqual([id]);
  });

  it('writes a new version of the ticket once per message send, with the words in it (MessageWordsInOneTicketUpdate migration)', async () => {
    const customer = await factories.customer();
    const [first, second] = [unique(), unique()];
    const id = await open(customer, 'Late courier');
    // Every row version of a ticket costs an entry in each of its indexes and all of its words in the GIN index.
    await db().query(`CREATE TABLE test_ticket_versions (ticket_id integer NOT NULL)`);
    await db().query(`CREATE FUNCTION test_count_ticket_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO test_ticket_versions VALUES (NEW.id); RETURN NULL; END $$`);
    await db().query(`CREATE TRIGGER test_count_ticket_version AFTER UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION test_count_ticket_version()`);
    try {
      expect((await app.http.post(`${TICKETS}/${id}/messages`, { message: `Still ${first}` }, { token: customer.token })).status).toBe(201);
      expect((await app.http.post(`${TICKETS}/${id}/messages`, { message: `Now ${second}` }, { token: admin.token })).status).toBe(201);
      const [{ versions }] = await db().query(`SELECT count(*)::int AS versions FROM test_ticket_versions WHERE ticket_id = $1`, [id]);
      expect(versions).toBe(2);
    } finally {
      await db().query(`DROP TRIGGER test_count_ticket_version ON tickets`);
      await db().query(`DROP FUNCTION test_count_ticket_version()`);
      await db().query(`DROP TABLE test_ticket_versions`);
    }
    expect(await found(customer, first)).toEqual([id]);
    expect(await found(customer, second)).toEqual([id]);
  });

  it("merges the search index's pending list in the background, and the merged words are still found", async () => {
    const customer = await factories.customer();
    const word = unique();
    const id = await open(customer, 'Cold soup');
    expect((await app.http.post(`${TICKETS}/${id}/messages`, { message: `The soup was ${word}` }, { token: customer.token })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_INDEX_CLEAN_EVERY_MS + 1_000));
    // Nothing left for a merge now: the cleaner's timer merged the new ticket's and the message's entries.
    expect(await app.running.app.get(SearchIndexCleaner).clean()).toBe(0);
    expect(await found(customer, word)).toEqual([id]);
  });

  it(`counts a search's matches up to ${SEARCH_COUNT_LIMIT.toLocaleString('en-US')} and says so, newest first`, async () => {
    const customer = await factories.customer();
    const word = unique();
    const many = SEARCH_COUNT_LIMIT + 25;
    await db().query(
      `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category, created_at)
       SELECT 'TKT-' || lpad(i::text, 6, '0') || '-' || upper(substr(md5($3 || i), 1, 6)), 'helpdesk', $1, 'About ' || $3, 'Bulk', 'other', now() - i * interval '1 minute'
       FROM generate_series(1, $2::int) i`,
      [customer.user.id, many, word],
    );
    const res = await app.http.get(`${TICKETS}?search=${word}&per_page=10`, { token: customer.token });
    expect(res.body.data).toMatchObject({ total: SEARCH_COUNT_LIMIT, total_is_exact: false, last_page: SEARCH_COUNT_LIMIT / 10 });
    const [newest] = await db().query(`SELECT id FROM tickets WHERE customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [customer.user.id]);
    expect(res.body.data.data[0].id).toBe(newest.id);
  });

  it('pages deeper with the same compiled queries: limit and offset are parameters, the pages are right', async () => {
    const customer = await factories.customer();
    const word = unique();
    await db().query(
      `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category, created_at)
       SELECT 'TKT-' || lpad(i::text, 6, '0') || '-' || upper(substr(md5($3 || i), 1, 6)), 'helpdesk', $1, 'About ' || $3, 'Bulk', 'other', now() - i * interval '1 minute'
       FROM generate_series(1, $2::int) i`,
      [customer.user.id, 12, word],
    );
    const expected: { id: number }[] = await db().query(`SELECT id FROM tickets WHERE customer_id = $1 ORDER BY created_at DESC, id DESC`, [customer.user.id]);
    const page = async (n: number, perPage: number) => {
      const res = await app.http.get(`${TICKETS}?search=${word}&per_page=${perPage}&page=${n}`, { token: customer.token });
      expect(res.status).toBe(200);
      return res.body.data.data.map((t: { id: number }) => t.id);
    };
    expect(await page(1, 5)).toEqual(expected.slice(0, 5).map((r) => r.id));
    const compiled = jest.spyOn(CompiledSelect.prototype, 'getMany');
    try {
      expect(await page(2, 5)).toEqual(expected.slice(5, 10).map((r) => r.id));
      expect(await page(3, 5)).toEqual(expected.slice(10, 12).map((r) => r.id));
      expect(await page(2, 4)).toEqual(expected.slice(4, 8).map((r) => r.id));
      // One compiled list query for every page and page size.
      expect(compiled).toHaveBeenCalledTimes(3);
      expect(new Set(compiled.mock.instances).size).toBe(1);
    } finally {
      compiled.mockRestore();
    }
  });

  it('remembers a count that reached its limit for that viewer only, and never an exact one', async () => {
    const [customer, other] = await Promise.all([factories.customer(), factories.customer()]);
    const [broad, narrow] = [unique(), unique()];
    const bulk = (word: string, count: number) =>
      db().query(
        `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category)
         SELECT 'TKT-' || lpad(i::text, 6, '0') || '-' || upper(substr(md5($3 || i || random()), 1, 6)), 'helpdesk', $1, 'About ' || $3, 'Bulk', 'other'
         FROM generate_series(1, $2::int) i`,
        [customer.user.id, count, word],
      );
    const total = async (viewer: Person, word: string) => {
      const res = await app.http.get(`${TICKETS}?search=${word}`, { token: viewer.token });
      expect(res.status).toBe(200);
      return { total: res.body.data.total, exact: res.body.data.total_is_exact ?? true };
    };

    await bulk(broad, SEARCH_COUNT_LIMIT + 5);
    expect(await total(customer, broad)).toEqual({ total: SEARCH_COUNT_LIMIT, exact: false });
    await db().query(`DELETE FROM tickets WHERE id IN (SELECT id FROM tickets WHERE customer_id = $1 AND subject = $2 LIMIT 10)`, [customer.user.id, `About ${broad}`]);
    // Now 995 match: the customer's "at least 1,000" is remembered, everyone else counts their own.
    expect(await total(customer, broad)).toEqual({ total: SEARCH_COUNT_LIMIT, exact: false });
    expect(await total(other, broad)).toEqual({ total: 0, exact: true });
    expect(await total(admin, broad)).toEqual({ total: SEARCH_COUNT_LIMIT - 5, exact: true });

    await bulk(narrow, 2);
    expect(await total(customer, narrow)).toEqual({ total: 2, exact: true });
    await bulk(narrow, 1);
    expect(await total(customer, narrow)).toEqual({ total: 3, exact: true });
  });

  describe('queue views read their page in order from an index (TicketQueueViewIndexes migration)', () => {
    type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };

    /** The statements TypeORM sends while `work` runs. */
    async function statementsOf(work: () => Promise<unknown>): Promise<{ query: string; parameters?: unknown[] }[]> {
      const seen: { query: string; parameters?: unknown[] }[] = [];
      const logger = db().logger;
      // The logger's other methods stay as they are (its prototype): only logQuery is overridden.
      db().logger = Object.assign(Object.create(logger) as typeof logger, { logQuery: (query: string, parameters?: unknown[]) => void seen.push({ query, parameters }) });
      try {
        await work();
      } finally {
        db().logger = logger;
      }
      return seen;
    }

    /** Its plan with scans that are not index scans priced out, so only whether an index can give the order decides. */
    async function plan(statement: { query: string; parameters?: unknown[] }): Promise<PlanNode> {
      return db().transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        await manager.query('SET LOCAL enable_bitmapscan = off');
        const [row] = await manager.query(`EXPLAIN (FORMAT JSON) ${statement.query}`, statement.parameters);
        return row['QUERY PLAN'][0].Plan;
      });
    }

    /** A LIMIT straight over a scan of `index`: the rows come in the page's order, no sort in between. */
    function limitsIndexScan(node: PlanNode, index: string): boolean {
      const [child] = node.Plans ?? [];
      if (node['Node Type'] === 'Limit' && child?.['Node Type'].startsWith('Index') && child['Index Name'] === index) return true;
      return (node.Plans ?? []).some((p) => limitsIndexScan(p, index));
    }

    async function pagePlan(viewer: Person, query: string): Promise<PlanNode> {
      const statements = await statementsOf(async () => expect((await app.http.get(`${TICKETS}?${query}`, { token: viewer.token })).status).toBe(200));
      const page = statements.find((s) => s.query.includes('"paged"'));
      expect(page).toBeDefined();
      return plan(page!);
    }

    beforeAll(async () => {
      const customer = await factories.customer();
      await db().query(
        `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category, status, priority, assignee_id)
         SELECT 'TKT-' || lpad(i::text, 6, '0') || '-' || upper(substr(md5('queue' || i), 1, 6)), 'helpdesk', $1, 'Queue', 'Bulk',
                (ARRAY['payment_issue', 'order', 'other'])[1 + i % 3], (ARRAY['open', 'in_progress'])[1 + i % 2],
                (ARRAY['low', 'medium', 'high', 'urgent'])[1 + i % 4], CASE WHEN i % 2 = 1 THEN $2::int END
         FROM generate_series(1, 600) i`,
        [customer.user.id, agent.user.id],
      );
      await db().query('ANALYZE tickets');
    });

    it('an agent\'s "in progress · high", newest first', async () => {
      expect(limitsIndexScan(await pagePlan(agent, 'status=in_progress&priority=high'), 'ix_tickets_status_priority_created')).toBe(true);
    });

    it('"open · payment issue", most urgent first', async () => {
      const sorted = await pagePlan(admin, 'status=open&category=payment_issue&sort_by=priority');
      expect(limitsIndexScan(sorted, 'ix_tickets_status_category_urgency')).toBe(true);
    });
  });
});
