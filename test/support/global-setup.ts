// jest does not apply moduleNameMapper to global setup: resolve the @mm/* aliases from tsconfig.json.
import 'tsconfig-paths/register';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@mm/core';
import { createFreshDatabase, DEFAULT_TEST_DATABASE_URL, migrate, postgresAnswers } from './test-database';

/**
 * One fresh database per run, migrated once, shared by every e2e suite
 * (suites use their own users and tickets, so they never collide).
 * Without a PostgreSQL at TEST_DATABASE_URL the suites run on an embedded
 * PGlite instead, unless TEST_EMBEDDED_FALLBACK=false (as in CI).
 */
export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  if (await postgresAnswers(adminUrl)) {
    const url = await createFreshDatabase(adminUrl);
    await migrate(url);
    process.env.E2E_ADMIN_DATABASE_URL = adminUrl;
    process.env.E2E_DATABASE_URL = url;
    return;
  }
  if (process.env.TEST_EMBEDDED_FALLBACK === 'false') {
    throw new Error(`No PostgreSQL answers at TEST_DATABASE_URL=${adminUrl} (and TEST_EMBEDDED_FALLBACK=false)`);
  }
  process.stdout.write(`\nNo PostgreSQL at ${adminUrl}: running the end-to-end suites on the embedded PGlite.\n`);
  const embedded = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'mm-e2e-')));
  (globalThis as { __EMBEDDED__?: unknown }).__EMBEDDED__ = embedded;
  await migrate(embedded.url);
  process.env.E2E_DATABASE_URL = embedded.url;
  process.env.E2E_EMBEDDED = 'true';
}
