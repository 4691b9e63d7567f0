import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@mm/core';
import { describeReward } from '@mm/gamification';
import { Access, Ctx } from '@mm/auth';
import { CreateTicketService, EscalateTicketService, TicketQueries } from '@mm/ticket';
import { CreateMunchTicketDto } from './dto/create-munch-ticket.dto';
import { EscalateMunchTicketDto } from './dto/escalate-munch-ticket.dto';
import { MunchTicketRefResponseDto, MunchTicketStatusResponseDto } from './dto/munch-responses.dto';
import { MunchTicketParams } from './dto/munch-ticket-params.dto';
import { MunchErrorResponses } from './munch.errors';
import { munchTicketRef, munchTicketStatus } from './munch.presenter';

/** Seed 000: the munch app's support tickets about its orders. */
@ApiTags('munch')
@Controller('api/customer/munch/support')
export class MunchController {
  constructor(
    private readonly createTicket: CreateTicketService,
    private readonly escalateTicket: EscalateTicketService,
    private readonly tickets: TicketQueries,
  ) {}

  @Post('ticket')
  @HttpCode(200)
  @Access({ roles: ['customer'], permissions: ['create_support_ticket'] })
  @ApiOperation({
    summary: 'Create a support ticket for an order',
    description: `The order must be one of your munch orders. Socket event \`support:ticket:created\`; awards ${describeReward('ticket_created')} (daily cap).`,
  })
  @ApiOkResponse({ type: MunchTicketRefResponseDto })
  @MunchErrorResponses('INVALID_REQUEST', 'INVALID_ISSUE_TYPE', 'UNAUTHORIZED', 'PERMISSION_DENIED', 'CUSTOMER_NOT_FOUND', 'ORDER_NOT_FOUND')
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateMunchTicketDto): Promise<MunchTicketRefResponseDto> {
    const { ticket } = await this.createTicket.create(ctx, {
      origin: 'munch',
      category: body.issueType.trim().toLowerCase(),
      description: body.description,
      orderId: body.orderId,
    });
    return munchTicketRef(ticket);
  }

  @Get('ticket/:ticketId/status')
  @Access({ roles: ['customer'], permissions: ['track_support_ticket'] })
  @ApiOperation({ summary: 'Track the status of a support ticket', description: 'Your own tickets only.' })
  @ApiOkResponse({ type: MunchTicketStatusResponseDto })
  @MunchErrorResponses('INVALID_REQUEST', 'UNAUTHORIZED', 'PERMISSION_DENIED', 'CUSTOMER_NOT_FOUND', 'TICKET_NOT_FOUND')
  async status(@Ctx() ctx: RequestContext, @Param() params: MunchTicketParams): Promise<MunchTicketStatusResponseDto> {
    return munchTicketStatus(await this.tickets.status(ctx, params.ticketId));
  }

  @Put('ticket/escalate')
  @Access({ roles: ['customer'], permissions: ['escalate_support_ticket'] })
  @ApiOperation({
    summary: 'Escalate an unresolved support ticket',
    description: `Raises the priority one step. Socket event \`support:ticket:escalated\`; awards ${describeReward('ticket_escalated')} (daily cap).`,
  })
  @ApiOkResponse({ type: MunchTicketRefResponseDto })
  @MunchErrorResponses('INVALID_REQUEST', 'TICKET_ALREADY_ESCALATED', 'CANNOT_ESCALATE_TICKET', 'UNAUTHORIZED', 'PERMISSION_DENIED', 'CUSTOMER_NOT_FOUND', 'TICKET_NOT_FOUND')
  async escalate(@Ctx() ctx: RequestContext, @Body() body: EscalateMunchTicketDto): Promise<MunchTicketRefResponseDto> {
    const { ticket } = await this.escalateTicket.escalate(ctx, body.ticketId);
    return munchTicketRef(ticket);
  }
}
