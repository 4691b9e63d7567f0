import { ApiProperty } from '@nestjs/swagger';
import { SUPPORTED_LOCALES } from '@mm/auth';
import { TICKET_CATEGORIES, TICKET_ORIGINS, TICKET_PRIORITIES, TICKET_STATUSES } from '@mm/ticket';

const TIME = '2026-06-01T10:00:00.000Z';

export class DeskCustomerDto {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({ example: 'Jane Doe' })
  name: string;

  @ApiProperty({ example: 'jane@example.com' })
  email: string;

  @ApiProperty({ enum: SUPPORTED_LOCALES, example: 'fr' })
  locale: string;
}

export class DeskAssigneeDto {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'John Agent' })
  name: string;
}

export class DeskReferenceDto {
  @ApiProperty({ enum: ['ride', 'order', 'booking'], example: 'order' })
  type: 'ride' | 'order' | 'booking';

  @ApiProperty({ example: 4411 })
  id: number;

  @ApiProperty({ type: String, nullable: true, example: 'MUN-2026-0042', description: 'The order or booking number; null for a ride, which has none' })
  number: string | null;
}

export class DeskSlaBreachDto {
  @ApiProperty({ enum: ['first_reply', 'next_reply', 'resolution'], example: 'first_reply' })
  metric: string;

  @ApiProperty({ format: 'date-time', example: TIME })
  dueAt: string;

  @ApiProperty({ format: 'date-time', example: TIME })
  breachedAt: string;
}

export class DeskSlaDto {
  @ApiProperty({ example: 1 })
  policyId: number;

  @ApiProperty({ example: 'Urgent payments' })
  policyName: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: TIME })
  firstReplyDueAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  nextReplyDueAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: TIME })
  resolutionDueAt: string | null;

  @ApiProperty({ example: false })
  paused: boolean;

  @ApiProperty({ type: [DeskSlaBreachDto] })
  breaches: DeskSlaBreachDto[];
}

/** The desk ticket (SPEC 7.1): `GET /api/desk/tickets/{id}`, the items of every desk list, and the answer of every desk ticket mutation. */
export class DeskTicketDto {
  @ApiProperty({ example: 123 })
  id: number;

  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticketNumber: string;

  @ApiProperty({ enum: TICKET_ORIGINS, example: 'munch' })
  origin: string;

  @ApiProperty({ example: 'Payment issue: order MUN-2026-0042' })
  subject: string;

  @ApiProperty({ example: 'I was charged twice for the same order.' })
  description: string;

  @ApiProperty({ enum: TICKET_STATUSES, example: 'open' })
  status: string;

  @ApiProperty({ enum: TICKET_PRIORITIES, example: 'high' })
  priority: string;

  @ApiProperty({ enum: TICKET_CATEGORIES, example: 'payment_issue' })
  category: string;

  @ApiProperty({ example: 0, description: 'How many times the customer escalated it' })
  escalationLevel: number;

  @ApiProperty({ type: DeskCustomerDto })
  customer: DeskCustomerDto;

  @ApiProperty({ type: DeskAssigneeDto, nullable: true, description: 'null while the ticket waits in the unassigned queue' })
  assignee: DeskAssigneeDto | null;

  @ApiProperty({ type: [Number], example: [], description: 'mtxi group tickets: the other customers who may read and message it' })
  groupCustomerIds: number[];

  @ApiProperty({ type: DeskReferenceDto, nullable: true, description: 'The ride, order or booking it is about, or null' })
  reference: DeskReferenceDto | null;

  @ApiProperty({ type: [String], example: ['vip', 'refund'], description: 'Lower-case, 1-40 characters, at most 20' })
  tags: string[];

  @ApiProperty({ type: DeskSlaDto, nullable: true, description: 'The service-level clocks; null while no policy applies' })
  sla: DeskSlaDto | null;

  @ApiProperty({ type: Number, nullable: true, example: null, description: 'Another unresolved ticket of the same customer about the same ride, order or booking' })
  possibleDuplicateOf: number | null;

  @ApiProperty({ type: Number, nullable: true, example: null, description: 'The ticket this one was merged into' })
  mergedIntoId: number | null;

  @ApiProperty({ example: 4, description: 'Raised by every change of the ticket, from any surface; the ETag, and what If-Match compares' })
  version: number;

  @ApiProperty({ format: 'date-time', example: TIME })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: TIME })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  resolvedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  closedAt: string | null;
}

export class DeskTicketPageDto {
  @ApiProperty({ type: [DeskTicketDto] })
  data: DeskTicketDto[];

  @ApiProperty({ type: String, nullable: true, example: 'WyJjcmVhdGVkX2F0LmRlc2MiLCIyMDI2LTA2LTAxIDEwOjAwOjAwKzAwIiwiMTIzIl0', description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
