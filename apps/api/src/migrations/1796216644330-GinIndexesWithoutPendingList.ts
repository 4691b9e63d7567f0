import { MigrationInterface, QueryRunner } from 'typeorm';

const GIN_INDEXES = ['ix_tickets_search_vector', 'ix_tickets_group_members', 'ix_rides_passengers'];

/**
 * Written by hand: GIN indexes without the pending list ("fastupdate"). With
 * it, PostgreSQL queues new entries and the write that finds the queue full
 * (4 MB) merges it into the index before answering: every ticket change
 * re-inserts all of the ticket's search words, so at 100 messages a second
 * one message send in a few thousand took 230 ms instead of 10
 * (docs/benchmarks.md). PostgreSQL's manual: "if consistent response time is
 * more important than update speed", turn it off. Each write now inserts its
 * entries itself (about 0.2 ms more per message send).
 */
export class GinIndexesWithoutPendingList1796216644330 implements MigrationInterface {
  name = 'GinIndexesWithoutPendingList1796216644330';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of GIN_INDEXES) {
      await queryRunner.query(`ALTER INDEX "${index}" SET (fastupdate = off)`);
      await queryRunner.query(`SELECT gin_clean_pending_list('"${index}"'::regclass)`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of GIN_INDEXES) await queryRunner.query(`ALTER INDEX "${index}" RESET (fastupdate)`);
  }
}
