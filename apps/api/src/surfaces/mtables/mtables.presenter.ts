import { GamificationError } from '@mm/gamification';
import { Ticket, CustomerEventPresenter } from '@mm/ticket';
import type { MtablesCreatedResponseDto, MtablesEscalatedResponseDto, MtablesTicketResponseDto } from './dto/mtables-responses.dto';

/** mtables' vocabulary: everything lower snake, as stored (issue types too, case-sensitive); the ticket read uses snake_case keys. */
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

/** Seed 002's payload of `support:ticket_created`. */
export type MtablesTicketCreatedEvent = {
  userId: number;
  role: 'customer';
  ticketId: number;
  ticketNumber: string;
};

/** Seed 002's payload of `support:ticket_escalated` and `support:ticket_status`. */
export type MtablesTicketStatusEvent = {
  userId: number;
  role: 'customer';
  ticketId: number;
  status: string;
};

/** The socket events seed 002 documents for mtables tickets. */
export const mtablesCustomerEvents: CustomerEventPresenter = (event) => {
  const { ticket } = event;
  const about = { userId: ticket.customerId, role: 'customer' as const, ticketId: ticket.id };
  const created: MtablesTicketCreatedEvent = { ...about, ticketNumber: ticket.ticketNumber };
  const status: MtablesTicketStatusEvent = { ...about, status: ticket.status };
  switch (event.type) {
    case 'ticket.created':
      return { name: 'support:ticket_created', payload: created };
    case 'ticket.escalated':
      return { name: 'support:ticket_escalated', payload: status };
    case 'ticket.status_changed':
    case 'ticket.closed':
      return { name: 'support:ticket_status', payload: status };
    default:
      return null;
  }
};
