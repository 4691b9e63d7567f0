import { Client } from 'pg';

/**
 * Direct access to a test database over a connection of its own (not the
 * app's pool), for holding row locks while the app waits on them and for
 * reading what requests left behind.
 */
export async function connect(url = process.env.E2E_DATABASE_URL!): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function rows<T = any>(client: Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}

export async function count(client: Client, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await rows<{ n: string }>(client, `SELECT count(*) AS n FROM (${sql}) AS counted`, params);
  return Number(row.n);
}

export interface HeldLock {
  /** Resolves once some other connection waits for this lock (the request under test is inside its transaction). */
  waitForWaiter(timeoutMs?: number): Promise<void>;
  /** Commits, so the waiting transaction goes on. */
  release(): Promise<void>;
}

/**
 * Takes row locks (`lockSql` is a SELECT … FOR UPDATE) in an open transaction
 * on a connection of its own, so a request that needs those rows blocks
 * inside its own transaction until `release()`: a deterministic "slow first
 * request", without sleeps.
 */
export async function holdLock(lockSql: string, params: unknown[], url?: string): Promise<HeldLock> {
  const client = await connect(url);
  await client.query('BEGIN');
  const locked = await client.query(lockSql, params);
  if (!locked.rowCount) {
    await client.query('ROLLBACK');
    await client.end();
    throw new Error(`holdLock: nothing to lock (${lockSql})`);
  }
  const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[];
  return {
    async waitForWaiter(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const waiting = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
        if ((waiting.rows[0] as { n: number }).n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`nobody waited for the lock within ${timeoutMs} ms`);
    },
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}
