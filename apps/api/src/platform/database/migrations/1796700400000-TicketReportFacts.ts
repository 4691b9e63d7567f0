import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row of report figures per ticket (SPEC 7.7), kept by triggers in the
 * transaction of every change they depend on: the ticket (creation, origin,
 * category, assignee, resolution, closing), a staff message, an SLA clock.
 * A trigger refreshes the row from `ticket_report_source`, the one definition
 * of the figures, which the tests also compare the whole table with.
 */
export class TicketReportFacts1796700400000 implements MigrationInterface {
  name = 'TicketReportFacts1796700400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "ticket_report_facts" (
        "ticket_id" integer NOT NULL,
        "created_at" timestamptz NOT NULL,
        "origin" text NOT NULL,
        "category" text NOT NULL,
        "assignee_id" integer,
        "first_reply_at" timestamptz,
        "first_reply_minutes" double precision,
        "resolved_at" timestamptz,
        "resolution_minutes" double precision,
        "done_at" timestamptz,
        "sla_targets_decided" smallint NOT NULL,
        "sla_targets_met" smallint NOT NULL,
        CONSTRAINT "pk_ticket_report_facts" PRIMARY KEY ("ticket_id"),
        CONSTRAINT "fk_ticket_report_facts_ticket" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_report_facts_created" ON "ticket_report_facts" ("created_at") INCLUDE ("origin", "category", "assignee_id", "first_reply_minutes", "sla_targets_decided", "sla_targets_met")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_report_facts_resolved" ON "ticket_report_facts" ("resolved_at") INCLUDE ("origin", "category", "assignee_id", "resolution_minutes") WHERE resolved_at IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_ticket_report_facts_done" ON "ticket_report_facts" ("done_at") INCLUDE ("origin", "category", "assignee_id")`);
    // Reply and resolution times: the working minutes of libs/sla's clock when a policy applied, else wall-clock minutes.
    await queryRunner.query(`
      CREATE VIEW "ticket_report_source" AS
      SELECT t.id AS ticket_id, t.created_at, t.origin, t.category, t.assignee_id,
             fr.at AS first_reply_at,
             CASE WHEN fr.at IS NOT NULL THEN COALESCE(
               (SELECT c.elapsed_minutes FROM sla_clocks c WHERE c.ticket_id = t.id AND c.metric = 'first_reply' AND c.stopped_at IS NOT NULL),
               EXTRACT(EPOCH FROM fr.at - t.created_at) / 60) END::double precision AS first_reply_minutes,
             t.resolved_at,
             CASE WHEN t.resolved_at IS NOT NULL THEN COALESCE(
               (SELECT c.elapsed_minutes FROM sla_clocks c WHERE c.ticket_id = t.id AND c.metric = 'resolution' AND c.running_since IS NULL),
               EXTRACT(EPOCH FROM t.resolved_at - t.created_at) / 60) END::double precision AS resolution_minutes,
             COALESCE(t.resolved_at, t.closed_at) AS done_at,
             sla.decided::smallint AS sla_targets_decided,
             sla.met::smallint AS sla_targets_met
      FROM tickets t
      LEFT JOIN LATERAL (SELECT min(m.created_at) AS at FROM ticket_messages m WHERE m.ticket_id = t.id AND m.sender_type = 'admin') fr ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS decided, count(*) FILTER (WHERE c.breached_at IS NULL) AS met FROM sla_clocks c
        WHERE c.ticket_id = t.id AND c.metric IN ('first_reply', 'resolution')
          AND (c.breached_at IS NOT NULL OR c.stopped_at IS NOT NULL OR (c.metric = 'resolution' AND t.resolved_at IS NOT NULL))
      ) sla ON true`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_report_facts_refresh(ticket integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO ticket_report_facts SELECT * FROM ticket_report_source WHERE ticket_id = ticket
        ON CONFLICT (ticket_id) DO UPDATE SET created_at = EXCLUDED.created_at, origin = EXCLUDED.origin, category = EXCLUDED.category,
          assignee_id = EXCLUDED.assignee_id, first_reply_at = EXCLUDED.first_reply_at, first_reply_minutes = EXCLUDED.first_reply_minutes,
          resolved_at = EXCLUDED.resolved_at, resolution_minutes = EXCLUDED.resolution_minutes, done_at = EXCLUDED.done_at,
          sla_targets_decided = EXCLUDED.sla_targets_decided, sla_targets_met = EXCLUDED.sla_targets_met
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_report_facts_on_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM ticket_report_facts_refresh(NEW.id); RETURN NULL; END $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_report_facts_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN PERFORM ticket_report_facts_refresh(OLD.ticket_id); ELSE PERFORM ticket_report_facts_refresh(NEW.ticket_id); END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_ticket_report_facts_ticket" AFTER INSERT OR UPDATE OF created_at, origin, category, assignee_id, resolved_at, closed_at ON "tickets" FOR EACH ROW EXECUTE FUNCTION ticket_report_facts_on_ticket()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_ticket_report_facts_message" AFTER INSERT OR UPDATE OF created_at ON "ticket_messages" FOR EACH ROW WHEN (NEW.sender_type = 'admin') EXECUTE FUNCTION ticket_report_facts_on_child()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_ticket_report_facts_clock" AFTER INSERT OR UPDATE ON "sla_clocks" FOR EACH ROW WHEN (NEW.metric IN ('first_reply', 'resolution')) EXECUTE FUNCTION ticket_report_facts_on_child()`,
    );
    await queryRunner.query(`CREATE TRIGGER "tr_ticket_report_facts_clock_gone" AFTER DELETE ON "sla_clocks" FOR EACH ROW EXECUTE FUNCTION ticket_report_facts_on_child()`);
    await queryRunner.query(`INSERT INTO ticket_report_facts SELECT * FROM ticket_report_source`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_facts_clock_gone" ON "sla_clocks"`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_facts_clock" ON "sla_clocks"`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_facts_message" ON "ticket_messages"`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_facts_ticket" ON "tickets"`);
    await queryRunner.query(`DROP FUNCTION ticket_report_facts_on_child()`);
    await queryRunner.query(`DROP FUNCTION ticket_report_facts_on_ticket()`);
    await queryRunner.query(`DROP FUNCTION ticket_report_facts_refresh(integer)`);
    await queryRunner.query(`DROP VIEW "ticket_report_source"`);
    await queryRunner.query(`DROP TABLE "ticket_report_facts"`);
  }
}
