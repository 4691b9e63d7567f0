import { MigrationInterface, QueryRunner } from 'typeorm';

const SOURCE_BEFORE = `
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
             sla.met::smallint AS sla_targets_met`;
const SOURCE_FROM = `
      FROM tickets t
      LEFT JOIN LATERAL (SELECT min(m.created_at) AS at FROM ticket_messages m WHERE m.ticket_id = t.id AND m.sender_type = 'admin') fr ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS decided, count(*) FILTER (WHERE c.breached_at IS NULL) AS met FROM sla_clocks c
        WHERE c.ticket_id = t.id AND c.metric IN ('first_reply', 'resolution')
          AND (c.breached_at IS NOT NULL OR c.stopped_at IS NOT NULL OR (c.metric = 'resolution' AND t.resolved_at IS NOT NULL))
      ) sla ON true`;
const REFRESH = (columns: string[], guard: boolean) => `
      CREATE OR REPLACE FUNCTION ticket_report_facts_refresh(ticket integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO ticket_report_facts SELECT * FROM ticket_report_source WHERE ticket_id = ticket
        ON CONFLICT (ticket_id) DO UPDATE SET ${columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}
        ${guard ? 'WHERE ticket_report_facts IS DISTINCT FROM EXCLUDED' : ''}
      $$`;
const COLUMNS = [
  'created_at', 'origin', 'category', 'assignee_id', 'first_reply_at', 'first_reply_minutes',
  'resolved_at', 'resolution_minutes', 'done_at', 'sla_targets_decided', 'sla_targets_met',
];

/**
 * Reports at a million tickets (SPEC 7.7). The facts gain the ticket's rating
 * (one per ticket), so CSAT filters like every other figure; `ticket_report_days`
 * counts per UTC day, origin and category the tickets created and the tickets
 * that left the backlog (at the later of creation and resolution or closing), so
 * the backlog at any instant is a sum over days plus the part of its own day;
 * `ticket_report_agent_days` counts per day and assignee the tickets resolved
 * and rated (and the ratings' sum) for the agents table.
 * A trigger on the facts *appends* +/- rows to both in the same transaction (so
 * writers never wait on a counter row, as with ticket_counts) and
 * ReportRollups (libs/reporting) folds them into one row per key every few
 * seconds; the `*_source` views are their full recomputation, which tests compare.
 */
export class ReportRollups1796700700000 implements MigrationInterface {
  name = 'ReportRollups1796700700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_report_facts" ADD "rated_at" timestamptz, ADD "rating" smallint`);
    await queryRunner.query(`
      CREATE OR REPLACE VIEW "ticket_report_source" AS ${SOURCE_BEFORE},
             fb.created_at AS rated_at, fb.rating ${SOURCE_FROM}
      LEFT JOIN ticket_feedback fb ON fb.ticket_id = t.id`);
    // An unchanged row is not rewritten: most staff messages change no figure.
    await queryRunner.query(REFRESH([...COLUMNS, 'rated_at', 'rating'], true));
    await queryRunner.query(
      `CREATE TRIGGER "tr_ticket_report_facts_feedback" AFTER INSERT OR UPDATE OR DELETE ON "ticket_feedback" FOR EACH ROW EXECUTE FUNCTION ticket_report_facts_on_child()`,
    );
    await queryRunner.query(`UPDATE ticket_report_facts t SET rated_at = f.created_at, rating = f.rating FROM ticket_feedback f WHERE f.ticket_id = t.ticket_id`);

