import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { idempotencyContext } from '../idempotency/idempotency-context';
import { IN_TRANSACTION_LISTENERS, InTransactionListener } from '../outbox/outbox';

const MARK_COMMITTED = 'UPDATE idempotency_keys SET committed_at = now() WHERE scope = $1 AND key = $2';

/**
 * One transaction per command. Every query of the command must use the
 * manager handed to `work` (PGlite serves one connection, and outbox rows must
 * commit with the change they describe). When the request carries an
 * Idempotency-Key, the same transaction marks the key as committed, so a
 * retry after a crash never does the work twice.
 */
@Injectable()
export class Transactions {
  private readonly listeners: InTransactionListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /**
   * A module that keeps state derived from ticket changes (SLA clocks) listens
   * to every domain event recorded in a transaction of `run`, inside it; the
   * ticket libraries need not know it exists.
   */
  onEvent(listener: InTransactionListener): void {
    this.listeners.push(listener);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      if (manager.queryRunner) manager.queryRunner.data[IN_TRANSACTION_LISTENERS] = this.listeners;
      const result = await work(manager);
      const claim = idempotencyContext.getStore();
      if (claim) await manager.query(MARK_COMMITTED, [claim.scope, claim.key]);
      return result;
    });
  }
}
