import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: full-text search over tickets (subject + description) and
 * their messages, as GIN expression indexes. The 'simple' configuration (no
 * stemming, no stop words) treats every language the same; words match as
 * prefixes (see libs/ticket/src/desk/ticket-search.service.ts, whose
 * expressions must stay identical to these).
 */
export class FullTextSearch1795270626900 implements MigrationInterface {
  name = 'FullTextSearch1795270626900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_tickets_search" ON "tickets" USING GIN (to_tsvector('simple', subject || ' ' || description))`);
    await queryRunner.query(`CREATE INDEX "ix_ticket_messages_search" ON "ticket_messages" USING GIN (to_tsvector('simple', body))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_ticket_messages_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_search"`);
  }
}
