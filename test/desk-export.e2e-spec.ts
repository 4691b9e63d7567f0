import { DataSource } from 'typeorm';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { insertTickets } from './support/ticket-rows';
import { describeWithPostgres } from './support/database-mode';

interface ExportPage {
  data: { id: number; version: number; priority: string; updatedAt: string }[];
  nextCursor: string;
  endOfStream: boolean;
}

/** `GET /api/desk/export/tickets` (SPEC 7.6): every ticket's latest state at least once, none skipped under concurrent writes. */
describe('desk API: ticket export', () => {
  // The export reads every ticket: other suites' tickets would show up.
  const { app, factories } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let customer: Person;

  const db = () => app.running.app.get(DataSource);
  const page = async (query: string, token = admin.token): Promise<ExportPage> => {
    const res = await app.http.get(`/api/desk/export/tickets${query}`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Follows nextCursor until endOfStream; returns what was seen and where to resume. */
  const drain = async (cursor: string | null, limit = 7, seen = new Map<number, number>()): Promise<{ seen: Map<number, number>; cursor: string; pages: number }> => {
    let pages = 0;
    for (;;) {
      const result = await page(`?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      pages++;
      for (const ticket of result.data) seen.set(ticket.id, ticket.version);
      cursor = result.nextCursor;
      if (result.endOfStream) return { seen, cursor, pages };
    }
  };
  /**
   * Drains again until `done` holds: a transaction open anywhere on the
   * PostgreSQL server (another suite's) holds the stream back for a moment.
   */
  const drainUntil = async (cursor: string | null, done: (seen: Map<number, number>) => boolean, limit = 7, seen = new Map<number, number>()) => {
    const deadline = Date.now() + 20_000;
    let pages = 0;
    for (;;) {
      const result = await drain(cursor, limit, seen);
      pages += result.pages;
      cursor = result.cursor;
      if (done(seen)) return { seen, cursor, pages };
      if (Date.now() > deadline) throw new Error('the export did not catch up within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const versions = async (ids: number[]) =>
    new Map<number, number>((await db().query('SELECT id, version FROM tickets WHERE id = ANY($1)', [ids])).map((r: { id: number; version: number }) => [r.id, r.version]));

  beforeAll(async () => {
    [admin, customer] = await Promise.all([factories.admin(), factories.customer()]);
  });

  it('pages through every ticket as desk tickets in change order; a changed ticket comes again with its new state', async () => {
    const ids = await insertTickets(db(), customer.user.id, 20);
    const first = await drainUntil(null, (seen) => ids.every((id) => seen.has(id)));
    expect(first.pages).toBeGreaterThan(1);
    for (const id of ids) expect(first.seen.get(id)).toBe(1);
    const sample = await page('?limit=1');
    expect(Object.keys(sample.data[0])).toEqual(expect.arrayContaining(['id', 'ticketNumber', 'status', 'priority', 'customer', 'tags', 'version', 'updatedAt']));

    // Nothing new: the resume point yields nothing and stays usable.
    const idle = await page(`?cursor=${first.cursor}`);
    expect(idle).toEqual({ data: [], nextCursor: first.cursor, endOfStream: true });

    await db().query(`UPDATE tickets SET priority = 'urgent' WHERE id = $1`, [ids[3]]);
    const after = await drainUntil(first.cursor, (seen) => seen.size > 0);
    expect([...after.seen]).toEqual([[ids[3], 2]]);
  });

  it('starts at ?since=<time>', async () => {
    await insertTickets(db(), customer.user.id, 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = await insertTickets(db(), customer.user.id, 2);
    let result = await page(`?since=${encodeURIComponent(since)}&limit=100`);
    for (const deadline = Date.now() + 20_000; result.data.length < later.length && Date.now() < deadline; ) result = await page(`?since=${encodeURIComponent(since)}&limit=100`);
    expect(result.data.map((t) => t.id)).toEqual(later);
    expect(result.endOfStream).toBe(true);
    const future = await page(`?since=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
    expect(future.data).toEqual([]);
  });

  it('is for admins and service tokens; bad parameters are 400 on the parameter', async () => {
    expect((await page('?limit=1', factories.serviceToken('partner'))).data).toHaveLength(1);
    for (const person of [await factories.agent(), customer]) expect((await app.http.get('/api/desk/export/tickets', { token: person.token })).status).toBe(403);
    expect((await app.http.get('/api/desk/export/tickets')).status).toBe(401);
    const bad: [string, string][] = [
      ['?cursor=nope', 'cursor'],
      [`?cursor=${Buffer.from(JSON.stringify(['export', '-1', 0])).toString('base64url')}`, 'cursor'],
      [`?cursor=${Buffer.from(JSON.stringify(['tickets', '1', 0])).toString('base64url')}`, 'cursor'],
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?since=yesterday', 'since'],
    ];
    for (const [query, field] of bad) {
      const res = await app.http.get(`/api/desk/export/tickets${query}`, { token: admin.token });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  describeWithPostgres('under concurrent writes', () => {
    it('does not hand out a change committed after an older, still open one: the older one is not skipped', async () => {
      const [a, b] = await insertTickets(db(), customer.user.id, 2);
      const { cursor } = await drainUntil(null, (seen) => seen.has(a) && seen.has(b), 100);
      const slow = db().createQueryRunner();
      const quick = db().createQueryRunner();
      try {
        await slow.startTransaction();
        await slow.query(`UPDATE tickets SET priority = 'urgent' WHERE id = $1`, [a]); // takes the lower transaction id
        await quick.startTransaction();
        await quick.query(`UPDATE tickets SET priority = 'low' WHERE id = $1`, [b]);
        await quick.commitTransaction(); // commits first, with the higher id

        const meanwhile = await page(`?cursor=${cursor}`);
        expect(meanwhile.data).toEqual([]); // b waits behind the open transaction
        expect(meanwhile.endOfStream).toBe(true);

        await slow.commitTransaction();
        let next = await page(`?cursor=${meanwhile.nextCursor}&limit=100`);
        for (const deadline = Date.now() + 20_000; next.data.length < 2 && Date.now() < deadline; ) next = await page(`?cursor=${meanwhile.nextCursor}&limit=100`);
        expect(next.data.map((t) => [t.id, t.priority])).toEqual([
          [a, 'urgent'],
          [b, 'low'],
        ]);
      } finally {
        if (slow.isTransactionActive) await slow.rollbackTransaction();
        await slow.release();
        await quick.release();
      }
    });

    it('yields every ticket in its latest state while writers keep changing tickets', async () => {
      const ids = await insertTickets(db(), customer.user.id, 60);
      let writing = true;
      const writer = async () => {
        while (writing) {
          const runner = db().createQueryRunner();
          try {
            await runner.startTransaction();
            const picked = [ids[Math.floor(Math.random() * ids.length)], ids[Math.floor(Math.random() * ids.length)]];
            for (const id of picked) await runner.query(`UPDATE tickets SET tags = array_append(tags, 'x') WHERE id = $1`, [id]);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 15)); // commits in another order than it started
            await runner.commitTransaction();
          } finally {
            await runner.release();
          }
        }
      };
      const writers = [writer(), writer(), writer()];
      const seen = new Map<number, number>();
      let cursor: string | null = null;
      for (let round = 0; round < 15; round++) cursor = (await drain(cursor, 9, seen)).cursor;
      writing = false;
      await Promise.all(writers);
      const current = await versions(ids);
      await drainUntil(cursor, (all) => ids.every((id) => all.get(id) === current.get(id)), 9, seen);
      expect(Math.max(...current.values())).toBeGreaterThan(1);
      for (const id of ids) expect({ id, version: seen.get(id) }).toEqual({ id, version: current.get(id) });
    });
  });
});
