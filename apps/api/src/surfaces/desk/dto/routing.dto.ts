import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGENT_STATUSES, MAX_CAPACITY, ROUTING_MODES } from '@mm/routing';

export class RoutingSkillsDto {
  @ApiPropertyOptional({ type: [String], example: ['mtables'], description: 'Origins (munch, mtxi, mtables, helpdesk, console); absent: any' })
  origins?: string[];

  @ApiPropertyOptional({ type: [String], example: ['booking_issue'], description: 'Categories (canonical); absent: any' })
  categories?: string[];

  @ApiPropertyOptional({ type: [String], example: ['fr'], description: "Customer locales (en, fr, es); absent: any" })
  locales?: string[];
}

export class RoutingModeDto {
  @ApiProperty({ enum: ROUTING_MODES, example: 'least_loaded' })
  mode: string;
}

export class AvailabilityRequest {
  @ApiProperty({ enum: AGENT_STATUSES, example: 'online' })
  status: string;
}

export class AvailabilityDto {
  @ApiProperty({ example: 507 })
  agentId: number;

  @ApiProperty({ enum: AGENT_STATUSES, example: 'online' })
  status: string;
}

export class AgentProfileRequest {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CAPACITY, example: 8, description: 'Active tickets routing may give the agent' })
  capacity?: number;

  @ApiPropertyOptional({ type: RoutingSkillsDto })
  skills?: RoutingSkillsDto;
}

export class RoutedAgentDto {
  @ApiProperty({ example: 507 })
  id: number;

  @ApiProperty({ example: 'Camille Agent' })
  name: string;

  @ApiProperty({ example: 'camille@example.com' })
  email: string;

  @ApiProperty({ enum: AGENT_STATUSES, example: 'online' })
  status: string;

  @ApiProperty({ example: 3, description: 'Assigned tickets not resolved or closed' })
  activeTickets: number;

  @ApiProperty({ example: 10 })
  capacity: number;

  @ApiProperty({ type: RoutingSkillsDto })
  skills: RoutingSkillsDto;
}

export class RoutedAgentListDto {
  @ApiProperty({ type: [RoutedAgentDto] })
  data: RoutedAgentDto[];

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The next page: pass it as `cursor`; null on the last page' })
  nextCursor: string | null;
}
