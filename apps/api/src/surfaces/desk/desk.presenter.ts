import { AuditEntryWithActor, CursorPage } from '@mm/core';
import { TicketSla } from '@mm/sla';
import { Ticket } from '@mm/ticket';
import { AuditEntryDto } from './dto/audit-entry.response';
import { DeskReferenceDto, DeskTicketDto } from './dto/desk-ticket.response';

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function reference(ticket: Ticket): DeskReferenceDto | null {
  if (ticket.order) return { type: 'order', id: ticket.order.id, number: ticket.order.orderNumber };
  if (ticket.booking) return { type: 'booking', id: ticket.booking.id, number: ticket.booking.bookingNumber };
  if (ticket.ride) return { type: 'ride', id: ticket.ride.id, number: null };
  return null;
}

/**
 * The desk ticket (SPEC 7.1) of a ticket loaded with DESK_TICKET_RELATIONS:
 * canonical vocabulary, camelCase, ISO-8601 UTC times, and its service level
 * (SlaClocksService.slaFor / slaForTickets; null when no policy applies).
 */
export function presentDeskTicket(ticket: Ticket, sla: TicketSla | null): DeskTicketDto {
  if (!ticket.customer) throw new Error('presentDeskTicket needs the ticket loaded with DESK_TICKET_RELATIONS');
  return {
    id: ticket.id,
    ticketNumber: ticket.ticketNumber,
    origin: ticket.origin,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    escalationLevel: ticket.escalationLevel,
    customer: { id: ticket.customer.id, name: ticket.customer.name, email: ticket.customer.email, locale: ticket.customer.locale },
    assignee: ticket.assignee ? { id: ticket.assignee.id, name: ticket.assignee.name } : null,
    groupCustomerIds: ticket.groupCustomerIds,
    reference: reference(ticket),
    tags: ticket.tags,
    sla,
    possibleDuplicateOf: ticket.possibleDuplicateOf,
    mergedIntoId: ticket.mergedIntoId,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: iso(ticket.resolvedAt),
    closedAt: iso(ticket.closedAt),
  };
}

/** A desk list page: `{data, nextCursor}`. */
export function presentPage<T, D>(page: CursorPage<T>, present: (item: T) => D): { data: D[]; nextCursor: string | null } {
  return { data: page.items.map(present), nextCursor: page.nextCursor };
}

export function presentAuditEntry({ entry, actorName }: AuditEntryWithActor): AuditEntryDto {
  return {
    id: Number(entry.id),
    actor: { id: entry.actorId, role: entry.actorRole, name: actorName },
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    createdAt: entry.createdAt.toISOString(),
  };
}
