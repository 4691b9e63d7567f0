import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, TicketOrigin } from '@mm/core';
import { DESK_SORTS, DeskOrder, DeskSort, MAX_ID, TICKET_CATEGORIES, TICKET_ORIGINS, TICKET_PRIORITIES, TICKET_STATUSES, TicketCategory, TicketPriority, TicketStatus } from '@mm/ticket';

const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
const ID_OR_KEYWORD = /^(me|unassigned|[1-9]\d{0,9})$/;
export const ASSIGNEE_MESSAGE = 'assignee must be me, unassigned or an agent id from 1 to 2147483647';

/** Query of `GET /api/desk/tickets` (and, later, of the desk's views): every parameter is optional; any other is a 400. */
export class ListDeskTicketsQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES, example: 'open' })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: 'high' })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ enum: TICKET_ORIGINS, example: 'munch' })
  @IsOptional()
  @IsIn(TICKET_ORIGINS)
  origin?: TicketOrigin;

  @ApiPropertyOptional({ enum: TICKET_CATEGORIES, example: 'payment_issue' })
  @IsOptional()
  @IsIn(TICKET_CATEGORIES)
  category?: TicketCategory;

  @ApiPropertyOptional({ example: 'vip', description: 'Tickets carrying this tag (compared lower-cased)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tag?: string;

  @ApiPropertyOptional({ example: 'me', description: '`me`, `unassigned`, or an agent id (within what the caller sees: an agent sees only their own and the queue)' })
  @IsOptional()
  @Matches(ID_OR_KEYWORD, { message: ASSIGNEE_MESSAGE })
  assignee?: string;

  @ApiPropertyOptional({ enum: ['true'], description: 'Only tickets with a breached service-level clock' })
  @IsOptional()
  @Equals('true', { message: 'breached must be true (omit it for all tickets)' })
  breached?: 'true';

  @ApiPropertyOptional({ example: 'refund twice', description: 'Words of the subject, description or messages (each a prefix), or an exact ticket number' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ example: 12, description: "One customer's tickets (the console's customer panel); an extension of SPEC 7.1" })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  customerId?: number;

  @ApiPropertyOptional({ enum: DESK_SORTS, default: 'created_at', description: '`sla_due`: by the earliest due time of a running service-level clock (a breached one included, so breached tickets come first); tickets without one come last (with `order=asc`)' })
  @IsOptional()
  @IsIn(DESK_SORTS)
  sort?: DeskSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], description: 'Default `desc`, except `asc` for `sort=sla_due` (most urgent first)' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: DeskOrder;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page, as it was given (opaque)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}
