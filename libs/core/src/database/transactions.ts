import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IN_TRANSACTION_LISTENERS, InTransactionListener } from '../outbox/outbox';

/**
 * One transaction per command. Every query of the command must use the
 * manager handed to `work` (PGlite serves one connection, and outbox rows must
 * commit with the change they describe). In a request with an Idempotency-Key
 * it is a savepoint of the request's transaction (IdempotencyStore).
 */
@Injectable()
export class Transactions {
  private readonly listeners: InTransactionListener[] = [];
  private readonly finishers: Array<(manager: EntityManager) => Promise<void>> = [];

  constructor(private readonly dataSource: DataSource) {}

  /**
   * A module that keeps state derived from ticket changes (SLA clocks) listens
   * to every domain event recorded in a transaction of `run`, inside it; the
   * ticket libraries need not know it exists.
   */
  onEvent(listener: InTransactionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Runs at the end of every transaction of `run`, after its work and before
   * it commits: what reacts to the change as a whole (automations) sees it complete.
   */
  beforeCommit(finisher: (manager: EntityManager) => Promise<void>): void {
    this.finishers.push(finisher);
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      if (manager.queryRunner) manager.queryRunner.data[IN_TRANSACTION_LISTENERS] = this.listeners;
      const result = await work(manager);
      for (const finish of this.finishers) await finish(manager);
      return result;
    });
  }
}
