import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const TIME = '2026-01-09T10:30:00Z';
const STATUS = { example: 'In Progress', enum: ['Open', 'In Progress', 'On Hold', 'Escalated', 'Resolved', 'Closed'] };
const PRIORITY = { example: 'Medium', enum: ['Low', 'Medium', 'High', 'Urgent'] };
const CATEGORY = { example: 'Damaged', description: 'Title words: Damaged, Lost, Late, Quality, Other (tickets opened in the apps show theirs, e.g. Payment Issue)' };

export class ConsoleCreatedTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: 'Package arrived damaged' })
  subject: string;
  @ApiProperty({ example: 'Open' })
  status: string;
  @ApiProperty({ example: TIME })
  created_at: string;
}

export class ConsoleCreatedResponseDto {
  @ApiProperty({ example: 'Support ticket created successfully' })
  message: string;
  @ApiProperty({ type: ConsoleCreatedTicketDto })
  ticket: ConsoleCreatedTicketDto;
}

export class ConsoleOwnTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: 'Package arrived damaged' })
  subject: string;
  @ApiProperty({ example: 'The item inside was broken due to improper packaging' })
  description: string;
  @ApiProperty(CATEGORY)
  category: string;
  @ApiProperty(STATUS)
  status: string;
  @ApiProperty(PRIORITY)
  priority: string;
  @ApiProperty({ example: '7', nullable: true, type: String })
  agent_id: string | null;
  @ApiProperty({ example: TIME })
  created_at: string;
  @ApiProperty({ example: '2026-01-09T11:45:00Z' })
  updated_at: string;
  @ApiProperty({ example: null, nullable: true, type: String })
  resolved_at: string | null;
}

export class ConsoleOwnTicketsResponseDto {
  @ApiProperty({ type: [ConsoleOwnTicketDto] })
  tickets: ConsoleOwnTicketDto[];
}

export class ConsoleRideDto {
  @ApiProperty({ example: '4242' })
  id: string;
  @ApiProperty({ example: '123 Main St' })
  pickup_location: string;
  @ApiProperty({ example: '456 Elm St' })
  dropoff_location: string;
  @ApiProperty({ example: 'Completed' })
  status: string;
}

export class ConsoleOrderDto {
  @ApiProperty({ example: '7001' })
  id: string;
  @ApiProperty({ example: 'ORD-2026-000123' })
  order_number: string;
  @ApiProperty({ example: 'Delivered', enum: ['Pending', 'Confirmed', 'Preparing', 'Shipped', 'Out For Delivery', 'Delivered', 'Cancelled'] })
  status: string;
  @ApiProperty({ example: 'munch', enum: ['munch', 'mtables', 'shop'], description: 'The MM service the order belongs to' })
  vertical: string;
}

export class ConsoleBookingDto {
  @ApiProperty({ example: '9001' })
  id: string;
  @ApiProperty({ example: 'BK-2026-000042' })
  booking_number: string;
  @ApiProperty({ example: 'Confirmed' })
  status: string;
  @ApiProperty({ example: 'Chez Marie', nullable: true, type: String })
  venue_name: string | null;
  @ApiProperty({ example: '2026-01-10T19:30:00Z', nullable: true, type: String })
  starts_at: string | null;
}

const STAFF_ONLY = 'Staff only (beyond seed 004): absent from a customer’s response.';

export class ConsoleTicketDto extends ConsoleOwnTicketDto {
  @ApiProperty({ example: '5' })
  customer_id: string;
  @ApiPropertyOptional({ example: 0, type: 'integer', description: `How many times the customer escalated it. ${STAFF_ONLY}` })
  escalation_level?: number;
  @ApiPropertyOptional({ type: ConsoleRideDto, nullable: true, description: `The ride it is about, or null. ${STAFF_ONLY}` })
  ride?: ConsoleRideDto | null;
  @ApiPropertyOptional({ type: ConsoleOrderDto, nullable: true, description: `The order it is about (\`delivery_id\` on create), or null. ${STAFF_ONLY}` })
  order?: ConsoleOrderDto | null;
  @ApiPropertyOptional({ type: ConsoleBookingDto, nullable: true, description: `The booking it is about, or null. ${STAFF_ONLY}` })
  booking?: ConsoleBookingDto | null;
}

