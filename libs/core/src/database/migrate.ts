import { DataSource } from 'typeorm';

/** Any constant shared by every instance of this service; names the migration lock. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs pending migrations. Several instances starting at once take turns on a
 * PostgreSQL advisory lock; the embedded PGlite has a single connection and a
 * single instance, so it needs (and can hold) no lock.
 */
export async function runMigrations(dataSource: DataSource, { lock }: { lock: boolean }): Promise<void> {
  if (!lock) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
