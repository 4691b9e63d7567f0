import { MigrationInterface, QueryRunner } from 'typeorm';

export class Routing1796700200000 implements MigrationInterface {
  name = 'Routing1796700200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agent_routing" ("agent_id" integer NOT NULL, "status" text NOT NULL DEFAULT 'offline', "capacity" integer NOT NULL DEFAULT 10, "skills" jsonb NOT NULL DEFAULT '{}', "last_assigned_at" TIMESTAMP WITH TIME ZONE, "disconnected_since" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_agent_routing_status" CHECK ("status" IN ('online', 'away', 'offline')), CONSTRAINT "ck_agent_routing_capacity" CHECK ("capacity" BETWEEN 0 AND 1000), CONSTRAINT "pk_agent_routing" PRIMARY KEY ("agent_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_agent_routing_disconnected" ON "agent_routing" ("disconnected_since") WHERE disconnected_since IS NOT NULL AND status <> 'offline'`);
    await queryRunner.query(`ALTER TABLE "agent_routing" ADD CONSTRAINT "fk_agent_routing_agent" FOREIGN KEY ("agent_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `CREATE TABLE "routing_settings" ("id" integer NOT NULL, "mode" text NOT NULL DEFAULT 'off', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_routing_settings_single" CHECK ("id" = 1), CONSTRAINT "ck_routing_settings_mode" CHECK ("mode" IN ('off', 'round_robin', 'least_loaded')), CONSTRAINT "pk_routing_settings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "routing_settings" ("id", "mode") VALUES (1, 'off')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "routing_settings"`);
    await queryRunner.query(`ALTER TABLE "agent_routing" DROP CONSTRAINT "fk_agent_routing_agent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_agent_routing_disconnected"`);
    await queryRunner.query(`DROP TABLE "agent_routing"`);
  }
}
