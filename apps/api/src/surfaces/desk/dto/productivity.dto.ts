import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { MACRO_PLACEHOLDERS } from '@mm/productivity';
import { DESK_SORTS, DeskOrder, DeskSort, MAX_ID, TICKET_PRIORITIES, TICKET_STATUSES, TicketPriority, TicketStatus } from '@mm/ticket';
import { CursorPageQuery } from './cursor-page.query';
import { DeskTicketDto } from './desk-ticket.response';

const VISIBILITIES = ['shared', 'personal'] as const;
const TIME = '2026-06-01T10:00:00.000Z';
const PLACEHOLDERS = MACRO_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

const ACTIONS_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...TICKET_STATUSES] },
    priority: { type: 'string', enum: [...TICKET_PRIORITIES] },
    addTags: { type: 'array', items: { type: 'string' } },
    removeTags: { type: 'array', items: { type: 'string' } },
    assign: { oneOf: [{ type: 'string', enum: ['me'] }, { type: 'integer' }] },
  },
  additionalProperties: false,
} as unknown as ApiPropertyOptions;
const TRANSLATIONS_SCHEMA = { type: 'object', properties: { fr: { type: 'string' }, es: { type: 'string' } }, additionalProperties: false } as const;
const ONE_OR_MANY = (item: Record<string, unknown>) => ({ oneOf: [item, { type: 'array', items: item }] });
const FILTERS_SCHEMA = {
  type: 'object',
  properties: {
    status: ONE_OR_MANY({ type: 'string', enum: [...TICKET_STATUSES] }),
    priority: ONE_OR_MANY({ type: 'string', enum: [...TICKET_PRIORITIES] }),
    origin: ONE_OR_MANY({ type: 'string' }),
    category: ONE_OR_MANY({ type: 'string' }),
    tag: ONE_OR_MANY({ type: 'string' }),
    assignee: ONE_OR_MANY({ oneOf: [{ type: 'string', enum: ['me', 'unassigned'] }, { type: 'integer' }] }),
    breached: { type: 'boolean', enum: [true] },
    search: { type: 'string' },
  },
  additionalProperties: false,
} as const;

export class MacroRequest {
  @ApiProperty({ example: 'Refund on its way', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ enum: VISIBILITIES, description: 'Shared macros need `manage_shared_macros` to change; personal ones are their author\'s only' })
  @IsIn(VISIBILITIES)
  visibility: 'shared' | 'personal';

  @ApiProperty({ example: 'Hello {{customer.firstName}}, your refund for {{reference.number}} is on its way. {{agent.name}}', description: `English text; placeholders: ${PLACEHOLDERS} (any other is a 400)`, maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;

  @ApiPropertyOptional({ ...TRANSLATIONS_SCHEMA, example: { fr: 'Bonjour {{customer.firstName}}, votre remboursement est en route.' }, description: 'The text in the customer\'s locale (fr, es)' })
  @IsOptional()
  @IsObject()
  translations?: Record<string, string>;

  @ApiPropertyOptional({ ...ACTIONS_SCHEMA, example: { status: 'resolved', addTags: ['refund'] }, description: 'What applying the macro also changes' })
  @IsOptional()
  @IsObject()
  actions?: Record<string, unknown>;
}

export class MacroPatchRequest extends PartialType(MacroRequest) {}

export class MacroDto {
  @ApiProperty({ example: 7 })
  id: number;
  @ApiProperty({ example: 'Refund on its way' })
  title: string;
  @ApiProperty({ enum: VISIBILITIES })
  visibility: 'shared' | 'personal';
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'The author of a personal macro; null for a shared one' })
  ownerId: number | null;
  @ApiProperty({ example: 'Hello {{customer.firstName}}' })
  body: string;
  @ApiProperty(TRANSLATIONS_SCHEMA)
  translations: Record<string, string>;
  @ApiProperty(ACTIONS_SCHEMA)
  actions: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;
  @ApiProperty({ format: 'date-time', example: TIME })
  updatedAt: string;
}

