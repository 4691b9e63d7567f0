import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketModule } from '@mm/ticket';
import { EventDelivery } from './event-delivery';
import { LiveNotifications } from './realtime/live-notifications';
import { Notification } from './notification.entity';
import { NotificationService } from './notification.service';
import { OutboxDispatcher } from './outbox/outbox-dispatcher';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { TicketViewersGateway } from './realtime/ticket-viewers.gateway';
import { UserSessions } from './realtime/user-sessions';

/** In-app notifications, the outbox dispatcher and the socket.io gateway. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification]), TicketModule],
  providers: [NotificationService, RealtimeGateway, EventDelivery, OutboxDispatcher, UserSessions, TicketViewersGateway, LiveNotifications],
  exports: [NotificationService, OutboxDispatcher, UserSessions, LiveNotifications],
})
export class NotificationModule {}
