import { EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { detachedFromRequestTransaction, WROTE_OUTBOX } from '@mm/core';

/**
 * Nudges the dispatcher right after a transaction that wrote outbox rows
 * (recordEvent) commits, so events go out in milliseconds instead of at the
 * next poll. (Polling stays the safety net: other instances' commits, missed nudges.)
 */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly onCommit: () => void) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside a request's transaction (IdempotencyStore) is no commit yet.
    if (!event.queryRunner.data[WROTE_OUTBOX] || event.queryRunner.isTransactionActive) return;
    delete event.queryRunner.data[WROTE_OUTBOX];
    // After the commit's own bookkeeping: the dispatcher needs the connection this transaction still holds.
    // Detached: the dispatcher must never run inside the request's transaction.
    detachedFromRequestTransaction(() => setImmediate(this.onCommit));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) delete event.queryRunner.data[WROTE_OUTBOX];
  }
}
