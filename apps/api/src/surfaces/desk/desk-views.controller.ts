import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { ViewsService } from '@mm/productivity';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { DeskTicketPageDto } from './dto/desk-ticket.response';
import { ViewDto, ViewPageDto, ViewPatchRequest, ViewRequest } from './dto/productivity.dto';
import { DeskAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { DeskTicketResponder } from './desk-ticket-responder';
import { presentPage } from './desk.presenter';
import { presentView } from './productivity.presenter';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 4 });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto });
const NOT_FOUND = ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such view, or another agent\'s personal one' });

/** Saved views (SPEC 7.4): the desk list's filters and sort under a name, their tickets and live counts. */
@DeskTag()
@Controller('api/desk/views')
export class DeskViewsController {
  constructor(
    private readonly views: ViewsService,
    private readonly responder: DeskTicketResponder,
  ) {}

  @Get()
  @DeskAccess()
  @ApiOperation({ summary: 'The shared views and the caller\'s personal ones, by id' })
  @ApiOkResponse({ type: ViewPageDto })
  @INVALID
  async list(@Ctx() ctx: RequestContext, @Query() query: CursorPageQuery): Promise<ViewPageDto> {
    return presentPage(await this.views.list(ctx, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }), presentView);
  }

  @Get('counts')
  @DeskAccess()
  @ApiOperation({
    summary: 'How many tickets each of the caller\'s views holds',
    description: '`{"<viewId>": count}` for the caller\'s views (the first 100), within what the caller sees: exact up to 10,000, then `"10000+"`.',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['10000+'] }] }, example: { '4': 12, '5': '10000+' } } })
  counts(@Ctx() ctx: RequestContext): Promise<Record<string, number | string>> {
    return this.views.counts(ctx);
  }

  @Post()
  @DeskAccess()
  @ApiOperation({ summary: 'Create a view', description: 'Personal: any staff member; shared: `manage_shared_macros` (admins). Audited.' })
  @ApiCreatedResponse({ type: ViewDto })
  @INVALID
  async create(@Ctx() ctx: RequestContext, @Body() body: ViewRequest): Promise<ViewDto> {
    return presentView(await this.views.create(ctx, body));
  }

  @Get(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'One view' })
  @ID_PARAM
  @ApiOkResponse({ type: ViewDto })
  @INVALID
  @NOT_FOUND
  async get(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<ViewDto> {
    return presentView(await this.views.get(ctx, id));
  }

  @Get(':id/tickets')
  @DeskAccess()
  @ApiOperation({ summary: 'The view\'s tickets', description: 'As `GET /api/desk/tickets` lists them with the view\'s filters and sort, within what the caller sees.' })
  @ID_PARAM
  @ApiOkResponse({ type: DeskTicketPageDto })
  @INVALID
  @NOT_FOUND
  async tickets(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Query() query: CursorPageQuery): Promise<DeskTicketPageDto> {
    return this.responder.page(await this.views.tickets(ctx, id, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }));
  }

  @Patch(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'Change a view', description: 'The fields given; shared views need `manage_shared_macros`. Audited.' })
  @ID_PARAM
  @ApiOkResponse({ type: ViewDto })
  @INVALID
  @NOT_FOUND
  async update(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: ViewPatchRequest): Promise<ViewDto> {
    return presentView(await this.views.update(ctx, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @DeskAccess()
  @ApiOperation({ summary: 'Remove a view', description: 'Shared views need `manage_shared_macros`. Audited.' })
  @ID_PARAM
  @ApiNoContentResponse({ description: 'Removed' })
  @INVALID
  @NOT_FOUND
  async remove(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<void> {
    await this.views.remove(ctx, id);
  }
}