/** One field a history entry changed, in the console's vocabulary. */
export interface ConsoleFieldChange {
  from: string | number | null;
  to: string | number | null;
}

const FIELD_VALUE = { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] };

export const HISTORY_TYPES = ['created', 'status_changed', 'escalated', 'closed', 'assigned', 'updated', 'sla_breached'] as const;

export class ConsoleHistoryEntryDto {
  @ApiProperty({ example: '31' })
  id: string;
  @ApiProperty({ example: 'status_changed', enum: HISTORY_TYPES })
  type: string;
  @ApiProperty({ example: 'Open', nullable: true, type: String, description: 'Status changes: the status before (Title words); assigned: the previous agent id (null when it was unassigned)' })
  from: string | null;
  @ApiProperty({ example: 'In Progress', nullable: true, type: String, description: 'created and status changes: the new status; assigned: the agent id' })
  to: string | null;
  @ApiProperty({
    example: { priority: { from: 'Medium', to: 'High' } },
    nullable: true,
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: FIELD_VALUE, to: FIELD_VALUE } },
    description: 'Other fields the change set (priority, escalation_level, resolution_details), or null',
  })
  changes: Record<string, ConsoleFieldChange> | null;
  @ApiProperty({ example: '7', nullable: true, type: String, description: 'Who made the change; null for the system' })
  actor_id: string | null;
  @ApiProperty({ example: 'support_agent', enum: ['customer', 'support_agent', 'admin', 'service', 'system'] })
  actor_role: string;
  @ApiProperty({ example: '2026-01-09T10:35:00Z' })
  created_at: string;
}

export class ConsoleNoteDetailsDto {
  @ApiProperty({ example: '3' })
  id: string;
  @ApiProperty({ example: '7', description: 'The agent (or admin) who wrote it' })
  agent_id: string;
  @ApiProperty({ example: 'Customer claims item was damaged on delivery' })
  note: string;
  @ApiProperty({ example: '2026-01-09T11:00:00Z' })
  created_at: string;
}

export class ConsoleTicketDetailsDto {
  @ApiProperty({ type: ConsoleTicketDto })
  ticket: ConsoleTicketDto;
  @ApiPropertyOptional({ type: [ConsoleNoteDetailsDto], description: 'Staff only: absent from a customer’s response' })
  internal_notes?: ConsoleNoteDetailsDto[];
  @ApiPropertyOptional({ type: [ConsoleHistoryEntryDto], description: `Every change of the ticket, newest first (the latest 100). ${STAFF_ONLY}` })
  history?: ConsoleHistoryEntryDto[];
}

export class ConsoleStatusTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: 'Resolved' })
  status: string;
  @ApiProperty({ example: 'High' })
  priority: string;
}

export class ConsoleStatusResponseDto {
  @ApiProperty({ example: 'Ticket status updated successfully' })
  message: string;
  @ApiProperty({ type: ConsoleStatusTicketDto })
  ticket: ConsoleStatusTicketDto;
}

export class ConsoleAssignedTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: 'In Progress' })
  status: string;
  @ApiProperty({ example: '7' })
  agent_id: string;
}

export class ConsoleAssignedResponseDto {
  @ApiProperty({ example: 'Ticket assigned to you successfully' })
  message: string;
  @ApiProperty({ type: ConsoleAssignedTicketDto })
  ticket: ConsoleAssignedTicketDto;
}

export class ConsoleReassignedTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: '8' })
  agent_id: string;
}

