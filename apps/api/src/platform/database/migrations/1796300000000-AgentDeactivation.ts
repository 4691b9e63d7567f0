import { MigrationInterface, QueryRunner } from 'typeorm';

/** Agents an admin rejected or deactivated: their tokens stop working (AccessGuard reads it with the role). */
export class AgentDeactivation1796300000000 implements MigrationInterface {
  name = 'AgentDeactivation1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "deactivated_at"`);
  }
}
