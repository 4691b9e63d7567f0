import { AsyncLocalStorage } from 'node:async_hooks';

export interface IdempotencyClaim {
  scope: string;
  key: string;
}

/** The Idempotency-Key of the request being served, if any (see Transactions.run). */
export const idempotencyContext = new AsyncLocalStorage<IdempotencyClaim>();
