import { ORIGIN_CATEGORIES, Ticket, TicketStatusView, CustomerEventPresenter } from '@mm/ticket';
import type { MunchTicketRefResponseDto, MunchTicketStatusResponseDto } from './dto/munch-responses.dto';

/** munch's vocabulary: issue types UPPER (accepted in any case), statuses and priorities lower. */
export const MUNCH_ISSUE_TYPES = ORIGIN_CATEGORIES.munch.map((t) => t.toUpperCase());

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

/** Seed 000's payload of `support:ticket:created` and `support:ticket:escalated`; `customerId` is a string there. */
export type MunchTicketEvent = {
  ticketId: number;
  ticketNumber: string;
  status: string;
  customerId: string;
};

/** The socket events seed 000 documents for munch tickets. */
export const munchCustomerEvents: CustomerEventPresenter = (event) => {
  const payload: MunchTicketEvent = {
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
