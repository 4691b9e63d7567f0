import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { NEWEST_FIRST, TicketSearch } from '@mm/ticket';
import { StatusFilterQuery } from './dto/console-requests.dto';
import { ConsoleAdminTicketsResponseDto, ConsoleAgentTicketsResponseDto } from './dto/console-responses.dto';
import { CONSOLE_401, CONSOLE_403, ConsoleErrorResponses } from './console.errors';
import { consoleAdminTicket, consoleAgentTicket, storedStatus } from './console.presenter';
import { pageOf, sliceOf } from './console-pages';

/** Seed 004: the agent's work queue and the admin's view of every ticket. */
@ApiTags('console')
@Controller('api')
export class ConsoleQueuesController {
  constructor(private readonly search: TicketSearch) {}

  @Get('agent/tickets')
  @Access({ roles: ['agent', 'admin'], permissions: ['view_support_ticket'] })
  @ApiOperation({
    summary: "The agent's tickets",
    description: 'Tickets assigned to you and the unassigned queue, newest first; `status` filters (Open, In Progress, On Hold, Escalated, Resolved, Closed). 403 until an admin approves you.',
  })
  @ApiOkResponse({ type: ConsoleAgentTicketsResponseDto })
  @ConsoleErrorResponses({ 400: { status: ['"Pending" is not a valid choice.'] }, 401: CONSOLE_401, 403: { error: 'Your agent account is awaiting admin approval' } })
  async agentTickets(
    @Ctx() ctx: RequestContext,
    @Query() query: StatusFilterQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsoleAgentTicketsResponseDto> {
    const slice = sliceOf(query);
    const tickets = await this.search.list(ctx, { status: query.status ? storedStatus(query.status) : undefined, myQueue: true }, NEWEST_FIRST, slice);
    return { tickets: pageOf(tickets, slice, request, reply).map(consoleAgentTicket) };
  }

  @Get('admin/support/tickets')
  @Access({ roles: ['admin'], permissions: ['manage_support_ticket'] })
  @ApiOperation({ summary: 'Every support ticket (admins)', description: 'Newest first; `status` filters.' })
  @ApiOkResponse({ type: ConsoleAdminTicketsResponseDto })
  @ConsoleErrorResponses({ 400: { status: ['"Pending" is not a valid choice.'] }, 401: CONSOLE_401, 403: CONSOLE_403 })
  async allTickets(
    @Ctx() ctx: RequestContext,
    @Query() query: StatusFilterQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsoleAdminTicketsResponseDto> {
    const slice = sliceOf(query);
    const tickets = await this.search.list(ctx, { status: query.status ? storedStatus(query.status) : undefined }, NEWEST_FIRST, slice);
    return { tickets: pageOf(tickets, slice, request, reply).map(consoleAdminTicket) };
  }
}
