import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket counts per (assignee, status, staff read flag) for the staff navbar
 * and list totals (libs/ticket/src/desk/ticket-count.entity.ts). The table is
 * generated; the triggers, written by hand, append a −1 row for the old key
 * and a +1 row for the new one whenever a ticket is inserted, deleted, or
 * changes one of those columns. Appending never locks an existing row, so
 * concurrent ticket changes never wait on, or deadlock over, a counter.
 * The triggers are created before the backfill: CREATE TRIGGER locks out
 * writers until this migration commits, so no change is missed or counted twice.
 */
export class TicketCounts1795274345903 implements MigrationInterface {
  name = 'TicketCounts1795274345903';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ticket_counts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "assignee_id" integer, "status" text NOT NULL, "is_admin_read" boolean NOT NULL, "tickets" integer NOT NULL, CONSTRAINT "PK_e0de396b04e49f1da803a176e71" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION ticket_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO ticket_counts (assignee_id, status, is_admin_read, tickets) VALUES (OLD.assignee_id, OLD.status, OLD.is_admin_read, -1);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO ticket_counts (assignee_id, status, is_admin_read, tickets) VALUES (NEW.assignee_id, NEW.status, NEW.is_admin_read, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "tr_tickets_count_rows" AFTER INSERT OR DELETE ON "tickets" FOR EACH ROW EXECUTE FUNCTION ticket_counts_track()`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_tickets_count_changes" AFTER UPDATE OF "assignee_id", "status", "is_admin_read" ON "tickets" FOR EACH ROW
       WHEN (OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.status IS DISTINCT FROM NEW.status OR OLD.is_admin_read IS DISTINCT FROM NEW.is_admin_read)
       EXECUTE FUNCTION ticket_counts_track()`,
    );
    await queryRunner.query(
      `INSERT INTO "ticket_counts" (assignee_id, status, is_admin_read, tickets) SELECT assignee_id, status, is_admin_read, count(*) FROM "tickets" GROUP BY 1, 2, 3`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_tickets_count_changes" ON "tickets"`);
    await queryRunner.query(`DROP TRIGGER "tr_tickets_count_rows" ON "tickets"`);
    await queryRunner.query(`DROP FUNCTION ticket_counts_track()`);
    await queryRunner.query(`DROP TABLE "ticket_counts"`);
  }
}
