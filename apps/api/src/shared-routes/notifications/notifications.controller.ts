import { Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, Ctx } from '@mm/auth';
import { RequestContext } from '@mm/core';
import { NotificationService } from '@mm/notification';
import { NumericIdPipe } from '../../platform/common/entity-id.pipe';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { NotificationPageResponse, NotificationResponse, ReadAllResponse } from './dto/notification.response';

const OWNER_ONLY = Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_notifications'] });
const NOT_FOUND_EXAMPLE = { schema: { example: { error: 'Notification not found', code: 'NOTIFICATION_NOT_FOUND' } } };

/** The caller's own in-app notifications (also pushed live as `notification:created`). */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @OWNER_ONLY
  @ApiOperation({ summary: "The caller's notifications, newest first", description: 'Paginated; `?unread=true` lists unread ones only.' })
  @ApiOkResponse({ type: NotificationPageResponse })
  @ApiBadRequestResponse({ schema: { example: { error: 'Validation failed', errors: { perPage: ['perPage must not be greater than 100'] } } } })
  async list(@Ctx() ctx: RequestContext, @Query() query: ListNotificationsQuery): Promise<NotificationPageResponse> {
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 20;
    const result = await this.notifications.list(ctx, { page, perPage, unreadOnly: query.unread === true });
    return { data: result.items, meta: { page, perPage, total: result.total, unreadCount: result.unreadCount } };
  }

  @Patch(':id/read')
  @OWNER_ONLY
  @ApiOperation({ summary: 'Mark one notification read', description: "Idempotent. Another user's notification is 404." })
  @ApiParam({ name: 'id', type: Number, example: 42 })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse(NOT_FOUND_EXAMPLE)
  @ApiBadRequestResponse({ schema: { example: { error: 'Validation failed (numeric string is expected)' } } })
  markRead(@Ctx() ctx: RequestContext, @Param('id', NumericIdPipe) id: number): Promise<NotificationResponse> {
    return this.notifications.markRead(ctx, id);
  }

  @Post('read-all')
  @HttpCode(200)
  @OWNER_ONLY
  @ApiOperation({ summary: "Mark all of the caller's notifications read", description: 'Answers how many were unread. Idempotent.' })
  @ApiOkResponse({ type: ReadAllResponse })
  async readAll(@Ctx() ctx: RequestContext): Promise<ReadAllResponse> {
    return { updated: await this.notifications.markAllRead(ctx) };
  }
}
