import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GAMIFICATION_DAILY_CAP_DEFAULT, RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { describeReward, gamificationErrorOf } from '@mm/gamification';
import { CreateTicketService, EscalateTicketService, TicketCommandResult, TicketQueries } from '@mm/ticket';
import { CreateMtablesTicketDto, MtablesTicketParams } from './dto/create-mtables-ticket.dto';
import { MtablesCreatedResponseDto, MtablesEscalatedResponseDto, MtablesTicketResponseDto } from './dto/mtables-responses.dto';
import { MtablesErrorResponses } from './mtables.errors';
import { mtablesCreated, mtablesEscalated, mtablesTicket } from './mtables.presenter';

const reward = (result: TicketCommandResult) => (result.reward ? gamificationErrorOf(result.reward) : null);

/** Seed 002: the mtables app's support tickets about bookings and in-dining orders. */
@ApiTags('mtables')
@Controller('api/customer/mtables/support/tickets')
export class MtablesController {
  constructor(
    private readonly createTicket: CreateTicketService,
    private readonly escalateTicket: EscalateTicketService,
    private readonly tickets: TicketQueries,
  ) {}

  @Post()
  @HttpCode(200)
  @Access({ roles: ['customer'], permissions: ['create_support_ticket'] })
  @ApiOperation({
    summary: 'Create a support ticket',
    description:
      'bookingId and orderId are optional; each must be yours (orderId: an mtables order). Any failure is 400 SUPPORT_TICKET_CREATION_FAILED. ' +
      `Socket event \`support:ticket_created\`; awards ${describeReward('ticket_created')} (at most ${GAMIFICATION_DAILY_CAP_DEFAULT} a day: then \`gamificationError\`).`,
  })
  @ApiOkResponse({ type: MtablesCreatedResponseDto })
  @MtablesErrorResponses('SUPPORT_TICKET_CREATION_FAILED', 'UNAUTHORIZED', 'Forbidden')
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateMtablesTicketDto): Promise<MtablesCreatedResponseDto> {
    const result = await this.createTicket.create(ctx, {
      origin: 'mtables',
      category: body.issueType.trim(),
      description: body.description,
      bookingId: body.bookingId,
      orderId: body.orderId,
    });
    return mtablesCreated(result.ticket, reward(result));
  }

  @Get(':ticketId')
  @Access({ roles: ['customer'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: 'Track the status of a support ticket',
    description: 'snake_case keys. A missing ticket, or one that is not yours, is 400 TICKET_STATUS_TRACKING_FAILED.',
  })
  @ApiOkResponse({ type: MtablesTicketResponseDto })
  @MtablesErrorResponses('TICKET_STATUS_TRACKING_FAILED', 'UNAUTHORIZED', 'Forbidden')
  async track(@Ctx() ctx: RequestContext, @Param() params: MtablesTicketParams): Promise<MtablesTicketResponseDto> {
    return mtablesTicket(await this.tickets.get(ctx, params.ticketId));
  }

  @Post(':ticketId/escalate')
  @HttpCode(200)
  @Access({ roles: ['customer'], permissions: ['escalate_support_ticket'] })
  @ApiOperation({
    summary: 'Escalate an unresolved support ticket',
    description:
      'Raises the priority one step. Already escalated, resolved, closed, missing or not yours: 400 TICKET_ESCALATION_FAILED. ' +
      `Socket event \`support:ticket_escalated\`; awards ${describeReward('ticket_escalated')} (daily cap).`,
  })
  @ApiOkResponse({ type: MtablesEscalatedResponseDto })
  @MtablesErrorResponses('TICKET_ESCALATION_FAILED', 'UNAUTHORIZED', 'Forbidden')
  async escalate(@Ctx() ctx: RequestContext, @Param() params: MtablesTicketParams): Promise<MtablesEscalatedResponseDto> {
    const result = await this.escalateTicket.escalate(ctx, params.ticketId);
    return mtablesEscalated(result.ticket, reward(result));
  }
}
