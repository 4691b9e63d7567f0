import { EntityManager } from 'typeorm';
import { DomainEventPayload } from './domain-events';

/** Set on a transaction's query runner once it has written outbox rows: the dispatcher is nudged when it commits. */
export const WROTE_OUTBOX = 'mm:wroteOutbox';

/** The domain's in-transaction listeners (see Transactions.onEvent), kept on the transaction's query runner. */
export const IN_TRANSACTION_LISTENERS = 'mm:inTransactionListeners';

/** Runs inside the transaction that records `event`, after it: what it writes commits or vanishes with the change. */
export type InTransactionListener = (manager: EntityManager, event: DomainEventPayload) => Promise<void>;

/** An INSERT sent in the same statement as the event's (one round trip for both); nothing reads its rows back. */
export interface AlongsideInsert {
  sql: string;
  params: unknown[];
}

/** Records an event in the caller's transaction; it is delivered only if that transaction commits. */
export async function recordEvent(manager: EntityManager, payload: DomainEventPayload, alongside?: AlongsideInsert): Promise<void> {
  const params = [...(alongside?.params ?? []), payload.type, payload.ticket.id, payload];
  const n = params.length;
  const insertEvent = `INSERT INTO outbox_events (type, ticket_id, payload) VALUES ($${n - 2}, $${n - 1}, $${n})`;
  await manager.query(alongside ? `WITH alongside AS (${alongside.sql}) ${insertEvent}` : insertEvent, params);
  if (!manager.queryRunner) return;
  manager.queryRunner.data[WROTE_OUTBOX] = true;
  for (const listener of (manager.queryRunner.data[IN_TRANSACTION_LISTENERS] ?? []) as InTransactionListener[]) await listener(manager, payload);
}
