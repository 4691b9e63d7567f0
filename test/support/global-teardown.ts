// jest does not apply moduleNameMapper to global setup: resolve the @mm/* aliases from tsconfig.json.
import 'tsconfig-paths/register';
import { EmbeddedPostgres } from '@mm/core';
import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __EMBEDDED__?: EmbeddedPostgres }).__EMBEDDED__;
  if (embedded) {
    await embedded.stop();
    return;
  }
  const adminUrl = process.env.E2E_ADMIN_DATABASE_URL;
  const url = process.env.E2E_DATABASE_URL;
  if (adminUrl && url && process.env.KEEP_TEST_DATABASE !== 'true') await dropDatabase(adminUrl, url);
}
