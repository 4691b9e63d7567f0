import { Body, Controller, Get, HttpCode, OnModuleInit, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { In } from 'typeorm';
import { DataSource } from 'typeorm';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext, RequestValidationError } from '@mm/core';
import { TicketMessage } from '@mm/messaging';
import { DESK_TICKET_RELATIONS, Ticket, TicketFeedback } from '@mm/ticket';
import { WebhookDeliveries, WebhookDelivery, WebhookEndpoint, WebhookEndpoints } from '@mm/webhooks';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import {
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointListDto,
  WebhookEndpointWithSecretDto,
  WebhookFeedbackDto,
  WebhookMessageDto,
} from './dto/webhook.dto';
import { DeskAdminAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { DeskTicketResponder } from './desk-ticket-responder';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 3 });

function presentEndpoint(endpoint: WebhookEndpoint): WebhookEndpointDto {
  const overlap = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? endpoint.previousSecretExpiresAt.toISOString() : null;
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    active: endpoint.active,
    description: endpoint.description,
    disabledReason: endpoint.active ? null : ((endpoint.disabledReason as 'gone' | 'failing' | null) ?? null),
    previousSecretExpiresAt: overlap,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

function presentDelivery(delivery: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: Number(delivery.id),
    eventId: delivery.eventId,
    type: delivery.type,
    status: delivery.status,
    attempts: delivery.attempts,
    lastResponseStatus: delivery.lastResponseStatus,
    lastError: delivery.lastError,
    nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
    createdAt: delivery.createdAt.toISOString(),
  };
}

/** A message as webhooks carry it (`message.created`: customer messages and staff replies; internal notes are never messages). */
function presentMessage(message: TicketMessage): WebhookMessageDto {
  return { id: message.id, ticketId: message.ticketId, senderId: message.senderId, senderType: message.senderType, body: message.body, attachments: message.attachments ?? [], createdAt: message.createdAt.toISOString() };
}

function presentFeedback(feedback: TicketFeedback): WebhookFeedbackDto {
  return { id: feedback.id, ticketId: feedback.ticketId, customerId: feedback.customerId, rating: feedback.rating, comment: feedback.comment, createdAt: feedback.createdAt.toISOString() };
}

/** Webhook endpoints and their delivery log (SPEC 7.6): admins with manage_webhooks. */
@DeskTag()
@Controller('api/desk/webhooks')
export class DeskWebhooksController implements OnModuleInit {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly deliveries: WebhookDeliveries,
    private readonly responder: DeskTicketResponder,
    private readonly dataSource: DataSource,
  ) {}

  /** Deliveries carry the desk ticket, whose shape this surface owns. */
  onModuleInit(): void {
    this.deliveries.presentWith({
      tickets: async (manager, ids) => {
        const tickets = await manager.find(Ticket, { where: { id: In(ids) }, relations: DESK_TICKET_RELATIONS });
        const presented = await this.responder.presentAll(tickets, manager);
        return new Map(tickets.map((t, i) => [t.id, presented[i]]));
      },
      messages: async (manager, ids) => new Map((await manager.find(TicketMessage, { where: { id: In(ids) } })).map((m) => [m.id, presentMessage(m)])),
      feedback: async (manager, ids) => new Map((await manager.find(TicketFeedback, { where: { id: In(ids) } })).map((f) => [f.id, presentFeedback(f)])),
    });
  }

  @Get()
  @DeskAdminAccess('manage_webhooks')
  @ApiOperation({ summary: 'Webhook endpoints' })
  @ApiOkResponse({ type: WebhookEndpointListDto })
  async list(): Promise<WebhookEndpointListDto> {
    return { data: (await this.endpoints.list(this.dataSource.manager)).map(presentEndpoint) };
  }

  @Post()
  @DeskAdminAccess('manage_webhooks')
  @ApiOperation({ summary: 'Create a webhook endpoint', description: 'The answer holds the signing secret; it is never shown again (rotate to get a new one).' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateWebhookRequest): Promise<WebhookEndpointWithSecretDto> {
    const endpoint = await this.endpoints.create(ctx, body);
    return { ...presentEndpoint(endpoint), secret: endpoint.secret };
  }

  @Get(':id')
  @DeskAdminAccess('manage_webhooks')
  @ID_PARAM
  @ApiOperation({ summary: 'A webhook endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  @ApiNotFoundResponse({ type: DeskErrorDto })
  async get(@Param('id', DeskIdPipe) id: number): Promise<WebhookEndpointDto> {
    return presentEndpoint(await this.endpoints.get(this.dataSource.manager, id));
  }

  @Patch(':id')
  @DeskAdminAccess('manage_webhooks')
  @ID_PARAM
  @ApiOperation({ summary: 'Change a webhook endpoint', description: '`active: false` pauses it; `active: true` turns a paused or disabled endpoint on again.' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  @ApiNotFoundResponse({ type: DeskErrorDto })
  async update(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: UpdateWebhookRequest): Promise<WebhookEndpointDto> {
    if (Object.keys(body ?? {}).length === 0) throw new RequestValidationError({ body: ['name at least one of url, events, active, description'] });
    return presentEndpoint(await this.endpoints.update(ctx, id, body));
  }

  @Post(':id/rotate-secret')
  @DeskAdminAccess('manage_webhooks')
  @HttpCode(200)
  @ID_PARAM
  @ApiOperation({ summary: 'Rotate the signing secret', description: 'Answers the new secret once; the previous one keeps signing (both signatures are sent) for 24 hours.' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  @ApiNotFoundResponse({ type: DeskErrorDto })
  async rotate(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<WebhookEndpointWithSecretDto> {
    const endpoint = await this.endpoints.rotateSecret(ctx, id);
    return { ...presentEndpoint(endpoint), secret: endpoint.secret };
  }

  @Get(':id/deliveries')
  @DeskAdminAccess('manage_webhooks')
  @ID_PARAM
  @ApiOperation({ summary: "An endpoint's deliveries, newest first", description: 'Kept 30 days.' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  @ApiNotFoundResponse({ type: DeskErrorDto })
  async deliveryLog(@Param('id', DeskIdPipe) id: number, @Query() query: CursorPageQuery): Promise<WebhookDeliveryPageDto> {
    await this.endpoints.get(this.dataSource.manager, id);
    const page = await this.deliveries.list(this.dataSource.manager, id, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor });
    return { data: page.items.map(presentDelivery), nextCursor: page.nextCursor };
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @DeskAdminAccess('manage_webhooks')
  @HttpCode(200)
  @ID_PARAM
  @ApiParam({ name: 'deliveryId', type: Number, example: 41 })
  @ApiOperation({ summary: 'Deliver again now', description: 'Same `webhook-id` and body; the delivery is pending until the attempt answers.' })
  @ApiOkResponse({ type: WebhookDeliveryDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto })
  @ApiNotFoundResponse({ type: DeskErrorDto })
  async retry(@Param('id', DeskIdPipe) id: number, @Param('deliveryId') deliveryId: string): Promise<WebhookDeliveryDto> {
    if (!/^[1-9]\d{0,17}$/.test(String(deliveryId))) throw new RequestValidationError({ deliveryId: ['deliveryId must be a positive integer written without leading zeros'] });
    return presentDelivery(await this.deliveries.retry(id, String(deliveryId)));
  }
}
