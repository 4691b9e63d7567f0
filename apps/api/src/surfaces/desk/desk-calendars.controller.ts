import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { SlaConfigService } from '@mm/sla';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { CalendarDto, CalendarPageDto, CalendarRequest, UpdateCalendarRequest } from './dto/sla-config.dto';
import { DeskAccess, DeskAdminAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';
import { presentPage } from './desk.presenter';
import { presentCalendar } from './sla.presenter';

const ID_PARAM = ApiParam({ name: 'id', type: Number, example: 2 });
const NOT_FOUND = ApiNotFoundResponse({ type: DeskErrorDto, description: 'No such calendar' });
const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid parameter or body: `errors` names each field' });

/** Business calendars (SPEC 7.2): staff read them, admins with `manage_sla` change them; every change is audited. */
@DeskTag()
@Controller('api/desk/calendars')
export class DeskCalendarsController {
  constructor(private readonly config: SlaConfigService) {}

  @Get()
  @DeskAccess()
  @ApiOperation({ summary: 'Business calendars, the built-in `Around the clock` first', description: '`{data, nextCursor}`, by id.' })
  @ApiOkResponse({ type: CalendarPageDto })
  @INVALID
  async list(@Ctx() ctx: RequestContext, @Query() query: CursorPageQuery): Promise<CalendarPageDto> {
    return presentPage(await this.config.listCalendars(ctx, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor }), presentCalendar);
  }

  @Get(':id')
  @DeskAccess()
  @ApiOperation({ summary: 'One business calendar' })
  @ID_PARAM
  @ApiOkResponse({ type: CalendarDto })
  @INVALID
  @NOT_FOUND
  async get(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<CalendarDto> {
    return presentCalendar(await this.config.getCalendar(ctx, id));
  }

  @Post()
  @DeskAdminAccess('manage_sla')
  @ApiOperation({ summary: 'Create a business calendar' })
  @ApiCreatedResponse({ type: CalendarDto })
  @INVALID
  async create(@Ctx() ctx: RequestContext, @Body() body: CalendarRequest): Promise<CalendarDto> {
    return presentCalendar(await this.config.createCalendar(ctx, body));
  }

  @Patch(':id')
  @DeskAdminAccess('manage_sla')
  @ApiOperation({ summary: 'Change a business calendar', description: 'Absent fields keep their values. The built-in calendar cannot be changed (400 on `id`). Running clocks count the new hours from their next change.' })
  @ID_PARAM
  @ApiOkResponse({ type: CalendarDto })
  @INVALID
  @NOT_FOUND
  async update(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: UpdateCalendarRequest): Promise<CalendarDto> {
    return presentCalendar(await this.config.updateCalendar(ctx, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @DeskAdminAccess('manage_sla')
  @ApiOperation({ summary: 'Delete a business calendar', description: 'A calendar a policy uses, or the built-in one, cannot be deleted: 400 on `id` (naming the policies).' })
  @ID_PARAM
  @ApiNoContentResponse({ description: 'Deleted' })
  @INVALID
  @NOT_FOUND
  async remove(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number): Promise<void> {
    await this.config.deleteCalendar(ctx, id);
  }
}
