import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES } from '@mm/ticket';

const TIME = '2026-01-22T10:30:00.000000Z';

export class HelpdeskPersonDto {
  @ApiProperty({ example: 5 })
  id: number;
  @ApiProperty({ example: 'John Doe' })
  name: string;
  @ApiProperty({ example: 'john@example.com' })
  email: string;
  @ApiPropertyOptional({ example: '+1234567890', nullable: true, type: String, description: 'Single ticket only' })
  phone?: string | null;
}

export class HelpdeskNameDto {
  @ApiProperty({ example: 2 })
  id: number;
  @ApiProperty({ example: 'Admin User' })
  name: string;
}

export class HelpdeskTicketDto {
  @ApiProperty({ example: 1 })
  id: number;
  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticket_number: string;
  @ApiProperty({ example: 5 })
  customer_id: number;
  @ApiProperty({ example: 2, nullable: true, type: 'integer', description: 'The agent or admin working it' })
  assigned_to: number | null;
  @ApiProperty({ example: 'Issue with order #12345' })
  subject: string;
  @ApiProperty({ example: 'I received the wrong product in my order...' })
  description: string;
  @ApiProperty({ example: 'open', enum: TICKET_STATUSES })
  status: string;
  @ApiProperty({ example: 'high', enum: TICKET_PRIORITIES })
  priority: string;
  @ApiProperty({ example: 'order', enum: TICKET_CATEGORIES })
  category: string;
  @ApiProperty({ example: 3, description: 'Messages in the conversation (internal notes are not messages)' })
  message_count: number;
  @ApiProperty({ example: true, description: 'The customer has read every staff reply' })
  is_customer_read: boolean;
  @ApiProperty({ example: false, description: 'Staff have read the ticket and every customer message' })
  is_admin_read: boolean;
  @ApiProperty({ example: null, nullable: true, type: String })
  resolved_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: String })
  closed_at: string | null;
  @ApiProperty({ example: '2026-01-22T11:00:00.000000Z', nullable: true, type: String, description: 'Last staff reply' })
  last_replied_at: string | null;
  @ApiProperty({ example: 2, nullable: true, type: 'integer' })
  last_replied_by: number | null;
  @ApiProperty({ example: TIME })
  created_at: string;
  @ApiProperty({ example: TIME })
  updated_at: string;
  @ApiProperty({ type: HelpdeskPersonDto, nullable: true })
  customer: HelpdeskPersonDto | null;
  @ApiPropertyOptional({ type: HelpdeskPersonDto, nullable: true, description: 'Lists and single ticket' })
  assigned_admin?: HelpdeskPersonDto | null;
  @ApiPropertyOptional({ type: HelpdeskNameDto, nullable: true, description: 'Single ticket only' })
  last_replied_by_user?: HelpdeskNameDto | null;
}

export class HelpdeskTicketResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiPropertyOptional({ example: 'Support ticket created successfully' })
  message?: string;
  @ApiProperty({ type: HelpdeskTicketDto })
  data: HelpdeskTicketDto;
}

export class HelpdeskPaginatorDto<T = HelpdeskTicketDto> {
  @ApiProperty({ example: 1 })
  current_page: number;
  @ApiProperty({ type: [HelpdeskTicketDto] })
  data: T[];
  @ApiProperty({ example: 'http://api.example.com/api/support-tickets?page=1' })
  first_page_url: string;
  @ApiProperty({ example: 1, nullable: true, type: 'integer' })
  from: number | null;
  @ApiProperty({ example: 1 })
  last_page: number;
  @ApiProperty({ example: 'http://api.example.com/api/support-tickets?page=1' })
  last_page_url: string;
  @ApiProperty({ example: null, nullable: true, type: String })
  next_page_url: string | null;
  @ApiProperty({ example: 'http://api.example.com/api/support-tickets' })
  path: string;
  @ApiProperty({ example: 15 })
  per_page: number;
  @ApiProperty({ example: null, nullable: true, type: String })
  prev_page_url: string | null;
  @ApiProperty({ example: 1, nullable: true, type: 'integer' })
  to: number | null;
  @ApiProperty({ example: 1 })
  total: number;
  @ApiPropertyOptional({
    example: false,
    enum: [false],
    description:
      'Present (false) only when the list was not counted to the end: a filter on priority, category, customer or dates matched more than 10,000 tickets, or a search more than 1,000 (or more than the requested page). `total` is then a lower bound.',
  })
  total_is_exact?: false;
}

export class HelpdeskListResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiProperty({ type: HelpdeskPaginatorDto })
  data: HelpdeskPaginatorDto;
}

