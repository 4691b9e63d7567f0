import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FAQ_CATEGORIES, ORIGIN_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES } from '@mm/ticket';
import { title } from '../console.presenter';
import { Choice, drf, IdString, Trim } from './drf-rules';

const TITLE_STATUSES = TICKET_STATUSES.map(title);
const TITLE_PRIORITIES = TICKET_PRIORITIES.map(title);
const TITLE_CATEGORIES = ORIGIN_CATEGORIES.console.map(title);

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export class CreateConsoleTicketDto {
  @ApiProperty({ example: 'Package arrived damaged', maxLength: 255 })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @IsNotEmpty({ message: drf.blank })
  @MaxLength(255, { message: drf.maxLength(255) })
  subject: string;

  @ApiProperty({ example: 'The item inside was broken due to improper packaging', maxLength: 5000 })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @IsNotEmpty({ message: drf.blank })
  @MaxLength(5000, { message: drf.maxLength(5000) })
  description: string;

  @ApiProperty({ example: 'Damaged', enum: TITLE_CATEGORIES })
  @IsDefined({ message: drf.required })
  @Choice(ORIGIN_CATEGORIES.console)
  category: string;

  @ApiPropertyOptional({ example: '123', nullable: true, type: String, description: 'An order of yours (its id, as a string)' })
  @IsOptional()
  @IdString()
  delivery_id?: string | number | null;
}

export class UpdateStatusDto {
  @ApiProperty({ example: 'Resolved', enum: TITLE_STATUSES, description: 'Along the workflow: Open → In Progress → On Hold ⇄ In Progress → Resolved → Closed; Resolved → In Progress reopens' })
  @IsDefined({ message: drf.required })
  @Choice(TICKET_STATUSES)
  status: string;

  @ApiPropertyOptional({ example: 'High', enum: TITLE_PRIORITIES })
  @IsOptional()
  @Choice(TICKET_PRIORITIES)
  priority?: string;
}

export class ReassignDto {
  @ApiProperty({
    oneOf: [{ type: 'string', pattern: '^[0-9]+$' }, { type: 'integer', minimum: 1 }],
    example: '12',
    description: "An approved support agent's id, as a string (like every id of seed 004) or a number",
  })
  @IsDefined({ message: drf.required })
  @IdString()
  agent_id: string | number;
}

export class AddNoteDto {
  @ApiProperty({ example: 'Awaiting customer photos of damaged item', maxLength: 5000 })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @IsNotEmpty({ message: drf.blank })
  @MaxLength(5000, { message: drf.maxLength(5000) })
  note: string;
}

export class FeedbackDto {
  @ApiProperty({ example: '5', enum: ['1', '2', '3', '4', '5'] })
  @IsDefined({ message: drf.required })
  @Choice(['1', '2', '3', '4', '5'])
  rating: string | number;

  @ApiPropertyOptional({ example: 'Agent was very helpful and resolved the issue quickly', maxLength: 2000, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @IsString({ message: drf.string })
  @MaxLength(2000, { message: drf.maxLength(2000) })
  comment?: string | null;
}

export class FaqDto {
  @ApiProperty({ example: 'What if my package arrived damaged?', maxLength: 500 })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @IsNotEmpty({ message: drf.blank })
  @MaxLength(500, { message: drf.maxLength(500) })
  question: string;

  @ApiProperty({ example: 'Please create a support ticket immediately...', maxLength: 10000 })
  @Trim()
  @IsDefined({ message: drf.required })
  @IsString({ message: drf.string })
  @IsNotEmpty({ message: drf.blank })
  @MaxLength(10000, { message: drf.maxLength(10000) })
  answer: string;

  @ApiProperty({ example: 'Damaged', enum: FAQ_CATEGORIES.map(title) })
  @IsDefined({ message: drf.required })
  @Choice(FAQ_CATEGORIES)
  category: string;
}

const pageInt = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,7}$/.test(value) ? Number(value) : value));

/** Lists are bounded: `page` and `page_size` (a `Link: <…>; rel="next"` header tells there is more). */
export class PageQuery {
  @ApiPropertyOptional({ example: 1, type: 'integer', default: 1 })
  @pageInt()
  @IsOptional()
  @IsInt({ message: drf.integer })
  @Min(1, { message: 'Ensure this value is greater than or equal to 1.' })
  page?: number;

  @ApiPropertyOptional({ example: DEFAULT_PAGE_SIZE, type: 'integer', default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @pageInt()
  @IsOptional()
  @IsInt({ message: drf.integer })
  @Min(1, { message: 'Ensure this value is greater than or equal to 1.' })
  @Max(MAX_PAGE_SIZE, { message: `Ensure this value is less than or equal to ${MAX_PAGE_SIZE}.` })
  page_size?: number;
}

export class StatusFilterQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'Open', enum: TITLE_STATUSES })
  @IsOptional()
  @Choice(TICKET_STATUSES)
  status?: string;
}

export class FaqFilterQuery {
  @ApiPropertyOptional({ example: 'Damaged', enum: FAQ_CATEGORIES.map(title) })
  @IsOptional()
  @Choice(FAQ_CATEGORIES)
  category?: string;
}
