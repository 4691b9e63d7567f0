import { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { WROTE_OUTBOX } from '@mm/core';

/**
 * Nudges the dispatcher right after a transaction that wrote outbox rows
 * (recordEvent) commits, so events go out in milliseconds instead of at the
 * next poll. (Polling stays the safety net: other instances' commits, missed nudges.)
 */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly onCommit: () => void) {}

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
