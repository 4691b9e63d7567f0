import { DomainError, DomainErrorCode } from '@mm/core';
import { GamificationError } from '@mm/gamification';
import { ORIGIN_CATEGORIES, SERVICE_TYPES, ServiceType, Ticket, CustomerEventPresenter } from '@mm/ticket';
import type { MtxiActionResponseDto, MtxiCreatedResponseDto, MtxiTicketResponseDto } from './dto/mtxi-responses.dto';

/** mtxi's vocabulary: statuses, priorities and issue types UPPER (issue types accepted in any case); service types lower. */
export const MTXI_ISSUE_TYPES = ORIGIN_CATEGORIES.mtxi.map((t) => t.toUpperCase());
const upper = (value: string) => value.toUpperCase();

export function mtxiServiceType(value: string): ServiceType {
  const serviceType = SERVICE_TYPES.find((t) => t === value.trim().toLowerCase());
  if (!serviceType) throw new DomainError(DomainErrorCode.InvalidServiceType, 'Invalid service type');
  return serviceType;
}

export function mtxiCreated(ticket: Ticket, gamificationError: GamificationError | null): MtxiCreatedResponseDto {
  return { status: 'success', message: 'Support ticket created', data: { ticketId: ticket.id, ticketNumber: ticket.ticketNumber, gamificationError } };
}

export function mtxiAction(message: string, ticket: Ticket, gamificationError: GamificationError | null): MtxiActionResponseDto {
  return { status: 'success', message, data: { ticketId: ticket.id, gamificationError } };
}

export function mtxiTicket(ticket: Ticket): MtxiTicketResponseDto {
  const { ride, order, booking } = ticket;
  return {
    status: 'success',
    message: 'Ticket status retrieved',
    data: {
      ticketId: ticket.id,
      ticketNumber: ticket.ticketNumber,
      serviceType: ticket.serviceType,
      issueType: upper(ticket.category),
      status: upper(ticket.status),
      priority: upper(ticket.priority),
      description: ticket.description,
      groupCustomerIds: ticket.groupCustomerIds,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      ride: ride ? { id: ride.id, pickupLocation: ride.pickupLocation, dropoffLocation: ride.dropoffLocation } : null,
      order: order ? { id: order.id, orderNumber: order.orderNumber, status: order.status } : null,
      booking: booking
        ? { id: booking.id, bookingNumber: booking.bookingNumber, status: booking.status, venueName: booking.venueName, startsAt: booking.startsAt?.toISOString() ?? null }
        : null,
    },
  };
}

const MTXI_EVENT_NAMES = {
  'ticket.created': 'support:ticket_created',
  'ticket.escalated': 'support:ticket_escalated',
  'ticket.closed': 'support:ticket_closed',
} as const;

/** Seed 001 documents the event names only; SPEC section 3 fixes the payload, in mtxi's UPPER vocabulary. */
export type MtxiTicketEvent = {
  ticketId: number;
  ticketNumber: string;
  status: string;
  serviceType: string | null;
  customerId: number;
};

/** The socket events seed 001 names, with the payload SPEC section 3 gives them, in mtxi's vocabulary. */
export const mtxiCustomerEvents: CustomerEventPresenter = (event) => {
  const name = MTXI_EVENT_NAMES[event.type as keyof typeof MTXI_EVENT_NAMES];
  if (!name) return null;
  const { ticket } = event;
  const payload: MtxiTicketEvent = { ticketId: ticket.id, ticketNumber: ticket.ticketNumber, status: upper(ticket.status), serviceType: ticket.serviceType, customerId: ticket.customerId };
  return { name, payload };
};
