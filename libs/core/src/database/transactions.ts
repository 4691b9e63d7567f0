import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { idempotencyContext } from '../idempotency/idempotency-context';

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
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const result = await work(manager);
      const claim = idempotencyContext.getStore();
      if (claim) await manager.query(MARK_COMMITTED, [claim.scope, claim.key]);
      return result;
    });
  }
}
