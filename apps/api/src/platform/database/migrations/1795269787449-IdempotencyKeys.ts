import { MigrationInterface, QueryRunner } from "typeorm";

export class IdempotencyKeys1795269787449 implements MigrationInterface {
    name = 'IdempotencyKeys1795269787449'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("scope" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" jsonb, "locked_until" TIMESTAMP WITH TIME ZONE NOT NULL, "committed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`);
        await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_expires" ON "idempotency_keys" ("expires_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_expires"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    }

}
