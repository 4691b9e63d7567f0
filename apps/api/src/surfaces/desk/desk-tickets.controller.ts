import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext, RequestValidationError } from '@mm/core';
import { DeskTicketFilters, DeskTickets, MAX_ID } from '@mm/ticket';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { DeskTicketDto, DeskTicketPageDto } from './dto/desk-ticket.response';
import { ASSIGNEE_MESSAGE, ListDeskTicketsQuery } from './dto/list-desk-tickets.query';
import { SetTagsRequest } from './dto/set-tags.request';
import { DeskAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { DeskTicketResponder } from './desk-ticket-responder';
import { parseIfMatch } from './if-match';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 123 });
const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'The ETag the change was made against, e.g. `"3"`: a stale one is 412 with the current ticket' });
const NOT_FOUND = ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such ticket, or one the caller does not see (an agent sees their own tickets and the unassigned queue)' });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid parameter, body or If-Match: `errors` names each' });
const STALE = ApiResponse({ status: 412, type: DeskTicketDto, description: 'If-Match names an older version: nothing changed; the body is the ticket as it now is (with its ETag)' });

/** The staff ticket resource (SPEC 7.1): read, list and tag tickets within the caller's visibility. */
@DeskTag()
@Controller('api/desk/tickets')
export class DeskTicketsController {
  constructor(
    private readonly tickets: DeskTickets,
    private readonly responder: DeskTicketResponder,
  ) {}

  @Get()
  @DeskAccess()
  @ApiOperation({
    summary: 'Tickets the caller sees, filtered and sorted, a cursor page at a time',
    description: 'Agents: their own tickets and the unassigned queue; admins: every ticket. `{data, nextCursor}`; follow `nextCursor` until it is null.',
  })
  @ApiOkResponse({ type: DeskTicketPageDto })
  @INVALID
  async list(@Ctx() ctx: RequestContext, @Query() query: ListDeskTicketsQuery): Promise<DeskTicketPageDto> {
    const sort = query.sort ?? 'created_at';
    // Most urgent first is what sorting by due time is for.
    const order = query.order ?? (sort === 'sla_due' ? 'asc' : 'desc');
    const page = await this.tickets.list(ctx, filtersOf(query), sort, order, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor });
    return this.responder.page(page);
  }

  @Get(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'One desk ticket, with its ETag' })
  @ID_PARAM
  @ApiOkResponse({ type: DeskTicketDto, headers: { ETag: { description: 'The ticket\'s version, e.g. `"3"`', schema: { type: 'string' } } } })
  @INVALID
  @NOT_FOUND
  async get(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeskTicketDto> {
    return this.responder.send(reply, await this.tickets.get(ctx, id));
  }

  @Put(':id/tags')
  @DeskAccess()
  @ApiOperation({
    summary: "Replace the ticket's tags",
    description: 'Staff working the ticket (its agent, or an admin). Tags are trimmed and lower-cased, 1-40 characters, at most 20; the change is in the history.',
  })
  @ID_PARAM
  @IF_MATCH
  @ApiOkResponse({ type: DeskTicketDto })
  @INVALID
  @NOT_FOUND
  @STALE
  setTags(
    @Ctx() ctx: RequestContext,
    @Param('id', DeskIdPipe) id: number,
    @Body() body: SetTagsRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeskTicketDto> {
    const version = parseIfMatch(ifMatch);
    return this.responder.change(ctx, reply, id, () => this.tickets.setTags(ctx, id, body.tags, version));
  }
}

function filtersOf(query: ListDeskTicketsQuery): DeskTicketFilters {
  const assignee = query.assignee === undefined || query.assignee === 'me' || query.assignee === 'unassigned' ? query.assignee : Number(query.assignee);
  if (typeof assignee === 'number' && assignee > MAX_ID) throw new RequestValidationError({ assignee: [ASSIGNEE_MESSAGE] });
  return {
    status: query.status,
    priority: query.priority,
    origin: query.origin,
    category: query.category,
    tag: query.tag,
    assignee,
    breached: query.breached === 'true' ? true : undefined,
    search: query.search,
    customerId: query.customerId,
  };
}
