import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { SlaConfigService } from '@mm/sla';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { SlaPolicyDto, SlaPolicyPageDto, SlaPolicyRequest, UpdateSlaPolicyRequest } from './dto/sla-config.dto';
import { DeskAccess, DeskAdminAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { presentPage } from './desk.presenter';
import { presentPolicy } from './sla.presenter';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 1 });
const NOT_FOUND = ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such SLA policy' });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid parameter or body (an unknown origin, category or calendar, a target of 0 or over a year): `errors` names each field' });

/** SLA policies (SPEC 7.2): staff read them, admins with `manage_sla` change them; every change is audited. */
@DeskTag()
@Controller('api/desk/sla-policies')
export class DeskSlaPoliciesController {
  constructor(private readonly config: SlaConfigService) {}

  @Get()
  @DeskAccess()
  @ApiOperation({ summary: 'SLA policies in the order they are tried (position, then id)', description: '`{data, nextCursor}`; inactive policies included.' })
  @ApiOkResponse({ type: SlaPolicyPageDto })
  @INVALID
  async list(@Ctx() ctx: RequestContext, @Query() query: CursorPageQuery): Promise<SlaPolicyPageDto> {
    return presentPage(await this.config.listPolicies(ctx, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }), presentPolicy);
  }

  @Get(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'One SLA policy' })
  @ID_PARAM
  @ApiOkResponse({ type: SlaPolicyDto })
  @INVALID
  @NOT_FOUND
  async get(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<SlaPolicyDto> {
    return presentPolicy(await this.config.getPolicy(ctx, id));
  }

  @Post()
  @DeskAdminAccess('manage_sla')
  @ApiOperation({ summary: 'Create an SLA policy', description: 'It applies to tickets created, or whose priority, category or origin changes, from then on.' })
  @ApiCreatedResponse({ type: SlaPolicyDto })
  @INVALID
  async create(@Ctx() ctx: RequestContext, @Body() body: SlaPolicyRequest): Promise<SlaPolicyDto> {
    return presentPolicy(await this.config.createPolicy(ctx, body));
  }

  @Patch(':id')
  @DeskAdminAccess('manage_sla')
  @ApiOperation({ summary: 'Change an SLA policy', description: 'Absent fields keep their values. Running clocks keep their targets until their ticket\'s policy is chosen again.' })
  @ID_PARAM
  @ApiOkResponse({ type: SlaPolicyDto })
  @INVALID
  @NOT_FOUND
  async update(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: UpdateSlaPolicyRequest): Promise<SlaPolicyDto> {
    return presentPolicy(await this.config.updatePolicy(ctx, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @DeskAdminAccess('manage_sla')
  @ApiOperation({ summary: 'Delete an SLA policy', description: 'Its tickets lose their clocks (no service level from then on).' })
  @ID_PARAM
  @ApiNoContentResponse({ description: 'Deleted' })
  @INVALID
  @NOT_FOUND
  async remove(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<void> {
    await this.config.deletePolicy(ctx, id);
  }
}
