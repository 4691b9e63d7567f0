// Run as its own process (PGlite cannot start inside jest's module system): a job queue on the
// embedded PGlite, sharing its single connection with the app's transactions. Prints what ran.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, EMBEDDED_POOL_SIZE, JobQueue, startEmbeddedPostgres } from '@mm/core';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-jobs-'));
  const embedded = await startEmbeddedPostgres(dir);
  const dataSource = await new DataSource(dataSourceOptions({ url: embedded.url, entities: [], migrations: [], poolSize: EMBEDDED_POOL_SIZE })).initialize();
  const queue = new JobQueue(dataSource);
  const ran: number[] = [];
  queue.define<{ n: number }>('test.probe', { pollingIntervalSeconds: 0.5, batchSize: 2 }, async (jobs) => {
    for (const job of jobs) ran.push(job.n);
  });
  await queue.onApplicationBootstrap();
  const startAfter = new Date(Date.now() + 1000);
  for (let n = 0; n < 5; n++) await dataSource.transaction((manager) => queue.send('test.probe', { n }, { startAfter }, manager));
  // The app keeps the one connection busy with its own transactions meanwhile.
  for (let i = 0; i < 20; i++) await dataSource.transaction((manager) => manager.query('SELECT pg_sleep(0.02)'));
  const deadline = Date.now() + 20_000;
  while (ran.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await queue.onModuleDestroy();
  await dataSource.destroy();
  await embedded.stop();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`RAN ${JSON.stringify(ran.sort((a, b) => a - b))}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
