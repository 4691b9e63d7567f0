import { MigrationInterface, QueryRunner } from "typeorm";

export class TicketStatusCategoryIndex1795278981347 implements MigrationInterface {
    name = 'TicketStatusCategoryIndex1795278981347'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_tickets_status_category_created" ON "tickets" ("status", "category", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_tickets_status_category_created"`);
    }

}
