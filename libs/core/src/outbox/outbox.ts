import { EntityManager } from 'typeorm';
import { DomainEventPayload } from './domain-events';
import { OutboxEvent } from './outbox-event.entity';

/** Records an event in the caller's transaction; it is delivered only if that transaction commits. */
export async function recordEvent(manager: EntityManager, payload: DomainEventPayload): Promise<void> {
  await manager.insert(OutboxEvent, { type: payload.type, ticketId: payload.ticket.id, payload: payload as object });
}
