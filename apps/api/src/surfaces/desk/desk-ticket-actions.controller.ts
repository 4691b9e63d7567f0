import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Ctx } from '@mm/auth';
import { DomainError, DomainErrorCode, RequestContext } from '@mm/core';
import { BulkService, MacrosService, MergeService } from '@mm/productivity';
import { DeskTickets } from '@mm/ticket';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { DeskTicketDto } from './dto/desk-ticket.response';
import { AppliedMacroDto, ApplyMacroRequest, BulkRequest, BulkResponseDto, MergeRequest } from './dto/productivity.dto';
import { DeskAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { DeskTicketResponder } from './desk-ticket-responder';
import { parseIfMatch } from './if-match';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 123 });
const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'The ETag the change was made against: a stale one is 412 with the current ticket, and nothing happens' });
const IDEMPOTENCY_KEY = ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body answers the first response and changes nothing' });
const STALE = ApiResponse({ status: 412, type: DeskTicketDto, description: 'If-Match names an older version: nothing changed; the body is the ticket as it now is' });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid body, parameter or If-Match: `errors` names each' });
/** A macro's action the workflow refuses for this ticket is a domain 400 (`{error}`), besides invalid input. */
const MACRO_INVALID = ApiBadRequestResponse({
  description: 'Invalid body, parameter or If-Match (`errors` names each), or an action of the macro this ticket cannot take (e.g. a status move the workflow does not allow): nothing happened',
  schema: { anyOf: [{ $ref: getSchemaPath(DeskValidationErrorDto) }, { $ref: getSchemaPath(DeskErrorDto) }] },
});

/** What agents do to tickets in one go (SPEC 7.4): apply a macro, change many tickets, merge two. */
@DeskTag()
@ApiExtraModels(DeskErrorDto, DeskValidationErrorDto)
@Controller('api/desk/tickets')
export class DeskTicketActionsController {
  constructor(
    private readonly macros: MacrosService,
    private readonly bulk: BulkService,
    private readonly merges: MergeService,
    private readonly tickets: DeskTickets,
    private readonly responder: DeskTicketResponder,
  ) {}

  @Post('bulk')
  @HttpCode(200)
  @DeskAccess()
  @ApiOperation({
    summary: 'Change up to 100 tickets',
    description: 'Each ticket is changed completely or not at all, in its own transaction; every id has a result. A ticket the caller does not see or may not change is reported (`ok:false`) and the others are still changed.',
  })
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: BulkResponseDto })
  @INVALID
  async change(@Ctx() ctx: RequestContext, @Body() body: BulkRequest): Promise<BulkResponseDto> {
    const { assigneeId, ...rest } = body.set;
    return { results: await this.bulk.apply(ctx, body.ids, { ...rest, ...(assigneeId !== undefined ? { assigneeId } : {}) }) };
  }

  @Post(':id/apply-macro')
  @HttpCode(200)
  @DeskAccess()
  @ApiOperation({
    summary: 'Apply a macro: its reply and its actions, in one transaction',
    description:
      'The reply is rendered for this ticket in the customer\'s locale (when the macro has it) and sent as a staff message (reopening, read flags, notification and socket events as any reply); then the actions apply, as one history entry. An agent replying from the queue takes the ticket, as a reply does.',
  })
  @ID_PARAM
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: AppliedMacroDto })
  @MACRO_INVALID
  @ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such ticket or macro (or one the caller does not see)' })
  @STALE
  async applyMacro(
    @Ctx() ctx: RequestContext,
    @Param('id', DeskIdPipe) id: number,
    @Body() body: ApplyMacroRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppliedMacroDto | DeskTicketDto> {
    const version = parseIfMatch(ifMatch);
    try {
      const { ticket, message } = await this.macros.apply(ctx, id, body.macroId, version);
      return { ticket: await this.responder.send(reply, ticket), message: { id: message.id, body: message.body, createdAt: message.createdAt.toISOString() } };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === DomainErrorCode.StaleUpdate)) throw error;
      reply.status(HttpStatus.PRECONDITION_FAILED);
      return this.responder.send(reply, await this.tickets.get(ctx, id));
    }
  }

  @Post(':id/merge')
  @HttpCode(200)
  @DeskAccess()
  @ApiOperation({
    summary: 'Merge this ticket into another of the same customer',
    description: 'Its messages and internal notes move to the target; it is closed with `mergedIntoId`; both histories say so and both tickets\' rooms hear it. Answers this (source) ticket as it now is.',
  })
  @ID_PARAM
  @IF_MATCH
  @IDEMPOTENCY_KEY
  @ApiOkResponse({ type: DeskTicketDto })
  @ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Into itself, into another customer\'s ticket, into a closed ticket, or a ticket already merged: a 400 on `intoTicketId`' })
  @ApiNotFoundResponse({ type: DeskErrorDto, description: 'Either ticket does not exist or the caller does not see it' })
  @STALE
  merge(
    @Ctx() ctx: RequestContext,
    @Param('id', DeskIdPipe) id: number,
    @Body() body: MergeRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeskTicketDto> {
    const version = parseIfMatch(ifMatch);
    return this.responder.change(ctx, reply, id, () => this.merges.merge(ctx, id, body.intoTicketId, version));
  }
}
