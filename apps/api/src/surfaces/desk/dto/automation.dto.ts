import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { ACTION_TYPES, AUTOMATION_TRIGGERS, CONDITION_FIELDS, CONDITION_OPS } from '@mm/automation';
import { MAX_ID } from '@mm/ticket';

const TIME = '2026-06-01T10:00:00.000Z';
const SCALAR = [{ type: 'string' }, { type: 'integer' }];
// null (no assignee) is the nullable integer.
const VALUE = { oneOf: [{ type: 'string' }, { type: 'integer', nullable: true }, { type: 'array', items: { oneOf: SCALAR } }] };

// Shapes only: fields, operators, actions and their values are the domain's rules, which name each offender in `errors`.
export class AutomationConditionDto {
  @ApiProperty({ enum: Object.keys(CONDITION_FIELDS), example: 'category', description: 'minutesSince… fields only in `time` automations, `message.senderType` only on `message.created`' })
  field: string;

  @ApiProperty({ enum: CONDITION_OPS, example: 'eq', description: 'eq/neq/in/not_in for values, contains/in/not_in for tags, gte/lte for numbers and minutes' })
  op: string;

  @ApiProperty({ ...VALUE, example: 'payment_issue', description: 'One value, or a list for in/not_in; null for "no assignee"' })
  value: unknown;
}

export class AutomationConditionsDto {
  @ApiPropertyOptional({ type: [AutomationConditionDto], description: 'All must hold' })
  all?: AutomationConditionDto[];

  @ApiPropertyOptional({ type: [AutomationConditionDto], description: 'At least one must hold (when given)' })
  any?: AutomationConditionDto[];
}

export class AutomationActionDto {
  @ApiProperty({ enum: ACTION_TYPES, example: 'set_priority' })
  type: string;

  @ApiProperty({
    ...VALUE,
    example: 'urgent',
    description:
      'set_status: a status (moved through the workflow; an impossible move is skipped and recorded); set_priority: a priority; add_tags/remove_tags: a list of tags; ' +
      'assign: an agent id or "route"; apply_macro: a shared macro id (sent in the name of the admin who last saved the automation); notify_staff: "assignee", "admins" or a staff id',
  })
  value: unknown;

  @ApiPropertyOptional({ example: 'A payment ticket from mtxi is waiting', description: 'notify_staff only: the notice\'s text (default: the automation\'s name)' })
  message?: string;
}

export class AutomationRequest {
  @ApiProperty({ example: 'Urgent mtxi payments', maxLength: 100 })
  @IsString()
  name: string;

  @ApiPropertyOptional({ example: 10, default: 0, description: 'Automations on the same trigger run in ascending position (then id)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiProperty({ enum: AUTOMATION_TRIGGERS, example: 'ticket.created' })
  @IsString()
  on: string;

  @ApiProperty({ type: AutomationConditionsDto })
  @IsObject()
  conditions: AutomationConditionsDto;

  @ApiProperty({ type: [AutomationActionDto], minItems: 1, maxItems: 10 })
  @IsArray()
  actions: AutomationActionDto[];
}

export class AutomationPatchRequest extends PartialType(AutomationRequest) {}

export class AutomationDto {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'Urgent mtxi payments' })
  name: string;

  @ApiProperty({ example: 10 })
  position: number;

  @ApiProperty({ example: true })
  active: boolean;

  @ApiProperty({ enum: AUTOMATION_TRIGGERS, example: 'ticket.created' })
  on: string;

  @ApiProperty({ type: AutomationConditionsDto })
  conditions: AutomationConditionsDto;

  @ApiProperty({ type: [AutomationActionDto] })
  actions: AutomationActionDto[];

  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: TIME })
  updatedAt: string;
}

export class AutomationPageDto {
  @ApiProperty({ type: [AutomationDto] })
  data: AutomationDto[];

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

export class AutomationTestRequest {
  @ApiProperty({ example: 123, description: 'The ticket to try the automation on' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}

export class ConditionResultDto extends AutomationConditionDto {
  @ApiProperty({ ...VALUE, example: 'payment_issue', description: 'What the ticket has (minutes for minutesSince…; null when unknown, e.g. no message in a dry run)' })
  actual: unknown;

  @ApiProperty({ example: true })
  matches: boolean;
}

export class ConditionResultsDto {
  @ApiProperty({ type: [ConditionResultDto] })
  all: ConditionResultDto[];

  @ApiProperty({ type: [ConditionResultDto] })
  any: ConditionResultDto[];
}

export class ActionOutcomeDto {
  @ApiProperty({ enum: ACTION_TYPES, example: 'set_priority' })
  type: string;

  @ApiProperty({ enum: ['done', 'skipped', 'unchanged'], example: 'done', description: 'done: would change the ticket; skipped: not allowed now (why in detail); unchanged: nothing to do' })
  result: string;

  @ApiPropertyOptional({ example: 'medium → urgent' })
  detail?: string;
}

export class AutomationTestDto {
  @ApiProperty({ example: true, description: 'Whether the conditions hold for the ticket now' })
  matches: boolean;

  @ApiProperty({ type: ConditionResultsDto })
  conditions: ConditionResultsDto;

  @ApiProperty({ type: [ActionOutcomeDto], description: 'What each action would do if it ran now; nothing was changed' })
  actions: ActionOutcomeDto[];
}
