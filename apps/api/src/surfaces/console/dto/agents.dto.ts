import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from './console-requests.dto';
import { Choice, drf, Trim } from './drf-rules';

const PHONE_PATTERN = /^\+?[0-9][0-9 ().-]{3,24}$/;

/** Seed 004: POST /api/support/register-agent/. */
export class RegisterAgentDto {
  @ApiProperty({ example: 'agent@example.com', description: 'Unique, case-insensitive' })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(254, { message: drf.maxLength(254) })
  email: string;

  @ApiProperty({ example: 'securepass123', minLength: 8, maxLength: 128 })
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @MinLength(8, { message: 'Ensure this field has at least 8 characters.' })
  @MaxLength(128, { message: drf.maxLength(128) })
  password: string;

  @ApiProperty({ example: 'John Agent', maxLength: 100 })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @IsNotEmpty({ message: drf.blank })
  @MaxLength(100, { message: drf.maxLength(100) })
  name: string;

  @ApiPropertyOptional({ example: '+91 98765 43210', description: 'Stored as the agent\'s phone' })
  @IsOptional()
  @Trim()
  @IsString({ message: drf.string })
  @Matches(PHONE_PATTERN, { message: 'Enter a valid phone number.' })
  contact_number?: string;
}

export class ConsoleAgentDto {
  @ApiProperty({ example: '507' })
  id: string;
  @ApiProperty({ example: 'agent@example.com' })
  email: string;
  @ApiProperty({ example: 'John Agent' })
  name: string;
  @ApiProperty({ example: 'support_agent' })
  role: 'support_agent';
}

/** GET /api/admin/agents/: `status` picks agents awaiting approval or approved ones (default: both). */
export class AgentListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'pending', enum: ['pending', 'approved'] })
  @IsOptional()
  @Choice(['pending', 'approved'])
  status?: string;
}

export class ConsoleAgentListItemDto extends ConsoleAgentDto {
  @ApiProperty({ example: false, description: 'Agent routes answer 403 until an admin approves the agent' })
  approved: boolean;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'When an admin approved the agent (the first approval)' })
  approved_at: string | null;
  @ApiProperty({ example: '2026-01-09T10:30:00Z', description: 'When the agent registered' })
  created_at: string;
}

export class ConsoleAgentsResponseDto {
  @ApiProperty({ type: [ConsoleAgentListItemDto], description: 'Newest first' })
  agents: ConsoleAgentListItemDto[];
}

export class RegisterAgentResponseDto {
  @ApiProperty({ example: 'Registration successful. Waiting for admin approval.' })
  message: string;
  @ApiProperty({ type: ConsoleAgentDto })
  user: ConsoleAgentDto;
}

export class ApproveAgentResponseDto {
  @ApiProperty({ example: 'Agent approved successfully' })
  message: string;
}

export class RejectAgentResponseDto {
  @ApiProperty({ example: 'Agent rejected' })
  message: string;
}

export class DeactivateAgentResponseDto {
  @ApiProperty({ example: 'Agent deactivated' })
  message: string;
  @ApiProperty({ type: [String], example: ['1042', '1057'], description: 'The agent\'s open tickets, now back in the unassigned queue' })
  returned_ticket_ids: string[];
}
