import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString } from 'class-validator';
import { BREACH_ACTIONS, BreachAction, SlaMatch, SlaTargets } from '@mm/sla';
import { TICKET_CATEGORIES, TICKET_ORIGINS, TICKET_PRIORITIES, TicketPriority } from '@mm/ticket';

const TIME = '2026-06-01T10:00:00.000Z';

// Shapes are checked here; the rules (timezones, hours, targets, known origins) are the domain's, which names each field in `errors`.

export class WeeklyHoursDto {
  @ApiProperty({ minimum: 0, maximum: 6, example: 1, description: '0 is Sunday' })
  day: number;

  @ApiProperty({ example: '09:00', description: '"HH:MM" in the calendar\'s timezone' })
  start: string;

  @ApiProperty({ example: '18:00', description: '"HH:MM", after start; "24:00" for midnight' })
  end: string;
}

export class CalendarRequest {
  @ApiProperty({ example: 'Paris office', maxLength: 100 })
  @IsString()
  name: string;

  @ApiProperty({ example: 'Europe/Paris', description: 'An IANA timezone' })
  @IsString()
  timezone: string;

  @ApiProperty({ type: [WeeklyHoursDto], description: 'Working intervals; they may not overlap on a day' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  weeklyHours: WeeklyHoursDto[];

  @ApiProperty({ type: [String], example: ['2026-12-25'], description: 'Whole days off, "YYYY-MM-DD"' })
  @IsArray()
  @ArrayMaxSize(1000)
  holidays: string[];
}

export class UpdateCalendarRequest extends PartialType(CalendarRequest) {}

export class CalendarDto {
  @ApiProperty({ example: 2 })
  id: number;

  @ApiProperty({ example: 'Paris office' })
  name: string;

  @ApiProperty({ example: 'Europe/Paris' })
  timezone: string;

  @ApiProperty({ type: [WeeklyHoursDto] })
  weeklyHours: WeeklyHoursDto[];

  @ApiProperty({ type: [String], example: ['2026-12-25'] })
  holidays: string[];

  @ApiProperty({ example: false, description: 'The built-in `Around the clock` (every hour of every day, UTC): read-only' })
  builtIn: boolean;

  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: TIME })
  updatedAt: string;
}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarDto] })
  data: CalendarDto[];

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

export class SlaMatchDto implements SlaMatch {
  @ApiPropertyOptional({ type: [String], enum: TICKET_ORIGINS, example: ['munch'], description: 'Absent or empty: any origin' })
  origins?: string[];

  @ApiPropertyOptional({ type: [String], enum: TICKET_CATEGORIES, example: ['payment_issue'] })
  categories?: string[];

  @ApiPropertyOptional({ type: [String], enum: TICKET_PRIORITIES, example: ['high', 'urgent'] })
  priorities?: string[];
}

export class SlaTargetsDto implements SlaTargets {
  @ApiPropertyOptional({ minimum: 1, maximum: 525600, example: 60, description: 'Working minutes' })
  firstReplyMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 525600, example: 240 })
  nextReplyMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 525600, example: 1440 })
  resolutionMinutes?: number;
}

export class SlaTargetsByPriorityDto {
  @ApiPropertyOptional({ type: SlaTargetsDto })
  low?: SlaTargetsDto;

  @ApiPropertyOptional({ type: SlaTargetsDto })
  medium?: SlaTargetsDto;

  @ApiPropertyOptional({ type: SlaTargetsDto })
  high?: SlaTargetsDto;

  @ApiPropertyOptional({ type: SlaTargetsDto })
  urgent?: SlaTargetsDto;
}

export class SlaPolicyRequest {
  @ApiProperty({ example: 'Urgent payments', maxLength: 100 })
  @IsString()
  name: string;

  @ApiProperty({ minimum: 0, example: 1, description: 'The first active policy by position whose match fits a ticket applies' })
  @IsInt()
  position: number;

  @ApiProperty({ type: SlaMatchDto })
  @IsObject()
  match: SlaMatchDto;

  @ApiProperty({ example: 1, description: 'The calendar whose working time the clocks count' })
  @IsInt()
  calendarId: number;

  @ApiProperty({ type: SlaTargetsByPriorityDto, description: 'At least one target; each 1 minute to a year' })
  @IsObject()
  targets: Partial<Record<TicketPriority, SlaTargets>>;

  @ApiProperty({ enum: BREACH_ACTIONS, example: 'escalate', description: '`escalate`: priority up one step and escalation level up one' })
  @IsIn(BREACH_ACTIONS)
  breachAction: BreachAction;

  @ApiPropertyOptional({ default: true, description: 'An inactive policy is never chosen' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateSlaPolicyRequest extends PartialType(SlaPolicyRequest) {}

export class SlaPolicyDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'Urgent payments' })
  name: string;

  @ApiProperty({ example: 1 })
  position: number;

  @ApiProperty({ type: SlaMatchDto })
  match: SlaMatchDto;

  @ApiProperty({ example: 1 })
  calendarId: number;

  @ApiProperty({ type: SlaTargetsByPriorityDto })
  targets: SlaTargetsByPriorityDto;

  @ApiProperty({ enum: BREACH_ACTIONS, example: 'escalate' })
  breachAction: string;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: TIME })
  updatedAt: string;
}

export class SlaPolicyPageDto {
  @ApiProperty({ type: [SlaPolicyDto] })
  data: SlaPolicyDto[];

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
