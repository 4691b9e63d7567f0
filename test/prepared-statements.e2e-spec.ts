import { QueryResult } from 'pg';
import { PreparingClient, StatementNames } from '../libs/core/src/database/preparing-client';
import { describeWithPostgres } from './support/database-mode';

/** The statement names evict the least recently used text, and a connection deallocates what it prepared under a retired name. */
describeWithPostgres('prepared statements: a bounded, least recently used set of names', () => {
  const defaultNames = PreparingClient.names;
  let client: PreparingClient;

  beforeAll(async () => {
    PreparingClient.names = new StatementNames(2);
    client = new PreparingClient({ connectionString: process.env.E2E_DATABASE_URL });
    await client.connect();
  });
  afterAll(async () => {
    PreparingClient.names = defaultNames;
    await client.end();
  });

  const query = (text: string, values?: unknown[]) => client.query(text, values) as unknown as Promise<QueryResult>;
  const prepared = async (): Promise<string[]> => {
    const { rows } = await query('SELECT name FROM pg_prepared_statements WHERE name LIKE $1 ORDER BY name', ['mm\\_%']);
    return rows.map((row: { name: string }) => row.name);
  };
  const runTwice = async (text: string) => {
    for (let i = 0; i < 2; i++) expect((await query(text, [i])).rows).toHaveLength(1);
  };

  it('keeps at most the cap on the server; deep variety never takes every slot for good', async () => {
    await runTwice('SELECT $1::int AS a');
    await runTwice('SELECT $1::int AS b');
    const [a, b] = [PreparingClient.names.nameFor('SELECT $1::int AS a'), PreparingClient.names.nameFor('SELECT $1::int AS b')];
    // The check itself is a preparable text: it is named from its second run on, taking a slot too.
    await runTwice('SELECT $1::int AS c');
    await runTwice('SELECT $1::int AS d');
    const names = await prepared();
    expect(names.length).toBeLessThanOrEqual(3);
    expect(names).not.toContain(a);
    expect(names).not.toContain(b);
    expect(names.some((name) => PreparingClient.names.isLive(name))).toBe(true);
  });

  it('inside a transaction it deallocates nothing (a failure there would abort it), and catches up after', async () => {
    await query('BEGIN');
    await runTwice('SELECT $1::int AS e');
    await runTwice('SELECT $1::int AS f');
    await runTwice('SELECT $1::int AS g');
    await query('COMMIT');
    await runTwice('SELECT $1::int AS g');
    const names = await prepared();
    expect(names.length).toBeLessThanOrEqual(3);
    for (const name of names) if (!PreparingClient.names.isLive(name)) throw new Error(`${name} is retired but still prepared`);
  });
});
