import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * outbox_events and idempotency_keys change with every write, so autovacuum
 * analyzes them every few minutes under traffic. At the default statistics
 * target an ANALYZE samples 30,000 rows from as many pages: at 1,000,000 events
 * it took one of two cores for a second (0.97 s; 0.45 s for the keys), and the
 * writes of that second were the benchmark's slowest (docs/benchmarks.md).
 * Their queries look rows up by
 * key or through partial indexes, which a 3,000-row sample estimates as well:
 * target 10 (samples 300 × 10 rows; the same ANALYZE took 0.13 s).
 */
const TARGET = 10;
const COLUMNS = {
  outbox_events: ['id', 'type', 'ticket_id', 'payload', 'created_at', 'available_at', 'attempts', 'delivered_at', 'parked_at', 'last_error'],
  idempotency_keys: ['scope', 'key', 'request_hash', 'response_status', 'response_body', 'locked_until', 'committed_at', 'completed_at', 'created_at', 'expires_at'],
};

function setStatistics(target: number): string[] {
  return Object.entries(COLUMNS).map(
    ([table, columns]) => `ALTER TABLE "${table}" ${columns.map((column) => `ALTER COLUMN "${column}" SET STATISTICS ${target}`).join(', ')}`,
  );
}

export class SmallAnalyzeSampleForQueues1796232000000 implements MigrationInterface {
  name = 'SmallAnalyzeSampleForQueues1796232000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of setStatistics(TARGET)) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of setStatistics(-1)) await queryRunner.query(sql);
  }
}