    await queryRunner.query(`DROP INDEX "ix_ticket_report_facts_done"`);
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_report_facts_left" ON "ticket_report_facts" ((GREATEST("created_at", "done_at"))) INCLUDE ("origin", "category") WHERE done_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_report_facts_rated" ON "ticket_report_facts" ("rated_at") INCLUDE ("rating", "origin", "category", "assignee_id") WHERE rated_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_ticket_report_facts_assignee" ON "ticket_report_facts" ("assignee_id", "created_at")
       INCLUDE ("origin", "category", "first_reply_minutes", "sla_targets_decided", "sla_targets_met", "done_at") WHERE assignee_id IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "ticket_report_days" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "day" date NOT NULL,
        "origin" text NOT NULL,
        "category" text NOT NULL,
        "created" integer NOT NULL,
        "left" integer NOT NULL,
        CONSTRAINT "pk_ticket_report_days" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE VIEW "ticket_report_days_source" AS
      SELECT day, origin, category, sum(created)::integer AS created, sum("left")::integer AS "left"
      FROM ticket_report_facts t
      CROSS JOIN LATERAL (VALUES ((t.created_at AT TIME ZONE 'UTC')::date, 1, 0),
                                 ((GREATEST(t.created_at, t.done_at) AT TIME ZONE 'UTC')::date, 0, CASE WHEN t.done_at IS NOT NULL THEN 1 END)) m(day, created, "left")
      WHERE m.created = 1 OR m."left" = 1
      GROUP BY 1, 2, 3`);
    await queryRunner.query(`
      CREATE TABLE "ticket_report_agent_days" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "day" date NOT NULL,
        "assignee_id" integer NOT NULL,
        "resolved" integer NOT NULL,
        "rated" integer NOT NULL,
        "rating_sum" integer NOT NULL,
        CONSTRAINT "pk_ticket_report_agent_days" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_ticket_report_agent_days_day" ON "ticket_report_agent_days" ("day") INCLUDE ("assignee_id", "resolved", "rated", "rating_sum")`);
    await queryRunner.query(`
      CREATE VIEW "ticket_report_agent_days_source" AS
      SELECT day, t.assignee_id, sum(resolved)::integer AS resolved, sum(rated)::integer AS rated, sum(rating_sum)::integer AS rating_sum
      FROM ticket_report_facts t
      CROSS JOIN LATERAL (VALUES ((t.resolved_at AT TIME ZONE 'UTC')::date, 1, 0, 0), ((t.rated_at AT TIME ZONE 'UTC')::date, 0, 1, t.rating)) m(day, resolved, rated, rating_sum)
      WHERE t.assignee_id IS NOT NULL AND m.day IS NOT NULL
      GROUP BY 1, 2`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_report_days_add(f ticket_report_facts, sign integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO ticket_report_days (day, origin, category, created, "left")
        SELECT m.day, f.origin, f.category, sum(m.created) * sign, sum(m."left") * sign
        FROM (VALUES ((f.created_at AT TIME ZONE 'UTC')::date, 1, 0),
                     ((GREATEST(f.created_at, f.done_at) AT TIME ZONE 'UTC')::date, 0, CASE WHEN f.done_at IS NOT NULL THEN 1 ELSE 0 END)) m(day, created, "left")
        GROUP BY m.day;
        INSERT INTO ticket_report_agent_days (day, assignee_id, resolved, rated, rating_sum)
        SELECT m.day, f.assignee_id, sum(m.resolved) * sign, sum(m.rated) * sign, sum(m.rating_sum) * sign
        FROM (VALUES ((f.resolved_at AT TIME ZONE 'UTC')::date, 1, 0, 0), ((f.rated_at AT TIME ZONE 'UTC')::date, 0, 1, f.rating)) m(day, resolved, rated, rating_sum)
        WHERE f.assignee_id IS NOT NULL AND m.day IS NOT NULL
        GROUP BY m.day
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION ticket_report_days_on_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM ticket_report_days_add(OLD, -1); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM ticket_report_days_add(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_ticket_report_days" AFTER INSERT OR DELETE ON "ticket_report_facts" FOR EACH ROW EXECUTE FUNCTION ticket_report_days_on_facts()`,
    );
    await queryRunner.query(`
      CREATE TRIGGER "tr_ticket_report_days_update" AFTER UPDATE ON "ticket_report_facts" FOR EACH ROW
      WHEN ((OLD.created_at, OLD.origin, OLD.category, OLD.done_at, OLD.assignee_id, OLD.resolved_at, OLD.rated_at, OLD.rating)
        IS DISTINCT FROM (NEW.created_at, NEW.origin, NEW.category, NEW.done_at, NEW.assignee_id, NEW.resolved_at, NEW.rated_at, NEW.rating))
      EXECUTE FUNCTION ticket_report_days_on_facts()`);
    await queryRunner.query(`INSERT INTO ticket_report_days (day, origin, category, created, "left") SELECT * FROM ticket_report_days_source`);
    await queryRunner.query(`INSERT INTO ticket_report_agent_days (day, assignee_id, resolved, rated, rating_sum) SELECT * FROM ticket_report_agent_days_source`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_days_update" ON "ticket_report_facts"`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_days" ON "ticket_report_facts"`);
    await queryRunner.query(`DROP FUNCTION ticket_report_days_on_facts()`);
    await queryRunner.query(`DROP FUNCTION ticket_report_days_add(ticket_report_facts, integer)`);
    await queryRunner.query(`DROP VIEW "ticket_report_days_source"`);
    await queryRunner.query(`DROP TABLE "ticket_report_days"`);
    await queryRunner.query(`DROP VIEW "ticket_report_agent_days_source"`);
    await queryRunner.query(`DROP TABLE "ticket_report_agent_days"`);
    await queryRunner.query(`DROP INDEX "ix_ticket_report_facts_assignee"`);
    await queryRunner.query(`DROP INDEX "ix_ticket_report_facts_rated"`);
    await queryRunner.query(`DROP INDEX "ix_ticket_report_facts_left"`);
    await queryRunner.query(`CREATE INDEX "ix_ticket_report_facts_done" ON "ticket_report_facts" ("done_at") INCLUDE ("origin", "category", "assignee_id")`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_report_facts_feedback" ON "ticket_feedback"`);
    await queryRunner.query(REFRESH(COLUMNS, false));
    await queryRunner.query(`DROP VIEW "ticket_report_source"`);
    await queryRunner.query(`CREATE VIEW "ticket_report_source" AS ${SOURCE_BEFORE} ${SOURCE_FROM}`);
    await queryRunner.query(`ALTER TABLE "ticket_report_facts" DROP COLUMN "rating", DROP COLUMN "rated_at"`);
  }
}
