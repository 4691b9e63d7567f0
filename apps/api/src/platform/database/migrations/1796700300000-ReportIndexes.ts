import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports (SPEC 7.7) read tickets by when they were resolved or left the
 * backlog, reopenings and ratings by when they happened: each a range scan of
 * its own index however many tickets exist.
 */
export class ReportIndexes1796700300000 implements MigrationInterface {
  name = 'ReportIndexes1796700300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_tickets_resolved_at" ON "tickets" ("resolved_at") WHERE resolved_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_tickets_done_at" ON "tickets" ((COALESCE("resolved_at", "closed_at")))`);
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_history_reopenings" ON "ticket_history" ("created_at") WHERE type = 'status_changed' AND from_value IN ('resolved', 'closed')`,
    );
    await queryRunner.query(`CREATE INDEX "ix_ticket_feedback_created" ON "ticket_feedback" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_ticket_feedback_created"`);
    await queryRunner.query(`DROP INDEX "ix_ticket_history_reopenings"`);
    await queryRunner.query(`DROP INDEX "ix_tickets_done_at"`);
    await queryRunner.query(`DROP INDEX "ix_tickets_resolved_at"`);
  }
}
