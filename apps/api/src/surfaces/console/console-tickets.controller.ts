import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { isStaff, RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import {
  AssignTicketService,
  ChangeStatusService,
  CreateTicketService,
  FeedbackService,
  InternalNotesService,
  NEWEST_FIRST,
  TicketDisclosure,
  TicketQueries,
  TicketSearch,
} from '@mm/ticket';
import { TicketIdPipe } from '../../platform/common/entity-id.pipe';
import { AddNoteDto, CreateConsoleTicketDto, FeedbackDto, PageQuery, ReassignDto, UpdateStatusDto } from './dto/console-requests.dto';
import {
  ConsoleAssignedResponseDto,
  ConsoleCreatedResponseDto,
  ConsoleFeedbackResponseDto,
  ConsoleNoteResponseDto,
  ConsoleOwnTicketsResponseDto,
  ConsoleReassignedResponseDto,
  ConsoleStatusResponseDto,
  ConsoleTicketDetailsDto,
} from './dto/console-responses.dto';
import { CONSOLE_401, CONSOLE_403, CONSOLE_404, CONSOLE_IDEMPOTENCY, ConsoleErrorResponses } from './console.errors';
import { consoleFeedback, consoleNote, consoleOwnTicket, consoleTicketDetails, consoleTime, sid, storedCategory, storedPriority, storedStatus, title } from './console.presenter';
import { pageOf, sliceOf } from './console-pages';

const TICKET_PARAM = { name: 'ticket_id', schema: { type: 'integer', minimum: 1 }, example: 12, description: 'Ticket ID' } as const;

/** Seed 004 403 messages for a ticket that exists but is not the caller's. */
const NOT_YOURS = {
  customer: 'You can only view your own tickets',
  staff: 'You can only access tickets assigned to you or in the unassigned queue',
};
const notYours = (ctx: RequestContext) => (isStaff(ctx.actor) ? NOT_YOURS.staff : NOT_YOURS.customer);

/**
 * Seed 004: support tickets in the agent and admin consoles, and the
 * customer's side of them (create, own list, feedback). Agents see and take
 * the unassigned queue and work the tickets assigned to them; admins all.
 */
@ApiTags('console')
@Controller('api/support/tickets')
export class ConsoleTicketsController {
  constructor(
    private readonly createTicket: CreateTicketService,
    private readonly tickets: TicketQueries,
    private readonly search: TicketSearch,
    private readonly disclosure: TicketDisclosure,
    private readonly changeStatus: ChangeStatusService,
    private readonly assignment: AssignTicketService,
    private readonly notes: InternalNotesService,
    private readonly feedback: FeedbackService,
  ) {}

  @Post('create')
  @HttpCode(201)
  @Access({ roles: ['customer'], permissions: ['create_support_ticket'] })
  @ApiOperation({ summary: 'Create a support ticket', description: '`delivery_id`, when given, must be one of your orders (its id, as a string).' })
  @ApiCreatedResponse({ type: ConsoleCreatedResponseDto })
  @ConsoleErrorResponses({ 400: { subject: ['This field is required.'], delivery_id: ['Order not found'] }, 401: CONSOLE_401, 403: CONSOLE_403, ...CONSOLE_IDEMPOTENCY })
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateConsoleTicketDto): Promise<ConsoleCreatedResponseDto> {
    const { ticket } = await this.createTicket.create(ctx, {
      origin: 'console',
      subject: body.subject,
      description: body.description,
      category: storedCategory(body.category),
      orderId: body.delivery_id === undefined || body.delivery_id === null ? null : Number(body.delivery_id),
    });
    return {
      message: 'Support ticket created successfully',
      ticket: { id: String(ticket.id), subject: ticket.subject, status: title(ticket.status), created_at: consoleTime(ticket.createdAt) },
    };
  }

  @Get()
  @Access({ roles: ['customer'], permissions: ['track_support_ticket'] })
  @ApiOperation({ summary: 'Your tickets', description: 'Newest first, `page_size` at a time (`Link: <…>; rel="next"` when there are more).' })
  @ApiOkResponse({ type: ConsoleOwnTicketsResponseDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: CONSOLE_403 })
  async own(
    @Ctx() ctx: RequestContext,
    @Query() query: PageQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsoleOwnTicketsResponseDto> {
    const slice = sliceOf(query);
    const tickets = await this.search.list(ctx, {}, NEWEST_FIRST, slice);
    return { tickets: pageOf(tickets, slice, request, reply).map(consoleOwnTicket) };
  }

  @Get(':ticket_id')
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: 'Ticket details',
    description:
      'Customers: their own tickets, exactly the documented fields (no `internal_notes` key). Agents: assigned to them or unassigned. Admins: any. ' +
      'Staff also get, beyond seed 004, `escalation_level`, the `ride` / `order` / `booking` it is about and its `history` (newest first).',
  })
  @ApiParam(TICKET_PARAM)
  @ApiOkResponse({ type: ConsoleTicketDetailsDto })
  @ConsoleErrorResponses({ 401: CONSOLE_401, 403: { error: NOT_YOURS.customer }, 404: CONSOLE_404 })
  async details(@Ctx() ctx: RequestContext, @Param('ticket_id', TicketIdPipe) ticketId: number): Promise<ConsoleTicketDetailsDto> {
    return this.disclosure.forbidHidden(ticketId, notYours(ctx), async () => {
      if (!isStaff(ctx.actor)) return consoleTicketDetails(await this.tickets.get(ctx, ticketId), null);
      // A fixed number of queries: the ticket with its references, the notes, the history.
      const ticket = await this.tickets.get(ctx, ticketId, ['ride', 'order', 'booking']);
      const notes = await this.notes.list(ctx, ticketId);
      const history = await this.tickets.history(ctx, ticketId);
      return consoleTicketDetails(ticket, { notes, history });
    });
  }

  @Put(':ticket_id/update-status')
  @Access({ roles: ['agent', 'admin'], permissions: ['manage_support_ticket'] })
  @ApiOperation({
    summary: 'Update the status (and priority)',
    description: 'The assigned agent or an admin, along the workflow; a forbidden move is 400 `{"status": [...]}`. Socket events `support:ticket_updated`.',
  })
  @ApiParam(TICKET_PARAM)
  @ApiOkResponse({ type: ConsoleStatusResponseDto })
  @ConsoleErrorResponses({ 400: { status: ['A ticket cannot move from open to resolved'] }, 401: CONSOLE_401, 403: { error: 'This ticket is not assigned to you' }, 404: CONSOLE_404 })
  async updateStatus(@Ctx() ctx: RequestContext, @Param('ticket_id', TicketIdPipe) ticketId: number, @Body() body: UpdateStatusDto): Promise<ConsoleStatusResponseDto> {
    const ticket = await this.disclosure.forbidHidden(ticketId, notYours(ctx), () =>
      this.changeStatus.change(ctx, ticketId, { status: storedStatus(body.status), priority: body.priority == null ? undefined : storedPriority(body.priority) }),
    );
    return { message: 'Ticket status updated successfully', ticket: { id: String(ticket.id), status: title(ticket.status), priority: title(ticket.priority) } };
  }

  @Post(':ticket_id/assign-self')
  @HttpCode(200)
  @Access({ roles: ['agent', 'admin'], permissions: ['assign_support_ticket'] })
  @ApiOperation({
    summary: 'Take a ticket from the unassigned queue',
    description: 'An open or escalated ticket moves to In Progress. Already assigned (to anyone, you included) is 400. Socket event `support:ticket_assigned`.',
  })
  @ApiParam(TICKET_PARAM)
  @ApiOkResponse({ type: ConsoleAssignedResponseDto })
  @ConsoleErrorResponses({ 400: { ticket: ['Ticket is already assigned'] }, 401: CONSOLE_401, 403: { error: 'Your agent account is awaiting admin approval' }, 404: CONSOLE_404 })
  async assignSelf(@Ctx() ctx: RequestContext, @Param('ticket_id', TicketIdPipe) ticketId: number): Promise<ConsoleAssignedResponseDto> {
    const ticket = await this.assignment.assignSelf(ctx, ticketId);
    return { message: 'Ticket assigned to you successfully', ticket: { id: String(ticket.id), status: title(ticket.status), agent_id: String(ticket.assigneeId) } };
  }

  @Post(':ticket_id/reassign')
  @HttpCode(200)
  @Access({ roles: ['admin'], permissions: ['reassign_support_ticket'] })
  @ApiOperation({ summary: 'Reassign a ticket (admins)', description: 'To an approved support agent; its status stays. Socket event `support:ticket_assigned`.' })
  @ApiParam(TICKET_PARAM)
  @ApiOkResponse({ type: ConsoleReassignedResponseDto })
  @ConsoleErrorResponses({ 400: { agent_id: ['This field is required.'] }, 401: CONSOLE_401, 403: CONSOLE_403, 404: { error: 'Agent not found' } })
  async reassign(@Ctx() ctx: RequestContext, @Param('ticket_id', TicketIdPipe) ticketId: number, @Body() body: ReassignDto): Promise<ConsoleReassignedResponseDto> {
    const ticket = await this.assignment.reassign(ctx, ticketId, Number(body.agent_id));
    return { message: 'Ticket reassigned successfully', ticket: { id: String(ticket.id), agent_id: sid(ticket.assigneeId)! } };
  }

  @Post(':ticket_id/add-note')
  @HttpCode(201)
  @Access({ roles: ['agent', 'admin'], permissions: ['add_internal_note'] })
  @ApiOperation({
    summary: 'Add an internal note',
    description: 'The assigned agent or an admin. Staff only: never shown or sent to the customer (socket event `support:note_created` to staff).',
  })
  @ApiParam(TICKET_PARAM)
  @ApiCreatedResponse({ type: ConsoleNoteResponseDto })
  @ConsoleErrorResponses({ 400: { note: ['This field may not be blank.'] }, 401: CONSOLE_401, 403: { error: 'This ticket is not assigned to you' }, 404: CONSOLE_404, ...CONSOLE_IDEMPOTENCY })
  async addNote(@Ctx() ctx: RequestContext, @Param('ticket_id', TicketIdPipe) ticketId: number, @Body() body: AddNoteDto): Promise<ConsoleNoteResponseDto> {
    const note = await this.disclosure.forbidHidden(ticketId, notYours(ctx), () => this.notes.add(ctx, ticketId, body.note));
    return { message: 'Internal note added successfully', note: consoleNote(note) };
  }

  @Post(':ticket_id/feedback')
  @HttpCode(201)
  @Access({ roles: ['customer'], permissions: ['submit_support_feedback'] })
  @ApiOperation({ summary: 'Rate how a ticket was handled', description: "The ticket's own customer, once it is Resolved or Closed, once." })
  @ApiParam(TICKET_PARAM)
  @ApiCreatedResponse({ type: ConsoleFeedbackResponseDto })
  @ConsoleErrorResponses({
    400: { ticket: ['Feedback can only be submitted once the ticket is resolved or closed'] },
    401: CONSOLE_401,
    403: { error: NOT_YOURS.customer },
    404: CONSOLE_404,
    ...CONSOLE_IDEMPOTENCY,
  })
  async submitFeedback(@Ctx() ctx: RequestContext, @Param('ticket_id', TicketIdPipe) ticketId: number, @Body() body: FeedbackDto): Promise<ConsoleFeedbackResponseDto> {
    const feedback = await this.disclosure.forbidHidden(ticketId, NOT_YOURS.customer, () =>
      this.feedback.submit(ctx, ticketId, { rating: Number(body.rating), comment: body.comment ?? null }),
    );
    return { message: 'Feedback submitted successfully', feedback: consoleFeedback(feedback) };
  }
}
