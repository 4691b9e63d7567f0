import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two queue views read from an index alone (docs/benchmarks.md): "in progress ·
 * high" newest first, the assignee carried in the index so an agent's view
 * needs no table rows; and "open · payment issue" most urgent first, by the
 * same rank expression the lists sort by (TicketSearch's sortBy).
 */
export class TicketQueueViewIndexes1795313797168 implements MigrationInterface {
  name = 'TicketQueueViewIndexes1795313797168';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_tickets_status_priority_created" ON "tickets" ("status", "priority", "created_at", "id") INCLUDE ("assignee_id")`);
    await queryRunner.query(
      `CREATE INDEX "ix_tickets_status_category_urgency" ON "tickets" ("status", "category", array_position(ARRAY['low', 'medium', 'high', 'urgent']::text[], "priority"), "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_status_category_urgency"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_status_priority_created"`);
  }
}
