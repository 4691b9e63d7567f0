import { MigrationInterface, QueryRunner } from "typeorm";

export class OutboxPendingTicket1795274837577 implements MigrationInterface {
    name = 'OutboxPendingTicket1795274837577'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_outbox_pending_ticket" ON "outbox_events" ("ticket_id", "id") WHERE delivered_at IS NULL AND parked_at IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_pending_ticket"`);
    }

}
