import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: full-text search looks in one stored vector per ticket
 * (subject, description and every message body, stripped to distinct words)
 * instead of two expression indexes, one on tickets and one on messages.
 * With one indexed column the planner can walk the newest tickets and stop
 * at a page for a common word, or use the GIN index for a rare one; the
 * union of two indexes had to find and sort every match first (two seconds
 * for a common word at 1,000,000 tickets: docs/benchmarks.md).
 * Triggers keep it: a ticket's own text on insert and on a change of subject
 * or description, plus each new message's words (stripped, so a long
 * conversation stays far below the 1 MB limit of a tsvector); a changed or
 * deleted message recomputes its ticket's vector. Notes are never included.
 * The backfill rewrites every ticket once (about a minute per million).
 */
export class TicketSearchVector1795275600000 implements MigrationInterface {
  name = 'TicketSearchVector1795275600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_vector(of_ticket integer, ticket_subject text, ticket_description text) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT strip(to_tsvector('simple', ticket_subject || ' ' || ticket_description || ' '
          || coalesce((SELECT string_agg(m.body, ' ' ORDER BY m.id) FROM ticket_messages m WHERE m.ticket_id = of_ticket), '')))
      $$`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "search_vector" tsvector`);
    await queryRunner.query(`UPDATE "tickets" SET "search_vector" = ticket_search_vector(id, subject, description)`);
    await queryRunner.query(`ALTER TABLE "tickets" ALTER COLUMN "search_vector" SET NOT NULL`);

    await queryRunner.query(`
      CREATE FUNCTION tickets_search_vector_own() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := ticket_search_vector(NEW.id, NEW.subject, NEW.description);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "tr_tickets_search_vector" BEFORE INSERT OR UPDATE OF "subject", "description" ON "tickets" FOR EACH ROW EXECUTE FUNCTION tickets_search_vector_own()`);

    await queryRunner.query(`
      CREATE FUNCTION ticket_messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE tickets SET search_vector = strip(search_vector || to_tsvector('simple', NEW.body)) WHERE id = NEW.ticket_id;
        ELSE
          UPDATE tickets SET search_vector = ticket_search_vector(id, subject, description) WHERE id = OLD.ticket_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "tr_ticket_messages_search_insert" AFTER INSERT ON "ticket_messages" FOR EACH ROW EXECUTE FUNCTION ticket_messages_search_vector()`);
    await queryRunner.query(
      `CREATE TRIGGER "tr_ticket_messages_search_change" AFTER UPDATE OF "body", "ticket_id" OR DELETE ON "ticket_messages" FOR EACH ROW EXECUTE FUNCTION ticket_messages_search_vector()`,
    );

    await queryRunner.query(`CREATE INDEX "ix_tickets_search_vector" ON "tickets" USING GIN ("search_vector")`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ticket_messages_search"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_ticket_messages_search" ON "ticket_messages" USING GIN (to_tsvector('simple', body))`);
    await queryRunner.query(`CREATE INDEX "ix_tickets_search" ON "tickets" USING GIN (to_tsvector('simple', subject || ' ' || description))`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_search_vector"`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_messages_search_change" ON "ticket_messages"`);
    await queryRunner.query(`DROP TRIGGER "tr_ticket_messages_search_insert" ON "ticket_messages"`);
    await queryRunner.query(`DROP FUNCTION ticket_messages_search_vector()`);
    await queryRunner.query(`DROP TRIGGER "tr_tickets_search_vector" ON "tickets"`);
    await queryRunner.query(`DROP FUNCTION tickets_search_vector_own()`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "search_vector"`);
    await queryRunner.query(`DROP FUNCTION ticket_search_vector(integer, text, text)`);
  }
}
