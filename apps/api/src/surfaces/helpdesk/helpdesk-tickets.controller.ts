import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig, RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { ConversationService, SendMessageService } from '@mm/messaging';
import { CreateTicketService, TicketDisclosure, TicketQueries, TicketSearch } from '@mm/ticket';
import { TicketIdPipe } from '../../platform/common/entity-id.pipe';
import { CreateHelpdeskTicketDto } from './dto/create-helpdesk-ticket.dto';
import {
  HelpdeskCountResponseDto,
  HelpdeskLatestResponseDto,
  HelpdeskListResponseDto,
  HelpdeskMessageResponseDto,
  HelpdeskMessagesResponseDto,
  HelpdeskTicketResponseDto,
} from './dto/helpdesk-responses.dto';
import { DEFAULT_PER_PAGE, ListHelpdeskTicketsQuery } from './dto/list-helpdesk-tickets.query';
import { DEFAULT_MESSAGES_LIMIT, ListHelpdeskMessagesQuery, SendHelpdeskMessageDto } from './dto/messages.dto';
import { DEFAULT_NAVBAR_LIMIT, NavbarLatestQuery } from './dto/navbar-latest.query';
import { HelpdeskErrorResponses, UNAUTHORIZED_TICKET } from './helpdesk.errors';
import { createdRange, helpdeskCounts, helpdeskLatest, helpdeskMessage, helpdeskTicket, laravelPaginator, listUrl } from './helpdesk.presenter';

const TICKET_PARAM = { name: 'ticket', type: 'integer', description: 'Ticket ID' } as const;

/**
 * Seed 003: tickets and their conversations for the customer web and the
 * staff consoles. "Admin" in the seed is staff: an admin sees every ticket,
 * an agent the tickets assigned to them and the unassigned queue.
 */
@ApiTags('helpdesk')
@Controller('api/support-tickets')
export class HelpdeskTicketsController {
  constructor(
    private readonly createTicket: CreateTicketService,
    private readonly tickets: TicketQueries,
    private readonly search: TicketSearch,
    private readonly disclosure: TicketDisclosure,
    private readonly messages: SendMessageService,
    private readonly conversation: ConversationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @Access({ roles: ['customer'], permissions: ['create_support_ticket'] })
  @ApiOperation({ summary: 'Create a support ticket (customers)', description: 'Canonical socket event `support:ticket_updated` (change `created`) to the customer and staff.' })
  @ApiCreatedResponse({ type: HelpdeskTicketResponseDto })
  @HelpdeskErrorResponses([401, 403, 409, 422, 429], { 403: 'This action is unauthorized.' })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateHelpdeskTicketDto): Promise<HelpdeskTicketResponseDto> {
    const { ticket } = await this.createTicket.create(ctx, {
      origin: 'helpdesk',
      subject: body.subject,
      description: body.description,
      priority: body.priority,
      category: body.category,
    });
    const created = await this.tickets.get(ctx, ticket.id, ['customer']);
    return { success: true, message: 'Support ticket created successfully', data: helpdeskTicket(created, { customer: 'basic' }) };
  }

