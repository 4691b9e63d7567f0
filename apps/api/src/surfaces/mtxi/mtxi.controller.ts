import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GAMIFICATION_DAILY_CAP_DEFAULT, RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { describeReward, gamificationErrorOf } from '@mm/gamification';
import { CloseTicketService, CreateTicketService, EscalateTicketService, TicketCommandResult, TicketQueries } from '@mm/ticket';
import { CreateMtxiTicketDto } from './dto/create-mtxi-ticket.dto';
import { MtxiActionResponseDto, MtxiCreatedResponseDto, MtxiTicketResponseDto } from './dto/mtxi-responses.dto';
import { MtxiTicketIdDto, MtxiTicketParams } from './dto/mtxi-ticket-id.dto';
import { MtxiErrorResponses } from './mtxi.errors';
import { mtxiAction, mtxiCreated, mtxiServiceType, mtxiTicket } from './mtxi.presenter';

const reward = (result: TicketCommandResult) => (result.reward ? gamificationErrorOf(result.reward) : null);

/** Seed 001: the mtxi app's support tickets about rides, orders, bookings, event services and in-dining orders. */
@ApiTags('mtxi')
@Controller('api/customer/mtxi/support')
export class MtxiController {
  constructor(
    private readonly createTicket: CreateTicketService,
    private readonly escalateTicket: EscalateTicketService,
    private readonly closeTicket: CloseTicketService,
    private readonly tickets: TicketQueries,
  ) {}

  @Post()
  @HttpCode(200)
  @Access({ roles: ['customer'], permissions: ['create_support_ticket'] })
  @ApiOperation({
    summary: 'Create a support ticket',
    description:
      'The reference must be yours (a ride you rode on counts). Group members must be customers, and people on the ride when it lists passengers. ' +
      `Socket event \`support:ticket_created\`; awards ${describeReward('ticket_created')} (at most ${GAMIFICATION_DAILY_CAP_DEFAULT} a day: then \`gamificationError\`).`,
  })
  @ApiOkResponse({ type: MtxiCreatedResponseDto })
  @MtxiErrorResponses(
    'INVALID_TICKET',
    'INVALID_SERVICE_TYPE',
    'INVALID_ISSUE_TYPE',
    'RIDE_NOT_FOUND',
    'ORDER_FAILED',
    'BOOKING_FAILED',
    'CUSTOMER_NOT_FOUND',
    'UNAUTHORIZED',
    'PERMISSION_DENIED',
  )
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateMtxiTicketDto): Promise<MtxiCreatedResponseDto> {
    const serviceType = mtxiServiceType(body.serviceType);
    const result = await this.createTicket.create(ctx, {
      origin: 'mtxi',
      serviceType,
      category: body.issueType.trim().toLowerCase(),
      description: body.description,
      rideId: body.rideId,
      orderId: body.orderId,
      bookingId: body.bookingId,
      groupCustomerIds: body.groupCustomerIds ?? [],
    });
    return mtxiCreated(result.ticket, reward(result));
  }

  @Post('escalate')
  @HttpCode(200)
  @Access({ roles: ['customer'], permissions: ['escalate_support_ticket'] })
  @ApiOperation({
    summary: 'Escalate an unresolved support ticket',
    description: `Only the ticket's customer. Raises the priority one step. Socket event \`support:ticket_escalated\`; awards ${describeReward('ticket_escalated')} (daily cap).`,
  })
  @ApiOkResponse({ type: MtxiActionResponseDto })
  @MtxiErrorResponses('INVALID_TICKET', 'SUPPORT_TICKET_NOT_ESCALATABLE', 'UNAUTHORIZED', 'PERMISSION_DENIED', 'SUPPORT_TICKET_NOT_FOUND')
  async escalate(@Ctx() ctx: RequestContext, @Body() body: MtxiTicketIdDto): Promise<MtxiActionResponseDto> {
    const result = await this.escalateTicket.escalate(ctx, body.ticketId);
    return mtxiAction('Ticket escalated', result.ticket, reward(result));
  }

  @Post('close')
  @HttpCode(200)
  @Access({ roles: ['customer'], permissions: ['close_support_ticket'] })
  @ApiOperation({
    summary: 'Close a resolved support ticket',
    description: `Only the ticket's customer, only once resolved. Socket event \`support:ticket_closed\`; awards ${describeReward('ticket_closed')}.`,
  })
  @ApiOkResponse({ type: MtxiActionResponseDto })
  @MtxiErrorResponses('INVALID_TICKET', 'UNAUTHORIZED', 'PERMISSION_DENIED', 'SUPPORT_TICKET_NOT_FOUND')
  async close(@Ctx() ctx: RequestContext, @Body() body: MtxiTicketIdDto): Promise<MtxiActionResponseDto> {
    const result = await this.closeTicket.close(ctx, body.ticketId);
    return mtxiAction('Ticket closed', result.ticket, reward(result));
  }

  @Get(':ticketId')
  @Access({ roles: ['customer'], permissions: ['track_support_ticket'] })
  @ApiOperation({ summary: 'Track a support ticket', description: 'Yours, or one you are a group member of.' })
  @ApiOkResponse({ type: MtxiTicketResponseDto })
  @MtxiErrorResponses('INVALID_TICKET', 'UNAUTHORIZED', 'PERMISSION_DENIED', 'SUPPORT_TICKET_NOT_FOUND')
  async track(@Ctx() ctx: RequestContext, @Param() params: MtxiTicketParams): Promise<MtxiTicketResponseDto> {
    return mtxiTicket(await this.tickets.get(ctx, params.ticketId, ['ride', 'order', 'booking']));
  }
}
