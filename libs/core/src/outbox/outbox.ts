import { EntityManager } from 'typeorm';
import { DomainEventPayload } from './domain-events';

/** Set on a transaction's query runner once it has written outbox rows: the dispatcher is nudged when it commits. */
export const WROTE_OUTBOX = 'mm:wroteOutbox';

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
  if (manager.queryRunner) manager.queryRunner.data[WROTE_OUTBOX] = true;
}
