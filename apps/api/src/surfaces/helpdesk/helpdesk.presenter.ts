import { FastifyRequest } from 'fastify';
import { User } from '@mm/auth';
import { TicketMessage } from '@mm/messaging';
import { Order, Ticket, TicketCounts } from '@mm/ticket';
import type {
  HelpdeskCountResponseDto,
  HelpdeskLatestTicketDto,
  HelpdeskMessageDto,
  HelpdeskOrderCancelledDto,
  HelpdeskPaginatorDto,
  HelpdeskTicketDto,
} from './dto/helpdesk-responses.dto';

/** Laravel's JSON dates: `2026-01-22T10:30:00.000000Z` (microseconds). */
export function laravelTime(date: Date): string;
export function laravelTime(date: Date | null): string | null;
export function laravelTime(date: Date | null): string | null {
  return date ? `${date.toISOString().slice(0, -1)}000Z` : null;
}

const person = (user: User | null | undefined) => (user ? { id: user.id, name: user.name, email: user.email } : null);

/** Which relations a response carries, as each example of seed 003 shows them. */
export interface TicketShape {
  /** The customer: `basic` {id, name, email}; `contact` adds the phone (single ticket). */
  customer: 'basic' | 'contact';
  assignedAdmin?: boolean;
  lastRepliedByUser?: boolean;
}

export function helpdeskTicket(ticket: Ticket, shape: TicketShape): HelpdeskTicketDto {
  const { customer, assignee, lastRepliedByUser } = ticket;
  const dto: HelpdeskTicketDto = {
    id: ticket.id,
    ticket_number: ticket.ticketNumber,
    customer_id: ticket.customerId,
    assigned_to: ticket.assigneeId,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    message_count: ticket.messageCount,
    is_customer_read: ticket.isCustomerRead,
    is_admin_read: ticket.isAdminRead,
    resolved_at: laravelTime(ticket.resolvedAt),
    closed_at: laravelTime(ticket.closedAt),
    last_replied_at: laravelTime(ticket.lastRepliedAt),
    last_replied_by: ticket.lastRepliedBy,
    created_at: laravelTime(ticket.createdAt),
    updated_at: laravelTime(ticket.updatedAt),
    customer: customer ? { ...person(customer)!, ...(shape.customer === 'contact' ? { phone: customer.phone } : {}) } : null,
  };
  if (shape.assignedAdmin) dto.assigned_admin = person(assignee);
  if (shape.lastRepliedByUser) dto.last_replied_by_user = lastRepliedByUser ? { id: lastRepliedByUser.id, name: lastRepliedByUser.name } : null;
  return dto;
}

export function helpdeskMessage(message: TicketMessage): HelpdeskMessageDto {
  const fromCustomer = message.senderType === 'customer';
  return {
    id: message.id,
    ticket_id: message.ticketId,
    customer_id: fromCustomer ? message.senderId : null,
    admin_id: fromCustomer ? null : message.senderId,
    message: message.body,
    sender_type: message.senderType,
    is_read: message.isRead,
    read_at: laravelTime(message.readAt),
    attachments: message.attachments,
    created_at: laravelTime(message.createdAt),
    updated_at: laravelTime(message.updatedAt),
    customer: fromCustomer ? person(message.sender) : null,
    admin: fromCustomer ? null : person(message.sender),
  };
}

export function helpdeskLatest(ticket: Ticket): HelpdeskLatestTicketDto {
  return {
    id: ticket.id,
    ticket_number: ticket.ticketNumber,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    is_customer_read: ticket.isCustomerRead,
    created_at: laravelTime(ticket.createdAt),
    customer: ticket.customer ? { id: ticket.customer.id, name: ticket.customer.name } : null,
  };
}

/** Seed 003 note: `count` is the unread tickets when there are any, otherwise the unresolved ones. */
export function helpdeskCounts(counts: TicketCounts): HelpdeskCountResponseDto {
  if (counts.audience === 'customer') {
    return { success: true, total_unresolved: counts.unresolved, unread_count: counts.unread, count: counts.unread > 0 ? counts.unread : counts.unresolved };
  }
  return {
    success: true,
    total_tickets: counts.active,
    open_tickets: counts.open,
    in_progress_tickets: counts.inProgress,
    unread_count: counts.unread,
    count: counts.unread > 0 ? counts.unread : counts.active,
  };
}

export function helpdeskCancelledOrder(order: Order): HelpdeskOrderCancelledDto {
  return {
    id: order.id,
    order_number: order.orderNumber,
    status: order.status,
    cancellation_reason: order.cancellationReason,
    cancelled_at: laravelTime(order.cancelledAt),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** `date_from` / `date_to` as a half-open range: a date covers its whole day (UTC), a date-time is taken as it is. */
export function createdRange(from?: string, to?: string): { createdFrom?: Date; createdBefore?: Date } {
  const at = (value: string) => new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
  const range: { createdFrom?: Date; createdBefore?: Date } = {};
  if (from) range.createdFrom = at(from);
  if (to) range.createdBefore = new Date(at(to).getTime() + (DATE_ONLY.test(to) ? DAY_MS : 1));
  return range;
}

/**
 * The list's own URL without the query: under PUBLIC_BASE_URL when configured, else relative.
 * Never from the Host header, which the client writes.
 */
export function listUrl(request: FastifyRequest, publicBaseUrl: string | undefined): { path: string; query: URLSearchParams } {
  const [pathname, search = ''] = request.url.split('?');
  return { path: `${publicBaseUrl ?? ''}${pathname}`, query: new URLSearchParams(search) };
}

/**
 * Laravel's length-aware paginator. Page links keep the request's other
 * query parameters (filters, sort, per_page), so following them stays on
 * the same list.
 */
export function laravelPaginator<T>(
  items: T[],
  total: number,
  page: number,
  perPage: number,
  url: { path: string; query: URLSearchParams },
  exact = true,
): HelpdeskPaginatorDto<T> {
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const pageUrl = (n: number) => {
    const query = new URLSearchParams(url.query);
    query.set('page', String(n));
    return `${url.path}?${query.toString()}`;
  };
  const from = items.length ? (page - 1) * perPage + 1 : null;
  return {
    current_page: page,
    data: items,
    first_page_url: pageUrl(1),
    from,
    last_page: lastPage,
    last_page_url: pageUrl(lastPage),
    next_page_url: page < lastPage ? pageUrl(page + 1) : null,
    path: url.path,
    per_page: perPage,
    prev_page_url: page > 1 ? pageUrl(page - 1) : null,
    to: from === null ? null : from + items.length - 1,
    total,
    ...(exact ? {} : { total_is_exact: false as const }),
  };
}
