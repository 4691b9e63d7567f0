import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795270001238 implements MigrationInterface {
    name = 'Notifications1795270001238'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "user_id" integer NOT NULL, "outbox_event_id" bigint NOT NULL, "ticket_id" integer, "ticket_number" text, "kind" text NOT NULL, "locale" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_notifications_user_unread" ON "notifications" ("user_id", "id") WHERE read_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_notifications_user" ON "notifications" ("user_id", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_notifications_event_user" ON "notifications" ("outbox_event_id", "user_id") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_parked" ON "outbox_events" ("id") WHERE parked_at IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_user"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_parked"`);
        await queryRunner.query(`DROP INDEX "public"."ux_notifications_event_user"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_user"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_user_unread"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
    }

}
