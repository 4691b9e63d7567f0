import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, QueryRunner } from 'typeorm';

interface HeldTransaction {
  /** The held connection as every query of the context gets it: its `release()` does nothing. */
  shared: QueryRunner;
  open: boolean;
}

const held = new AsyncLocalStorage<HeldTransaction>();
const ownRunners = new WeakMap<DataSource, (mode?: 'master' | 'slave') => QueryRunner>();

/**
 * From the first call on, a query made while `inRequestTransaction` runs — through any
 * manager, repository, query builder or `dataSource.query` — uses that transaction's
 * connection; `dataSource.transaction()` there becomes a savepoint.
 */
function routeQueriesOf(dataSource: DataSource): (mode?: 'master' | 'slave') => QueryRunner {
  let own = ownRunners.get(dataSource);
  if (own) return own;
  own = dataSource.createQueryRunner.bind(dataSource);
  ownRunners.set(dataSource, own);
  dataSource.createQueryRunner = (mode) => {
    const transaction = held.getStore();
    return transaction?.open ? transaction.shared : own!(mode);
  };
  return own;
}

/** Runs `fn` (and whatever it schedules: timers, background work) outside any request transaction. */
export function detachedFromRequestTransaction<T>(fn: () => T): T {
  return held.exit(fn);
}

/**
 * Runs `work` and then `finish` in ONE transaction that every query of the
 * async context joins, and commits; any error rolls all of it back. The
 * idempotency store writes a request's response with the change it made.
 */
export async function inRequestTransaction<T, R>(
  dataSource: DataSource,
  begin: (runner: QueryRunner) => Promise<R | undefined>,
  work: () => Promise<T>,
  finish: (runner: QueryRunner, result: T) => Promise<void>,
): Promise<{ early: R } | { result: T }> {
  const runner = routeQueriesOf(dataSource)();
  const shared = new Proxy(runner, { get: (target, property, receiver) => (property === 'release' ? async () => undefined : Reflect.get(target, property, receiver)) });
  const transaction: HeldTransaction = { shared, open: false };
  try {
    await runner.startTransaction();
    const early = await begin(runner);
    if (early !== undefined) {
      await runner.rollbackTransaction();
      return { early };
    }
    transaction.open = true;
    const result = await held.run(transaction, work);
    transaction.open = false;
    await finish(runner, result);
    await runner.commitTransaction();
    return { result };
  } catch (error) {
    transaction.open = false;
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
