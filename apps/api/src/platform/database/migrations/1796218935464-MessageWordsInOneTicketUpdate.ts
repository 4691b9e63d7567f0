import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: a message send changes its ticket once instead of twice.
 * The message's own statement adds its words to the ticket's search vector
 * in the update that counts the message (`ticket_search_vector_with`, the one
 * definition of "a vector with a message's words"), and the insert trigger,
 * which keeps the vector right for every other way a message is written, now
 * leaves a ticket alone when it already has every word.
 * Every row version of a ticket re-inserts all of its words into the GIN index and an entry into each of
 * its other indexes; the second version did nothing the first could not (docs/decisions.md).
 */
export class MessageWordsInOneTicketUpdate1796218935464 implements MigrationInterface {
  name = 'MessageWordsInOneTicketUpdate1796218935464';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION ticket_search_vector_with(vector tsvector, message_body text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
        SELECT strip(vector || to_tsvector('simple', message_body))
      $$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ticket_messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE tickets SET search_vector = ticket_search_vector_with(search_vector, NEW.body)
          WHERE id = NEW.ticket_id AND NOT tsvector_to_array(to_tsvector('simple', NEW.body)) <@ tsvector_to_array(search_vector);
        ELSE
          UPDATE tickets SET search_vector = ticket_search_vector(id, subject, description) WHERE id = OLD.ticket_id;
        END IF;
        RETURN NULL;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ticket_messages_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE tickets SET search_vector = strip(search_vector || to_tsvector('simple', NEW.body)) WHERE id = NEW.ticket_id;
        ELSE
          UPDATE tickets SET search_vector = ticket_search_vector(id, subject, description) WHERE id = OLD.ticket_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP FUNCTION ticket_search_vector_with(tsvector, text)`);
  }
}