export class MacroPageDto {
  @ApiProperty({ type: [MacroDto] })
  data: MacroDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class MacroListQuery extends CursorPageQuery {
  @ApiPropertyOptional({ example: 'refund', description: 'Part of the title (the reply box\'s picker)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class MacroPreviewQuery {
  @ApiProperty({ example: 123, description: 'The ticket to render the macro for' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  ticketId: number;
}

export class MacroPreviewDto {
  @ApiProperty({ example: 'fr', description: 'The language of the text: the customer\'s locale when the macro has it, else en' })
  locale: string;
  @ApiProperty({ example: 'Bonjour Ada, votre remboursement est en route.' })
  body: string;
}

export class ApplyMacroRequest {
  @ApiProperty({ example: 7 })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  macroId: number;
}

export class AppliedMessageDto {
  @ApiProperty({ example: 501 })
  id: number;
  @ApiProperty({ example: 'Bonjour Ada, votre remboursement est en route.' })
  body: string;
  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;
}

export class AppliedMacroDto {
  @ApiProperty({ type: DeskTicketDto })
  ticket: DeskTicketDto;
  @ApiProperty({ type: AppliedMessageDto })
  message: AppliedMessageDto;
}

export class ViewRequest {
  @ApiProperty({ example: 'My urgent payment tickets', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: VISIBILITIES, description: 'Shared views need `manage_shared_macros` (admins) to change; personal ones are their owner\'s only' })
  @IsIn(VISIBILITIES)
  visibility: 'shared' | 'personal';

  @ApiPropertyOptional({ ...FILTERS_SCHEMA, example: { assignee: 'me', priority: ['high', 'urgent'], category: 'payment_issue' }, description: 'The desk list\'s query parameters, each one value or an array (any of them)' })
  @IsOptional()
  @IsObject()
  filters?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: DESK_SORTS, default: 'created_at' })
  @IsOptional()
  @IsIn(DESK_SORTS)
  sort?: DeskSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: DeskOrder;
}

export class ViewPatchRequest extends PartialType(ViewRequest) {}

export class ViewDto {
  @ApiProperty({ example: 4 })
  id: number;
  @ApiProperty({ example: 'My urgent payment tickets' })
  name: string;
  @ApiProperty({ enum: VISIBILITIES })
  visibility: 'shared' | 'personal';
  @ApiProperty({ type: Number, nullable: true, example: 3 })
  ownerId: number | null;
  @ApiProperty(FILTERS_SCHEMA)
  filters: Record<string, unknown>;
  @ApiProperty({ enum: DESK_SORTS })
  sort: DeskSort;
  @ApiProperty({ enum: ['asc', 'desc'] })
  order: DeskOrder;
  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;
  @ApiProperty({ format: 'date-time', example: TIME })
  updatedAt: string;
}

export class ViewPageDto {
  @ApiProperty({ type: [ViewDto] })
  data: ViewDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class BulkSetDto {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 3, description: 'An agent (admins), yourself (agents); null puts the tickets back in the queue (admins)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  assigneeId?: number | null;

  @ApiPropertyOptional({ type: [String], example: ['refund'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  addTags?: string[];

  @ApiPropertyOptional({ type: [String], example: ['new'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  removeTags?: string[];
}

export class BulkRequest {
  @ApiProperty({ type: [Number], example: [101, 102, 103], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  ids: number[];

  @ApiProperty({ type: BulkSetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BulkSetDto)
  set: BulkSetDto;
}

export class BulkResultDto {
  @ApiProperty({ example: 101 })
  id: number;
  @ApiProperty({ example: true })
  ok: boolean;
  @ApiPropertyOptional({ example: 'Ticket not found', description: 'Why this ticket was left as it was (only when ok is false)' })
  error?: string;
}

export class BulkResponseDto {
  @ApiProperty({ type: [BulkResultDto] })
  results: BulkResultDto[];
}

export class MergeRequest {
  @ApiProperty({ example: 124, description: 'The ticket of the same customer that takes the messages and notes' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  intoTicketId: number;
}