export class ConsoleReassignedResponseDto {
  @ApiProperty({ example: 'Ticket reassigned successfully' })
  message: string;
  @ApiProperty({ type: ConsoleReassignedTicketDto })
  ticket: ConsoleReassignedTicketDto;
}

export class ConsoleNoteDto {
  @ApiProperty({ example: '3' })
  id: string;
  @ApiProperty({ example: 'Awaiting customer photos of damaged item' })
  note: string;
  @ApiProperty({ example: '2026-01-09T11:30:00Z' })
  created_at: string;
}

export class ConsoleNoteResponseDto {
  @ApiProperty({ example: 'Internal note added successfully' })
  message: string;
  @ApiProperty({ type: ConsoleNoteDto })
  note: ConsoleNoteDto;
}

export class ConsoleFeedbackDto {
  @ApiProperty({ example: '4' })
  id: string;
  @ApiProperty({ example: '5' })
  rating: string;
  @ApiProperty({ example: '2026-01-09T14:00:00Z' })
  created_at: string;
}

export class ConsoleFeedbackResponseDto {
  @ApiProperty({ example: 'Feedback submitted successfully' })
  message: string;
  @ApiProperty({ type: ConsoleFeedbackDto })
  feedback: ConsoleFeedbackDto;
}

export class ConsoleAgentTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: 'Package arrived damaged' })
  subject: string;
  @ApiProperty({ example: '...' })
  description: string;
  @ApiProperty(CATEGORY)
  category: string;
  @ApiProperty(STATUS)
  status: string;
  @ApiProperty(PRIORITY)
  priority: string;
  @ApiProperty({ example: 'John Customer', nullable: true, type: String })
  customer_name: string | null;
  @ApiProperty({ example: '5' })
  customer_id: string;
  @ApiProperty({ example: TIME })
  created_at: string;
  @ApiProperty({ example: '2026-01-09T11:45:00Z' })
  updated_at: string;
}

export class ConsoleAgentTicketsResponseDto {
  @ApiProperty({ type: [ConsoleAgentTicketDto] })
  tickets: ConsoleAgentTicketDto[];
}

export class ConsoleAdminTicketDto {
  @ApiProperty({ example: '12' })
  id: string;
  @ApiProperty({ example: 'Package arrived damaged' })
  subject: string;
  @ApiProperty(CATEGORY)
  category: string;
  @ApiProperty(STATUS)
  status: string;
  @ApiProperty(PRIORITY)
  priority: string;
  @ApiProperty({ example: 'John Customer', nullable: true, type: String })
  customer_name: string | null;
  @ApiProperty({ example: 'John Agent', nullable: true, type: String, description: 'null while unassigned' })
  agent_name: string | null;
  @ApiProperty({ example: TIME })
  created_at: string;
  @ApiProperty({ example: '2026-01-09T11:45:00Z' })
  updated_at: string;
}

export class ConsoleAdminTicketsResponseDto {
  @ApiProperty({ type: [ConsoleAdminTicketDto] })
  tickets: ConsoleAdminTicketDto[];
}

export class ConsoleFaqDto {
  @ApiProperty({ example: '3' })
  id: string;
  @ApiProperty({ example: 'What if my package arrived damaged?' })
  question: string;
  @ApiProperty({ example: 'Please create a support ticket immediately...' })
  answer: string;
  @ApiProperty({ example: 'Damaged', enum: ['Damaged', 'Lost', 'Late', 'Quality', 'Other'] })
  category: string;
}

export class ConsoleFaqsResponseDto {
  @ApiProperty({ type: [ConsoleFaqDto] })
  faqs: ConsoleFaqDto[];
}

export class ConsoleFaqResponseDto {
  @ApiProperty({ example: 'FAQ created successfully' })
  message: string;
  @ApiProperty({ type: ConsoleFaqDto })
  faq: ConsoleFaqDto;
}

export class ConsoleMessageResponseDto {
  @ApiProperty({ example: 'FAQ deleted successfully' })
  message: string;
}
