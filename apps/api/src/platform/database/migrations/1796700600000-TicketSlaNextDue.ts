import { MigrationInterface, QueryRunner } from 'typeorm';

const BUMP_VERSION = (ignored: string[]) => `
  CREATE OR REPLACE FUNCTION tickets_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    probe tickets;
  BEGIN
    probe := NEW;
    probe.version := OLD.version;
    ${ignored.map((column) => `probe.${column} := OLD.${column};`).join('\n    ')}
    IF probe IS DISTINCT FROM OLD THEN
      NEW.version := OLD.version + 1;
    ELSE
      NEW.version := OLD.version;
    END IF;
    RETURN NEW;
  END $$`;

/**
 * `tickets.sla_next_due_at`: the earliest due time of the ticket's running
 * SLA clocks (null when none runs), for the desk's `sort=sla_due`. A trigger
 * on `sla_clocks` keeps it in the transaction of every clock write (started,
 * stopped, paused, resumed, re-targeted, deleted with its policy); it is
 * derived, so it is not a change of the ticket (the version trigger ignores it).
 * `ix_tickets_sla_due` serves the keyset (due time or 9999-12-31, id);
 * `ix_sla_clocks_breached` lets `breached=true` start from the breached clocks.
 */
export class TicketSlaNextDue1796700600000 implements MigrationInterface {
  name = 'TicketSlaNextDue1796700600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" ADD "sla_next_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(BUMP_VERSION(['search_vector', 'is_customer_read', 'is_admin_read', 'sla_next_due_at']));
    await queryRunner.query(`
      CREATE FUNCTION tickets_sla_next_due_refresh(ticket integer) RETURNS void LANGUAGE sql AS $$
        UPDATE tickets t SET sla_next_due_at = due.at
        FROM (SELECT min(c.due_at) AS at FROM sla_clocks c WHERE c.ticket_id = ticket AND c.running_since IS NOT NULL) due
        WHERE t.id = ticket AND t.sla_next_due_at IS DISTINCT FROM due.at
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION sla_clocks_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM tickets_sla_next_due_refresh(OLD.ticket_id); END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.ticket_id <> OLD.ticket_id) THEN PERFORM tickets_sla_next_due_refresh(NEW.ticket_id); END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_sla_clocks_next_due" AFTER INSERT OR DELETE OR UPDATE OF ticket_id, running_since, due_at ON "sla_clocks" FOR EACH ROW EXECUTE FUNCTION sla_clocks_next_due()`,
    );
    await queryRunner.query(`
      UPDATE tickets t SET sla_next_due_at = due.at
      FROM (SELECT ticket_id, min(due_at) AS at FROM sla_clocks WHERE running_since IS NOT NULL GROUP BY ticket_id) due
      WHERE t.id = due.ticket_id`);
    await queryRunner.query(`CREATE INDEX "ix_tickets_sla_due" ON "tickets" (COALESCE("sla_next_due_at", '9999-12-31 00:00:00+00'::timestamptz), "id")`);
    await queryRunner.query(`CREATE INDEX "ix_sla_clocks_breached" ON "sla_clocks" ("ticket_id") WHERE breached_at IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sla_clocks_breached"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_sla_due"`);
    await queryRunner.query(`DROP TRIGGER "tr_sla_clocks_next_due" ON "sla_clocks"`);
    await queryRunner.query(`DROP FUNCTION sla_clocks_next_due()`);
    await queryRunner.query(`DROP FUNCTION tickets_sla_next_due_refresh(integer)`);
    await queryRunner.query(BUMP_VERSION(['search_vector', 'is_customer_read', 'is_admin_read']));
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sla_next_due_at"`);
  }
}
