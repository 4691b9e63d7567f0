import { EntitySubscriberInterface, InsertEvent, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OutboxEvent } from '@mm/core';

const WROTE_OUTBOX = 'mm:wroteOutbox';

/**
 * Nudges the dispatcher right after a transaction that wrote outbox rows
 * commits, so events go out in milliseconds instead of at the next poll.
 * (Polling stays the safety net: other instances' commits, missed nudges.)
 */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly onCommit: () => void) {}

  afterInsert(event: InsertEvent<unknown>): void {
    if (event.metadata.target === OutboxEvent) event.queryRunner.data[WROTE_OUTBOX] = true;
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!event.queryRunner.data[WROTE_OUTBOX]) return;
    delete event.queryRunner.data[WROTE_OUTBOX];
    // After the commit's own bookkeeping: the dispatcher needs the connection this transaction still holds.
    setImmediate(this.onCommit);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    delete event.queryRunner.data[WROTE_OUTBOX];
  }
}