export class HelpdeskCountResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiPropertyOptional({ example: 3, description: 'Customer: own tickets not resolved or closed' })
  total_unresolved?: number;
  @ApiPropertyOptional({ example: 45, description: 'Staff: active tickets (not resolved or closed) in their view: an admin all, an agent theirs plus the unassigned queue' })
  total_tickets?: number;
  @ApiPropertyOptional({ example: 12, description: 'Staff' })
  open_tickets?: number;
  @ApiPropertyOptional({ example: 8, description: 'Staff' })
  in_progress_tickets?: number;
  @ApiProperty({
    example: 2,
    description: 'Customer: tickets with a staff reply they have not opened. Staff: active tickets in their view that are new or have a customer message no staff member has opened.',
  })
  unread_count: number;
  @ApiProperty({ example: 2, description: 'unread_count when above zero, otherwise total_unresolved (customer) / total_tickets (staff)' })
  count: number;
}

export class HelpdeskLatestCustomerDto {
  @ApiProperty({ example: 5 })
  id: number;
  @ApiProperty({ example: 'John Doe' })
  name: string;
}

export class HelpdeskLatestTicketDto {
  @ApiProperty({ example: 1 })
  id: number;
  @ApiProperty({ example: 'TKT-123456-ABCDEF' })
  ticket_number: string;
  @ApiProperty({ example: 'Issue with order #12345' })
  subject: string;
  @ApiProperty({ example: 'open', enum: TICKET_STATUSES })
  status: string;
  @ApiProperty({ example: 'high', enum: TICKET_PRIORITIES })
  priority: string;
  @ApiProperty({ example: false })
  is_customer_read: boolean;
  @ApiProperty({ example: TIME })
  created_at: string;
  @ApiProperty({ type: HelpdeskLatestCustomerDto, nullable: true })
  customer: HelpdeskLatestCustomerDto | null;
}

export class HelpdeskLatestResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiProperty({ type: [HelpdeskLatestTicketDto] })
  data: HelpdeskLatestTicketDto[];
}

export class HelpdeskMessageDto {
  @ApiProperty({ example: 3 })
  id: number;
  @ApiProperty({ example: 1 })
  ticket_id: number;
  @ApiProperty({ example: 5, nullable: true, type: 'integer' })
  customer_id: number | null;
  @ApiProperty({ example: null, nullable: true, type: 'integer' })
  admin_id: number | null;
  @ApiProperty({ example: 'Thank you for your help! When can I expect the replacement?' })
  message: string;
  @ApiProperty({ example: 'customer', enum: ['customer', 'admin'], description: '"admin" is any staff member' })
  sender_type: string;
  @ApiProperty({ example: false, description: 'Read by the other side' })
  is_read: boolean;
  @ApiProperty({ example: null, nullable: true, type: String })
  read_at: string | null;
  @ApiProperty({ example: null, nullable: true, type: [String] })
  attachments: string[] | null;
  @ApiProperty({ example: '2026-01-22T15:00:00.000000Z' })
  created_at: string;
  @ApiProperty({ example: '2026-01-22T15:00:00.000000Z' })
  updated_at: string;
  @ApiProperty({ type: HelpdeskPersonDto, nullable: true })
  customer: HelpdeskPersonDto | null;
  @ApiProperty({ type: HelpdeskPersonDto, nullable: true })
  admin: HelpdeskPersonDto | null;
}

export class HelpdeskMessagesResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiProperty({ type: [HelpdeskMessageDto] })
  data: HelpdeskMessageDto[];
}

export class HelpdeskMessageResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiProperty({ example: 'Message sent successfully' })
  message: string;
  @ApiProperty({ type: HelpdeskMessageDto })
  data: HelpdeskMessageDto;
}

export class HelpdeskOkResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiProperty({ example: 'Message marked as read' })
  message: string;
}

export class HelpdeskOrderCancelledDto {
  @ApiProperty({ example: 123 })
  id: number;
  @ApiProperty({ example: 'ORD-2026-001234' })
  order_number: string;
  @ApiProperty({ example: 'cancelled', enum: ORDER_STATUSES })
  status: string;
  @ApiProperty({ example: 'Changed my mind about the purchase', nullable: true, type: String })
  cancellation_reason: string | null;
  @ApiProperty({ example: '2026-01-22T15:30:00.000000Z', nullable: true, type: String })
  cancelled_at: string | null;
}

export class HelpdeskOrderCancelledResponseDto {
  @ApiProperty({ example: true })
  success: true;
  @ApiProperty({ example: 'Order cancelled successfully' })
  message: string;
  @ApiProperty({ type: HelpdeskOrderCancelledDto })
  data: HelpdeskOrderCancelledDto;
}
