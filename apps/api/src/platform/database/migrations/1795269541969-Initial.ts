import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795269541969 implements MigrationInterface {
    name = 'Initial1795269541969'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_events" ("id" BIGSERIAL NOT NULL, "type" text NOT NULL, "ticket_id" integer, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "delivered_at" TIMESTAMP WITH TIME ZONE, "parked_at" TIMESTAMP WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_ticket" ON "outbox_events" ("ticket_id", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_pending" ON "outbox_events" ("available_at", "id") WHERE delivered_at IS NULL AND parked_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" text NOT NULL, "password_hash" text, "name" text NOT NULL, "phone" text, "locale" text NOT NULL DEFAULT 'en', "role" text NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_users_role" ON "users" ("role", "id") `);
        // Written by hand: emails are unique case-insensitively, and roles are a closed set.
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_users_email" ON "users" (lower("email"))`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "ck_users_role" CHECK ("role" IN ('customer', 'agent', 'admin'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ux_users_email"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_role"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_ticket"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
    }

}
