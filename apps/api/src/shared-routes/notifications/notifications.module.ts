import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { NotificationModule } from '@mm/notification';
import { notificationsErrorRenderer } from './notifications.errors';
import { NotificationsController } from './notifications.controller';

/** HTTP API of in-app notifications; NotificationModule brings the outbox dispatcher and the socket.io gateway. */
@Module({
  imports: [NotificationModule],
  controllers: [NotificationsController],
})
export class NotificationsModule implements OnModuleInit {
  constructor(private readonly renderers: ErrorRendererRegistry) {}

  onModuleInit(): void {
    this.renderers.register(['/api/notifications'], notificationsErrorRenderer);
  }
}
