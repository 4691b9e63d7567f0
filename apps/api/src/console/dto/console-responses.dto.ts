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

export class ConsoleTicketDto extends ConsoleOwnTicketDto {
  @ApiProperty({ example: '5' })
  customer_id: string;
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
