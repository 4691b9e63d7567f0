import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEventPayload, OutboxConsumers } from '@mm/core';
import { CustomerEventPresenters } from '@mm/ticket';
import { NotificationService, NotificationView } from './notification.service';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { notificationEmission, planEmissions } from './realtime/socket-emissions';

/**
 * What delivering outbox events means: store their in-app notifications
 * (idempotent), then for each event in order emit its socket events and push
 * its notifications, and wait until they are on their way to every instance.
 * Any failure throws, and the dispatcher retries the delivery; consumers see
 * an event at least once (canonical payloads carry `eventId`).
 */
@Injectable()
export class EventDelivery {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly notifications: NotificationService,
    private readonly gateway: RealtimeGateway,
    private readonly presenters: CustomerEventPresenters,
    private readonly consumers: OutboxConsumers,
  ) {}

  /**
   * Several events (the dispatcher's batch, at most one per ticket) with one
   * round of notification queries. `manager`: the connection to store them
   * with (the dispatcher's own).
   */
  async deliverAll(events: { id: string; payload: DomainEventPayload }[], manager?: EntityManager): Promise<void> {
    await this.consumers.run(events, manager);
    const notifications = await this.notifications.createForEvents(events, manager);
    let failure: unknown;
    const sent: Promise<void>[] = [];
    for (const { id, payload } of events) {
      if (payload.type === 'ticket.assigned') await this.gateway.evictAgentsExcept(payload.ticket.id, payload.ticket.assigneeId);
      // Caught at once: a send may fail while a later event's eviction is awaited.
      for (const send of this.emit(id, payload, notifications.get(id) ?? [])) sent.push(send.catch((error: unknown) => void (failure ??= error)));
    }
    await Promise.all(sent);
    if (failure) throw failure;
  }

  deliver(eventId: string, event: DomainEventPayload, manager?: EntityManager): Promise<void> {
    return this.deliverAll([{ id: eventId, payload: event }], manager);
  }

  /** Whether socket events currently reach this instance's sockets only (Redis is away). */
  get realtimeAway(): boolean {
    return this.gateway.redisAway;
  }

  /**
   * Events held behind an earlier one of their ticket that Redis did not take:
   * their socket events and notifications go to this instance's sockets now, in
   * order, and reach them no second time when the events are delivered later
   * (then to every instance, with the consumers). Notifications are stored now: their pushes carry them.
   */
  async deliverLocally(events: { id: string; payload: DomainEventPayload }[], manager?: EntityManager): Promise<void> {
    const notifications = await this.notifications.createForEvents(events, manager);
    for (const { id, payload } of events) {
      if (payload.type === 'ticket.assigned') await this.gateway.evictAgentsExcept(payload.ticket.id, payload.ticket.assigneeId, 'here');
      const { emissions } = planEmissions(payload, id, this.presenters);
      for (const emission of emissions) this.gateway.emitLocally(emission);
      for (const { userId, notification } of notifications.get(id) ?? []) {
        if (notification.readAt === null) this.gateway.emitLocally(notificationEmission(userId, notification));
      }
    }
  }

  /** Emits an event's socket events in order; returns their sends. */
  private emit(eventId: string, event: DomainEventPayload, notifications: { userId: number; notification: NotificationView }[]): Promise<void>[] {
    const { emissions, rejected } = planEmissions(event, eventId, this.presenters);
    if (rejected) this.logger.error({ eventId, type: event.type, origin: event.ticket.origin }, `Presenter returned an undocumented socket event "${rejected}": not emitted`);
    const sent = emissions.map((emission) => this.gateway.emit(emission));
    for (const { userId, notification } of notifications) {
      // A redelivery pushes again only what is still unread.
      if (notification.readAt === null) sent.push(this.gateway.emit(notificationEmission(userId, notification)));
    }
    return sent;
  }
}
