import { CustomerEventPresenter, DomainError, DomainErrorCode } from '@mm/core';
import { GamificationError } from '@mm/gamification';
import { Ticket, VERTICAL_ISSUE_TYPES, VerticalIssueType } from '@mm/ticket';
import type { MtablesCreatedResponseDto, MtablesEscalatedResponseDto, MtablesTicketResponseDto } from './dto/mtables-responses.dto';

/** mtables' vocabulary: everything lower snake, as stored; the ticket read uses snake_case keys. */
export function mtablesIssueType(value: string): VerticalIssueType {
  const category = VERTICAL_ISSUE_TYPES.find((t) => t === value.trim());
  if (!category) throw new DomainError(DomainErrorCode.InvalidIssueType, 'Invalid issue type');
  return category;
}

export function mtablesCreated(ticket: Ticket, gamificationError: GamificationError | null): MtablesCreatedResponseDto {
  return { status: 'success', message: 'Support ticket created', data: { ticketId: ticket.id, ticketNumber: ticket.ticketNumber, gamificationError } };
}

export function mtablesEscalated(ticket: Ticket, gamificationError: GamificationError | null): MtablesEscalatedResponseDto {
  return { status: 'success', message: 'Ticket escalated', data: { ticketId: ticket.id, status: ticket.status, gamificationError } };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function mtablesTicket(ticket: Ticket): MtablesTicketResponseDto {
  return {
    status: 'success',
    message: 'Ticket status tracked',
    data: {
      id: ticket.id,
      ticket_number: ticket.ticketNumber,
      status: ticket.status,
      issue_type: ticket.category,
      priority: ticket.priority,
      subject: ticket.subject,
      description: ticket.description,
      booking_id: ticket.bookingId,
      order_id: ticket.orderId,
      escalation_level: ticket.escalationLevel,
      resolution_details: ticket.resolutionDetails,
      created_at: ticket.createdAt.toISOString(),
      updated_at: ticket.updatedAt.toISOString(),
      resolved_at: iso(ticket.resolvedAt),
      closed_at: iso(ticket.closedAt),
    },
  };
}

/** The socket events seed 002 documents for mtables tickets. */
export const mtablesCustomerEvents: CustomerEventPresenter = (event) => {
  const { ticket } = event;
  const about = { userId: ticket.customerId, role: 'customer', ticketId: ticket.id };
  switch (event.type) {
    case 'ticket.created':
      return { name: 'support:ticket_created', payload: { ...about, ticketNumber: ticket.ticketNumber } };
    case 'ticket.escalated':
      return { name: 'support:ticket_escalated', payload: { ...about, status: ticket.status } };
    case 'ticket.status_changed':
    case 'ticket.closed':
      return { name: 'support:ticket_status', payload: { ...about, status: ticket.status } };
    default:
      return null;
  }
};
