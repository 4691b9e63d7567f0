import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { Automation, AutomationsService } from '@mm/automation';
import { DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { AutomationDto, AutomationPageDto, AutomationPatchRequest, AutomationRequest, AutomationTestDto, AutomationTestRequest } from './dto/automation.dto';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { DeskAdminAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { presentPage } from './desk.presenter';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 3 });
const NOT_FOUND = ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such automation' });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid parameter or body: `errors` names each unknown field, operator, action or value (e.g. `conditions.all[0].field`)' });

function present(automation: Automation): AutomationDto {
  const { id, name, position, active, on, conditions, actions } = automation;
  return { id, name, position, active, on, conditions, actions, createdAt: automation.createdAt.toISOString(), updatedAt: automation.updatedAt.toISOString() };
}

/** Automations (SPEC 7.5): admins configure them; every change is audited. */
@DeskTag()
@Controller('api/desk/automations')
export class DeskAutomationsController {
  constructor(private readonly automations: AutomationsService) {}

  @Get()
  @DeskAdminAccess()
  @ApiOperation({ summary: 'Automations in the order they run (position, then id)', description: '`{data, nextCursor}`; inactive ones included.' })
  @ApiOkResponse({ type: AutomationPageDto })
  @INVALID
  async list(@Ctx() ctx: RequestContext, @Query() query: CursorPageQuery): Promise<AutomationPageDto> {
    return presentPage(await this.automations.list(ctx, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }), present);
  }

  @Post()
  @DeskAdminAccess()
  @ApiOperation({
    summary: 'Create an automation',
    description: 'Event automations act in the transaction of the change that triggered them; `time` ones are evaluated at least once a minute and fire once per ticket while it matches. Audited.',
  })
  @ApiCreatedResponse({ type: AutomationDto })
  @INVALID
  async create(@Ctx() ctx: RequestContext, @Body() body: AutomationRequest): Promise<AutomationDto> {
    return present(await this.automations.create(ctx, body as unknown as Record<string, unknown>));
  }

  @Get(':id')
  @DeskAdminAccess()
  @ApiOperation({ summary: 'One automation' })
  @ID_PARAM
  @ApiOkResponse({ type: AutomationDto })
  @INVALID
  @NOT_FOUND
  async get(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<AutomationDto> {
    return present(await this.automations.get(ctx, id));
  }

  @Patch(':id')
  @DeskAdminAccess()
  @ApiOperation({ summary: 'Change an automation', description: 'Absent fields keep their values; `active: false` switches it off. Audited.' })
  @ID_PARAM
  @ApiOkResponse({ type: AutomationDto })
  @INVALID
  @NOT_FOUND
  async update(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: AutomationPatchRequest): Promise<AutomationDto> {
    return present(await this.automations.update(ctx, id, body as unknown as Record<string, unknown>));
  }

  @Delete(':id')
  @HttpCode(204)
  @DeskAdminAccess()
  @ApiOperation({ summary: 'Delete an automation', description: 'Audited.' })
  @ID_PARAM
  @ApiNoContentResponse({ description: 'Deleted' })
  @INVALID
  @NOT_FOUND
  async remove(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<void> {
    await this.automations.remove(ctx, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @DeskAdminAccess()
  @ApiOperation({ summary: 'Dry run on a ticket', description: 'Whether the conditions hold for the ticket now and what each action would do; nothing changes.' })
  @ID_PARAM
  @ApiOkResponse({ type: AutomationTestDto })
  @INVALID
  @ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such automation or ticket' })
  test(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: AutomationTestRequest): Promise<AutomationTestDto> {
    return this.automations.test(ctx, id, body.ticketId);
  }
}
