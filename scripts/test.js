#!/usr/bin/env node
/**
 * `npm test`: unit and end-to-end suites. The e2e suites use the PostgreSQL at
 * TEST_DATABASE_URL; when none answers (a newcomer's laptop) they run on the
 * embedded PGlite, which serves one connection, so jest runs them in band.
 */
const { spawnSync } = require('node:child_process');
const { Client } = require('pg');

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers() {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

(async () => {
  // Jest exits once the suites and the global teardown are done, even if a suite left a timer or socket open
  // (a hung CI run is worse than a leaked handle; `npx jest --detectOpenHandles` finds them).
  const args = [...process.argv.slice(2), '--forceExit'];
  const env = { ...process.env };
  if (!(await postgresAnswers())) {
    if (process.env.TEST_EMBEDDED_FALLBACK === 'false') {
      console.error(`No PostgreSQL answers at TEST_DATABASE_URL=${url} and TEST_EMBEDDED_FALLBACK=false.`);
      process.exit(1);
    }
    env.DATABASE_POOL_SIZE = '1';
    args.push('--runInBand');
  }
  const jest = require.resolve('jest/bin/jest');
  const result = spawnSync(process.execPath, [jest, ...args], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
})();
