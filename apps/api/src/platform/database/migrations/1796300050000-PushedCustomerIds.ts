import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers pushed by the MM services (PUT /api/integrations/customers/{id})
 * keep their MM id in a column of their own instead of taking it as users.id,
 * so a pushed id never lands on a locally registered account nor moves
 * users_id_seq. Customers pushed before kept their MM id as users.id (and have
 * no password): that is their MM id.
 */
export class PushedCustomerIds1796300050000 implements MigrationInterface {
  name = 'PushedCustomerIds1796300050000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "mm_customer_id" integer`);
    await queryRunner.query(`UPDATE "users" SET "mm_customer_id" = "id" WHERE "role" = 'customer' AND "password_hash" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_users_mm_customer_id" ON "users" ("mm_customer_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ux_users_mm_customer_id"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "mm_customer_id"`);
  }
}
