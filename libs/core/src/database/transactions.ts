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
      return work(manager);
    });
  }
}