  @Get()
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: 'List support tickets',
    description:
      "Customers: their own tickets (and group tickets they belong to); `customer_id`, `assigned_to`, `date_from` and `date_to` are ignored for them. Agents: tickets assigned to them and the unassigned queue. Admins: all. Newest first by default; Laravel's length-aware paginator.",
  })
  @ApiOkResponse({ type: HelpdeskListResponseDto })
  @HelpdeskErrorResponses([401, 403, 422, 429])
  async list(@Ctx() ctx: RequestContext, @Query() query: ListHelpdeskTicketsQuery, @Req() request: FastifyRequest): Promise<HelpdeskListResponseDto> {
    const page = query.page ?? 1;
    const perPage = query.per_page ?? DEFAULT_PER_PAGE;
    const { tickets, total, exact } = await this.search.page(
      ctx,
      {
        status: query.status,
        priority: query.priority,
        category: query.category,
        search: query.search,
        customerId: query.customer_id,
        assigneeId: query.assigned_to,
        ...createdRange(query.date_from, query.date_to),
      },
      { by: query.sort_by ?? 'created_at', direction: query.sort_order === 'asc' ? 'ASC' : 'DESC' },
      { limit: perPage, offset: (page - 1) * perPage },
    );
    const data = tickets.map((ticket) => helpdeskTicket(ticket, { customer: 'basic', assignedAdmin: true }));
    return { success: true, data: laravelPaginator(data, total, page, perPage, listUrl(request, this.config.publicBaseUrl), exact) };
  }

  @Get('navbar/count')
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: 'Ticket counts for the navbar badge',
    description:
      'Customer shape `{total_unresolved, unread_count, count}`; staff shape `{total_tickets, open_tickets, in_progress_tickets, unread_count, count}` over the active tickets (not resolved or closed) in their view. `count` is `unread_count` when above zero, otherwise the unresolved/active total.',
  })
  @ApiOkResponse({ type: HelpdeskCountResponseDto })
  @HelpdeskErrorResponses([401, 403, 429])
  async count(@Ctx() ctx: RequestContext): Promise<HelpdeskCountResponseDto> {
    return helpdeskCounts(await this.search.counts(ctx));
  }

  @Get('navbar/latest')
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({ summary: 'Latest tickets for the navbar dropdown', description: 'Newest first, the caller’s view.' })
  @ApiOkResponse({ type: HelpdeskLatestResponseDto })
  @HelpdeskErrorResponses([401, 403, 422, 429])
  async latest(@Ctx() ctx: RequestContext, @Query() query: NavbarLatestQuery): Promise<HelpdeskLatestResponseDto> {
    const tickets = await this.search.latest(ctx, query.limit ?? DEFAULT_NAVBAR_LIMIT);
    return { success: true, data: tickets.map(helpdeskLatest) };
  }

  @Get(':ticket')
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({ summary: 'A single ticket', description: 'A ticket that exists but is not in your view is 403 (as the seed documents), a missing one 404.' })
  @ApiParam(TICKET_PARAM)
  @ApiOkResponse({ type: HelpdeskTicketResponseDto })
  @HelpdeskErrorResponses([401, 403, 404, 429])
  async show(@Ctx() ctx: RequestContext, @Param('ticket', TicketIdPipe) ticketId: number): Promise<HelpdeskTicketResponseDto> {
    const ticket = await this.disclosure.forbidHidden(ticketId, UNAUTHORIZED_TICKET, () => this.tickets.get(ctx, ticketId, ['customer', 'assignee', 'lastRepliedByUser']));
    return { success: true, data: helpdeskTicket(ticket, { customer: 'contact', assignedAdmin: true, lastRepliedByUser: true }) };
  }

  @Get(':ticket/messages')
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: "A ticket's messages (marks it read)",
    description:
      'The newest `limit` messages, oldest first (`before_id` pages back). Side effect: every unread message of the other side is marked read and the ticket is read for your side (`support:message_read`).',
  })
  @ApiParam(TICKET_PARAM)
  @ApiOkResponse({ type: HelpdeskMessagesResponseDto })
  @HelpdeskErrorResponses([401, 403, 404, 422, 429])
  async messagesOf(@Ctx() ctx: RequestContext, @Param('ticket', TicketIdPipe) ticketId: number, @Query() query: ListHelpdeskMessagesQuery): Promise<HelpdeskMessagesResponseDto> {
    const messages = await this.disclosure.forbidHidden(ticketId, UNAUTHORIZED_TICKET, () =>
      this.conversation.open(ctx, ticketId, { limit: query.limit ?? DEFAULT_MESSAGES_LIMIT, beforeId: query.before_id }),
    );
    return { success: true, data: messages.map(helpdeskMessage) };
  }

  @Post(':ticket/messages')
  @HttpCode(201)
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['send_support_message'] })
  @ApiOperation({
    summary: 'Send a message',
    description:
      'Customers (owner or group member) and staff working the ticket (admins; agents on tickets assigned to them). An agent replying on an unassigned ticket takes it (assigned to them, in progress). A reply reopens a resolved or closed ticket: the customer’s to `open`, staff’s to `in_progress`. Socket event `support:message_created`.',
  })
  @ApiParam(TICKET_PARAM)
  @ApiCreatedResponse({ type: HelpdeskMessageResponseDto })
  @HelpdeskErrorResponses([401, 403, 404, 409, 422, 429])
  async send(@Ctx() ctx: RequestContext, @Param('ticket', TicketIdPipe) ticketId: number, @Body() body: SendHelpdeskMessageDto): Promise<HelpdeskMessageResponseDto> {
    const { message } = await this.disclosure.forbidHidden(ticketId, UNAUTHORIZED_TICKET, () =>
      this.messages.send(ctx, ticketId, { body: body.message, attachments: body.attachments }),
    );
    return { success: true, message: 'Message sent successfully', data: helpdeskMessage(message) };
  }
}
