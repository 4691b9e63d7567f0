import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_SORTS, TICKET_STATUSES, TicketCategory, TicketPriority, TicketSort, TicketStatus } from '@mm/ticket';
import { QueryInt, say, Trimmed } from './laravel-rules';

export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 100;

const staffOnly = 'Staff only: ignored for customers.';

/** A date (`2026-01-31`) or a date-time with an optional zone; nothing JavaScript's Date would misread. */
const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export class ListHelpdeskTicketsQuery {
  @ApiPropertyOptional({ example: 'open', enum: TICKET_STATUSES })
  @Trimmed()
  @IsOptional()
  @IsIn(TICKET_STATUSES, { message: say.selected('status') })
  status?: TicketStatus;

  @ApiPropertyOptional({ example: 'high', enum: TICKET_PRIORITIES })
  @Trimmed()
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: say.selected('priority') })
  priority?: TicketPriority;

  @ApiPropertyOptional({ example: 'order', enum: TICKET_CATEGORIES, description: 'Any stored category: the helpdesk ones and those of tickets opened in the apps' })
  @Trimmed()
  @IsOptional()
  @IsIn(TICKET_CATEGORIES, { message: say.selected('category') })
  category?: TicketCategory;

  @ApiPropertyOptional({
    example: 'wrong product',
    maxLength: 200,
    description: 'Full-text search in subject, description and messages: every word must match (as a word prefix). An exact ticket number matches too.',
  })
  @Trimmed()
  @IsOptional()
  @IsString({ message: say.string('search') })
  @MaxLength(200, { message: say.maxChars('search', 200) })
  search?: string;

  @ApiPropertyOptional({ example: 5, type: 'integer', description: staffOnly })
  @QueryInt()
  @IsOptional()
  @IsInt({ message: say.integer('customer_id') })
  @Min(1, { message: say.min('customer_id', 1) })
  @Max(MAX_ID, { message: say.max('customer_id', MAX_ID) })
  customer_id?: number;

  @ApiPropertyOptional({ example: 2, type: 'integer', description: `Assigned agent or admin. ${staffOnly}` })
  @QueryInt()
  @IsOptional()
  @IsInt({ message: say.integer('assigned_to') })
  @Min(1, { message: say.min('assigned_to', 1) })
  @Max(MAX_ID, { message: say.max('assigned_to', MAX_ID) })
  assigned_to?: number;

  @ApiPropertyOptional({ example: '2026-01-01', description: `Created on or after (a date: from its start, UTC). ${staffOnly}` })
  @Trimmed()
  @IsOptional()
  @Matches(DATE_OR_TIME, { message: say.date('date_from') })
  @IsISO8601({ strict: true }, { message: say.date('date_from') })
  date_from?: string;

  @ApiPropertyOptional({ example: '2026-01-31', description: `Created on or before (a date: until its end, UTC). ${staffOnly}` })
  @Trimmed()
  @IsOptional()
  @Matches(DATE_OR_TIME, { message: say.date('date_to') })
  @IsISO8601({ strict: true }, { message: say.date('date_to') })
  date_to?: string;

  @ApiPropertyOptional({ example: 'created_at', enum: TICKET_SORTS, default: 'created_at', description: 'priority and status sort by rank' })
  @Trimmed()
  @IsOptional()
  @IsIn(TICKET_SORTS, { message: say.selected('sort_by') })
  sort_by?: TicketSort;

  @ApiPropertyOptional({ example: 'desc', enum: ['asc', 'desc'], default: 'desc' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: say.selected('sort_order') })
  sort_order?: 'asc' | 'desc';

  @ApiPropertyOptional({ example: 15, type: 'integer', default: DEFAULT_PER_PAGE, maximum: MAX_PER_PAGE, description: `Larger values are served as ${MAX_PER_PAGE}` })
  @QueryInt()
  @Transform(({ value }) => (typeof value === 'number' ? Math.min(value, MAX_PER_PAGE) : value))
  @IsOptional()
  @IsInt({ message: say.integer('per_page') })
  @Min(1, { message: say.min('per_page', 1) })
  per_page?: number;

  @ApiPropertyOptional({ example: 1, type: 'integer', default: 1 })
  @QueryInt()
  @IsOptional()
  @IsInt({ message: say.integer('page') })
  @Min(1, { message: say.min('page', 1) })
  @Max(1_000_000, { message: say.max('page', 1_000_000) })
  page?: number;
}
