import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEventPayload } from './domain-events';

/** A consumer of delivered outbox events besides the socket gateway; it must be quick (database work only) and idempotent. */
export type OutboxConsumer = (events: { id: string; payload: DomainEventPayload }[], manager?: EntityManager) => Promise<void>;

/**
 * Other modules' consumers of the outbox (webhooks), run by the dispatcher
 * before it emits the batch's socket events; a failure makes it retry the
 * batch (at least once). The notification library need not know them.
 */
@Injectable()
export class OutboxConsumers {
  private readonly consumers: OutboxConsumer[] = [];

  register(consumer: OutboxConsumer): void {
    this.consumers.push(consumer);
  }

  async run(events: { id: string; payload: DomainEventPayload }[], manager?: EntityManager): Promise<void> {
    for (const consume of this.consumers) await consume(events, manager);
  }
}
