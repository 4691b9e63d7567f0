import { spawnSync } from 'node:child_process';
import { DataSource } from 'typeorm';
import { dataSourceOptions, JobQueue } from '@mm/core';
import { ROOT } from './support/cli';
import { describeWithPostgres } from './support/database-mode';
import { createFreshDatabase, dropDatabase } from './support/test-database';

interface Probe {
  n: number;
}

const QUEUE = 'test.probe';

async function openDataSource(url: string, poolSize: number): Promise<DataSource> {
  return new DataSource(dataSourceOptions({ url, entities: [], migrations: [], poolSize })).initialize();
}

/** One "instance": a data source and a job queue on it, recording what its handler ran. */
async function startInstance(url: string, poolSize: number, ran: number[]): Promise<{ queue: JobQueue; dataSource: DataSource; stop(): Promise<void> }> {
  const dataSource = await openDataSource(url, poolSize);
  const queue = new JobQueue(dataSource);
  queue.define<Probe>(QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 5 }, async (jobs) => {
    for (const job of jobs) ran.push(job.n);
  });
  await queue.onApplicationBootstrap();
  return {
    queue,
    dataSource,
    async stop() {
      await queue.onModuleDestroy();
      await dataSource.destroy();
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describeWithPostgres('job queue on PostgreSQL', () => {
  const adminUrl = process.env.E2E_ADMIN_DATABASE_URL as string;
  let url: string;

  beforeAll(async () => {
    url = await createFreshDatabase(adminUrl, 'mm_jobs');
  });
  afterAll(() => dropDatabase(adminUrl, url));

  it('runs each job exactly once across two instances, not before its time', async () => {
    const ranA: number[] = [];
    const ranB: number[] = [];
    const [a, b] = await Promise.all([startInstance(url, 4, ranA), startInstance(url, 4, ranB)]);
    try {
      const startAfter = new Date(Date.now() + 1500);
      for (const n of range(40)) await (n % 2 ? a : b).queue.send<Probe>(QUEUE, { n }, { startAfter });
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(ranA.length + ranB.length).toBe(0);
      await waitFor(() => ranA.length + ranB.length >= 40, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(sorted([...ranA, ...ranB])).toEqual(range(40));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('keeps a job through a restart: one due while no instance ran runs right after the next start', async () => {
    const before: number[] = [];
    const first = await startInstance(url, 2, before);
    await first.queue.send<Probe>(QUEUE, { n: 7 }, { startAfter: new Date(Date.now() + 1000) });
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const after: number[] = [];
    const second = await startInstance(url, 2, after);
    try {
      await waitFor(() => after.length > 0, 10_000);
      expect(before).toEqual([]);
      expect(after).toEqual([7]);
    } finally {
      await second.stop();
    }
  });

  it('stores a job sent in a transaction only if the transaction commits', async () => {
    const ran: number[] = [];
    const instance = await startInstance(url, 2, ran);
    try {
      await instance.dataSource
        .transaction(async (manager) => {
          await instance.queue.send<Probe>(QUEUE, { n: 100 }, {}, manager);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await instance.dataSource.transaction((manager) => instance.queue.send<Probe>(QUEUE, { n: 101 }, {}, manager));
      await waitFor(() => ran.length > 0, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(ran).toEqual([101]);
    } finally {
      await instance.stop();
    }
  });
});

describe('job queue on the embedded PGlite (one connection, shared with the app)', () => {
  it('runs due jobs while the app uses its single connection for transactions', () => {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'test/support/job-queue-embedded.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout).toContain('RAN [0,1,2,3,4]');
  });
});
