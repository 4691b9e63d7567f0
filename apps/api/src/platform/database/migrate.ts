import { DataSource } from 'typeorm';
import { AppConfig, dataSourceOptions, runMigrations, waitForDatabase } from '@mm/core';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * `node dist/apps/api/main.js migrate`: the pending migrations of this build, then exit, from the built
 * code alone (no ts-node, no dev dependencies). The first step of a rolling deploy; an instance that starts
 * runs them too, under the same advisory lock, so running both at once is safe.
 */
export async function migrateOnly(config: AppConfig): Promise<number> {
  if (!config.databaseUrl) {
    process.stderr.write('migrate needs DATABASE_URL (the embedded database migrates itself at start-up)\n');
    return 1;
  }
  await waitForDatabase(config.databaseUrl, { logLevel: config.logLevel });
  const options = dataSourceOptions({ url: config.databaseUrl, entities: ENTITIES, migrations: MIGRATIONS, poolSize: 2, applicationName: 'mm-support-migrate' });
  const dataSource = await new DataSource(options).initialize();
  try {
    const pending = await dataSource.showMigrations();
    await runMigrations(dataSource, { lock: true });
    const applied = (await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1')) as { name: string }[];
    process.stdout.write(`${pending ? 'Migrations applied' : 'No pending migrations'}; the database is at ${applied[0]?.name ?? 'no migration'}.\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
