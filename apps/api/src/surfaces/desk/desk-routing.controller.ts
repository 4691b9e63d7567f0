import { Body, Controller, Get, HttpCode, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { Ctx } from '@mm/auth';
import { DEFAULT_PAGE_LIMIT, RequestContext } from '@mm/core';
import { RoutingService } from '@mm/routing';
import { CursorPageQuery } from './dto/cursor-page.query';
import { DeskErrorDto, DeskValidationErrorDto } from './dto/desk-errors.dto';
import { AgentProfileRequest, AvailabilityDto, AvailabilityRequest, RoutedAgentDto, RoutedAgentListDto, RoutingModeDto } from './dto/routing.dto';
import { DeskAdminAccess, DeskAgentAccess, DeskTag } from './desk-access';
import { DeskIdPipe } from './desk-id.pipe';

const INVALID = ApiBadRequestResponse({ type: DeskValidationErrorDto, description: 'Invalid body: `errors` names each field; nothing changed' });

/** Routing (SPEC 7.3): availability, agent profiles, the routing mode. Bodies are checked by the domain (field errors). */
@DeskTag()
@Controller('api/desk')
export class DeskRoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Get('me/availability')
  @DeskAgentAccess()
  @ApiOperation({ summary: "The calling agent's availability" })
  @ApiOkResponse({ type: AvailabilityDto })
  availability(@Ctx() ctx: RequestContext): Promise<AvailabilityDto> {
    return this.routing.availability(ctx);
  }

  @Put('me/availability')
  @HttpCode(200)
  @DeskAgentAccess()
  @ApiOperation({ summary: "Set the calling agent's availability", description: 'Agents. `offline` hands their `open` tickets back to routing when it is on; with no socket connected for 2 minutes an agent is offline anyway.' })
  @ApiBody({ type: AvailabilityRequest })
  @ApiOkResponse({ type: AvailabilityDto })
  @INVALID
  setAvailability(@Ctx() ctx: RequestContext, @Body() body: unknown): Promise<AvailabilityDto> {
    return this.routing.setAvailability(ctx, body);
  }

  @Get('agents')
  @DeskAdminAccess()
  @ApiOperation({ summary: 'Approved agents with their availability, active tickets, capacity and skills', description: 'Admins. By id, `{data, nextCursor}`.' })
  @ApiOkResponse({ type: RoutedAgentListDto })
  @INVALID
  async listAgents(@Ctx() ctx: RequestContext, @Query() query: CursorPageQuery): Promise<RoutedAgentListDto> {
    const page = await this.routing.listAgents(ctx, { limit: query.limit ?? DEFAULT_PAGE_LIMIT, cursor: query.cursor });
    return { data: page.items, nextCursor: page.nextCursor };
  }

  @Patch('agents/:id')
  @DeskAdminAccess('manage_routing')
  @ApiOperation({ summary: "Change an agent's routing profile", description: 'Admins with manage_routing. `capacity` 0-1000 (default 10); each skills list limits what the agent is given (absent or null: any). Audited.' })
  @ApiParam({ name: 'id', type: Number, example: 507 })
  @ApiBody({ type: AgentProfileRequest })
  @ApiOkResponse({ type: RoutedAgentDto })
  @INVALID
  @ApiNotFoundResponse({ type: DeskErrorDto, description: 'No approved, active agent with this id' })
  updateProfile(@Ctx() ctx: RequestContext, @Param('id', DeskIdPipe) id: number, @Body() body: unknown): Promise<RoutedAgentDto> {
    return this.routing.updateProfile(ctx, id, body);
  }

  @Get('routing')
  @DeskAdminAccess('manage_routing')
  @ApiOperation({ summary: 'The routing mode' })
  @ApiOkResponse({ type: RoutingModeDto })
  async mode(@Ctx() ctx: RequestContext): Promise<RoutingModeDto> {
    return { mode: await this.routing.mode(ctx) };
  }

  @Put('routing')
  @DeskAdminAccess('manage_routing')
  @ApiOperation({ summary: 'Set the routing mode', description: '`off`, `round_robin` (the agent assigned longest ago) or `least_loaded` (fewest active tickets; ties: longest idle). Audited.' })
  @ApiBody({ type: RoutingModeDto })
  @ApiOkResponse({ type: RoutingModeDto })
  @INVALID
  async setMode(@Ctx() ctx: RequestContext, @Body() body: unknown): Promise<RoutingModeDto> {
    return { mode: await this.routing.setMode(ctx, body) };
  }
}
