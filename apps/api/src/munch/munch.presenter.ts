import { CustomerEventPresenter, DomainError, DomainErrorCode } from '@mm/core';
import { Ticket, TicketStatusView, VERTICAL_ISSUE_TYPES, VerticalIssueType } from '@mm/ticket';
import type { MunchTicketRefResponseDto, MunchTicketStatusResponseDto } from './dto/munch-responses.dto';

/** munch's vocabulary: issue types UPPER (accepted in any case), statuses and priorities lower. */
export const MUNCH_ISSUE_TYPES = VERTICAL_ISSUE_TYPES.map((t) => t.toUpperCase());

export function munchIssueType(value: string): VerticalIssueType {
  const category = VERTICAL_ISSUE_TYPES.find((t) => t === value.trim().toLowerCase());
  if (!category) throw new DomainError(DomainErrorCode.InvalidIssueType, 'Invalid issue type');
  return category;
}

export function munchTicketRef(ticket: Ticket): MunchTicketRefResponseDto {
  return { status: 'success', data: { ticketId: ticket.id, ticketNumber: ticket.ticketNumber, status: ticket.status } };
}

export function munchTicketStatus(ticket: TicketStatusView): MunchTicketStatusResponseDto {
  return {
    status: 'success',
    data: {
      ticketId: ticket.id,
      ticketNumber: ticket.ticketNumber,
      status: ticket.status,
      priority: ticket.priority,
      issueType: ticket.category.toUpperCase(),
      orderId: ticket.orderId,
      orderNumber: ticket.orderNumber,
      resolutionDetails: ticket.resolutionDetails,
      createdAt: ticket.createdAt.toISOString(),
    },
  };
}

/** The socket events seed 000 documents for munch tickets; `customerId` is a string there. */
export const munchCustomerEvents: CustomerEventPresenter = (event) => {
  const payload = {
    ticketId: event.ticket.id,
    ticketNumber: event.ticket.ticketNumber,
    status: event.ticket.status,
    customerId: String(event.ticket.customerId),
  };
  switch (event.type) {
    case 'ticket.created':
      return { name: 'support:ticket:created', payload };
    case 'ticket.escalated':
      return { name: 'support:ticket:escalated', payload };
    default:
      return null;
  }
};
