import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { MacrosService } from '@mm/productivity';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { MacroDto, MacroListQuery, MacroPageDto, MacroPatchRequest, MacroPreviewDto, MacroPreviewQuery, MacroRequest } from './dto/productivity.dto';
import { DeskAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { presentPage } from './desk.presenter';
import { presentMacro } from './productivity.presenter';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 7 });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid body or parameter; an unknown placeholder is named in `errors`' });
const NOT_FOUND = ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such macro, or another agent\'s personal one' });

/** Macros (SPEC 7.4): shared and personal canned replies. Applying one is `POST /api/desk/tickets/{id}/apply-macro`. */
@DeskTag()
@Controller('api/desk/macros')
export class DeskMacrosController {
  constructor(private readonly macros: MacrosService) {}

  @Get()
  @DeskAccess()
  @ApiOperation({ summary: 'The shared macros and the caller\'s personal ones, by id', description: '`search` matches part of the title.' })
  @ApiOkResponse({ type: MacroPageDto })
  @INVALID
  async list(@Ctx() ctx: RequestContext, @Query() query: MacroListQuery): Promise<MacroPageDto> {
    return presentPage(await this.macros.list(ctx, query.search, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }), presentMacro);
  }

  @Post()
  @DeskAccess()
  @ApiOperation({ summary: 'Create a macro', description: 'Personal: any staff member; shared: `manage_shared_macros`. Audited.' })
  @ApiCreatedResponse({ type: MacroDto })
  @INVALID
  async create(@Ctx() ctx: RequestContext, @Body() body: MacroRequest): Promise<MacroDto> {
    return presentMacro(await this.macros.create(ctx, body));
  }

  @Get(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'One macro' })
  @ID_PARAM
  @ApiOkResponse({ type: MacroDto })
  @INVALID
  @NOT_FOUND
  async get(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<MacroDto> {
    return presentMacro(await this.macros.get(ctx, id));
  }

  @Get(':id/preview')
  @DeskAccess()
  @ApiOperation({ summary: 'The macro\'s reply as the ticket\'s customer would read it', description: 'Rendered in the customer\'s locale when the macro has it; nothing is sent.' })
  @ID_PARAM
  @ApiOkResponse({ type: MacroPreviewDto })
  @INVALID
  @ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such macro or ticket (or one the caller does not see)' })
  preview(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Query() query: MacroPreviewQuery): Promise<MacroPreviewDto> {
    return this.macros.preview(ctx, id, query.ticketId);
  }

  @Patch(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'Change a macro', description: 'The fields given; shared macros need `manage_shared_macros`. Audited.' })
  @ID_PARAM
  @ApiOkResponse({ type: MacroDto })
  @INVALID
  @NOT_FOUND
  async update(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: MacroPatchRequest): Promise<MacroDto> {
    return presentMacro(await this.macros.update(ctx, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @DeskAccess()
  @ApiOperation({ summary: 'Remove a macro', description: 'Shared macros need `manage_shared_macros`. Audited.' })
  @ID_PARAM
  @ApiNoContentResponse({ description: 'Removed' })
  @INVALID
  @NOT_FOUND
  async remove(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<void> {
    await this.macros.remove(ctx, id);
  }
}
