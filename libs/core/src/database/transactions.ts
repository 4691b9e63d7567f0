import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One transaction per command. Every query of the command must use the
 * manager handed to `work` (PGlite serves one connection, and outbox rows must
 * commit with the change they describe). In a request with an Idempotency-Key
 * it is a savepoint of the request's transaction (IdempotencyStore).
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
