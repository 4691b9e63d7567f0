import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CustomerEventPresenters, DomainEventPayload } from '@mm/core';
import { NotificationService } from './notification.service';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { userRoom } from './realtime/rooms';
import { planEmissions } from './realtime/socket-emissions';

/**
 * What delivering one outbox event means: store its in-app notifications
 * (idempotent), emit its socket events, then push the notifications. Any
 * failure throws, and the dispatcher retries the whole delivery; consumers
 * see an event at least once (canonical payloads carry `eventId`).
 */
@Injectable()
export class EventDelivery {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly notifications: NotificationService,
    private readonly gateway: RealtimeGateway,
    private readonly presenters: CustomerEventPresenters,
  ) {}

  /** `manager`: the connection to store notifications with (the dispatcher's own). */
  async deliver(eventId: string, event: DomainEventPayload, manager?: EntityManager): Promise<void> {
    const notifications = await this.notifications.createForEvent(eventId, event, manager);
    const { emissions, rejected } = planEmissions(event, eventId, this.presenters);
    if (rejected) this.logger.error({ eventId, type: event.type, origin: event.ticket.origin }, `Presenter returned an undocumented socket event "${rejected}": not emitted`);
    if (event.type === 'ticket.assigned') await this.gateway.evictAgentsExcept(event.ticket.id, event.ticket.assigneeId);
    for (const emission of emissions) this.gateway.emit(emission);
    for (const { userId, notification } of notifications) {
      // A redelivery pushes again only what is still unread.
      if (notification.readAt === null) this.gateway.emit({ rooms: [userRoom(userId)], event: 'notification:created', payload: { ...notification, readAt: null } });
    }
  }
}
