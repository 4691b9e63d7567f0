import { Injectable, Logger } from '@nestjs/common';
import type { NotificationView } from '../notification.service';
import { RealtimeGateway } from './realtime.gateway';
import { notificationEmission } from './socket-emissions';

/**
 * Pushes notifications that no outbox event carries (NotificationService.notifyAdmins) to their
 * recipients' sockets, after the transaction that stored them committed. Best effort: they are
 * stored, and the console reads them again on every (re)connection.
 */
@Injectable()
export class LiveNotifications {
  private readonly logger = new Logger(LiveNotifications.name);

  constructor(private readonly gateway: RealtimeGateway) {}

  async push(notifications: { userId: number; notification: NotificationView }[]): Promise<void> {
    try {
      await Promise.all(notifications.map(({ userId, notification }) => this.gateway.emit(notificationEmission(userId, notification))));
    } catch (error) {
      this.logger.warn({ err: error }, 'Notifications could not be pushed live');
    }
  }
}
