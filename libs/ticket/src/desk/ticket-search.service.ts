import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Actor, isStaff, RequestContext } from '@mm/core';
import { TicketAccess } from '../ticket-access';
import { Ticket } from '../ticket.entity';
import { TICKET_PRIORITIES, TICKET_STATUSES, TicketCategory, TicketPriority, TicketStatus } from '../ticket-vocabulary';

export interface TicketFilters {
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: TicketCategory;
  /** Full-text search over subject, description and messages (prefix match on each word), or an exact ticket number. */
  search?: string;
  /** Staff only: ignored for customers, whose view is their own tickets anyway. */
  customerId?: number;
  /** Staff only. */
  assigneeId?: number;
  /** Staff only: created at or after. */
  createdFrom?: Date;
  /** Staff only: created before. */
  createdBefore?: Date;
  /** The staff work queue: tickets assigned to the actor plus the unassigned queue. */
  myQueue?: boolean;
}

/** Sort keys a list accepts; each is an index or a small ranked set, with the id as tie-breaker. */
export const TICKET_SORTS = ['created_at', 'updated_at', 'priority', 'status', 'id'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketOrder {
  by: TicketSort;
  direction: 'ASC' | 'DESC';
}

export const NEWEST_FIRST: TicketOrder = { by: 'created_at', direction: 'DESC' };

export interface Slice {
  limit: number;
  offset: number;
}

export interface TicketPage {
  tickets: Ticket[];
  total: number;
}

/** Navbar badges (seed 003). Customers count all their tickets; staff count their active workload. */
export type TicketCounts =
  | { audience: 'customer'; unresolved: number; unread: number }
  | { audience: 'staff'; active: number; open: number; inProgress: number; unread: number };

/** Not resolved or closed: the statuses a badge counts for staff (history is not workload). */
export const ACTIVE_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

/** At most this many search words are used; each is matched as a prefix. */
const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 64;

/**
 * Lists of tickets for the helpdesk and the consoles: always the actor's
 * visible tickets (TicketAccess), filtered, sorted and sliced in SQL. Each
 * call runs a fixed number of queries: the customer and the assignee come
 * in the same query, and a page adds one count.
 */
@Injectable()
export class TicketSearch {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page and the total number of matching tickets (the helpdesk's paginator). */
  async page(ctx: RequestContext, filters: TicketFilters, order: TicketOrder, slice: Slice): Promise<TicketPage> {
    const total = await this.filtered(ctx.actor, filters).getCount();
    const tickets = total > slice.offset ? await this.list(ctx, filters, order, slice) : [];
    return { tickets, total };
  }

  /** Matching tickets with their customer and assignee (id, name, email, phone). */
  list(ctx: RequestContext, filters: TicketFilters, order: TicketOrder, slice: Slice): Promise<Ticket[]> {
    const query = this.filtered(ctx.actor, filters)
      .leftJoin('ticket.customer', 'customer')
      .addSelect(['customer.id', 'customer.name', 'customer.email', 'customer.phone'])
      .leftJoin('ticket.assignee', 'assignee')
      .addSelect(['assignee.id', 'assignee.name', 'assignee.email']);
    sortBy(query, order);
    // Many-to-one joins do not multiply rows, so LIMIT/OFFSET apply to tickets directly.
    return query.limit(slice.limit).offset(slice.offset).getMany();
  }

  /** The newest visible tickets, for the navbar dropdown. */
  latest(ctx: RequestContext, limit: number): Promise<Ticket[]> {
    return this.list(ctx, {}, NEWEST_FIRST, { limit, offset: 0 });
  }

  /**
   * Badge counts in one aggregate query on indexed columns: a customer's own
   * tickets (customer index), or staff's active tickets (status index; for
   * agents also their assignee and the unassigned-queue indexes).
   * "Unread" is a ticket whose read flag for that side is down: a customer has
   * a staff reply they have not opened; staff have a new ticket or a customer
   * reply nobody on staff has opened.
   */
  async counts(ctx: RequestContext): Promise<TicketCounts> {
    const { actor } = ctx;
    const query = TicketAccess.visibleTickets(this.dataSource.manager, actor).select([]);
    if (actor.role === 'customer') {
      const row = await query
        .addSelect('COUNT(*) FILTER (WHERE ticket.status NOT IN (:...done))', 'unresolved')
        .addSelect('COUNT(*) FILTER (WHERE ticket.isCustomerRead = false)', 'unread')
        .setParameter('done', ['resolved', 'closed'])
        .getRawOne<{ unresolved: string; unread: string }>();
      return { audience: 'customer', unresolved: Number(row?.unresolved ?? 0), unread: Number(row?.unread ?? 0) };
    }
    const row = await query
      .andWhere('ticket.status IN (:...active)', { active: ACTIVE_STATUSES })
      .addSelect('COUNT(*)', 'active')
      .addSelect("COUNT(*) FILTER (WHERE ticket.status = 'open')", 'open')
      .addSelect("COUNT(*) FILTER (WHERE ticket.status = 'in_progress')", 'in_progress')
      .addSelect('COUNT(*) FILTER (WHERE ticket.isAdminRead = false)', 'unread')
      .getRawOne<{ active: string; open: string; in_progress: string; unread: string }>();
    return {
      audience: 'staff',
      active: Number(row?.active ?? 0),
      open: Number(row?.open ?? 0),
      inProgress: Number(row?.in_progress ?? 0),
      unread: Number(row?.unread ?? 0),
    };
  }

  private filtered(actor: Actor, filters: TicketFilters): SelectQueryBuilder<Ticket> {
    const query = TicketAccess.visibleTickets(this.dataSource.manager, actor);
    if (filters.status) query.andWhere('ticket.status = :status', { status: filters.status });
    if (filters.priority) query.andWhere('ticket.priority = :priority', { priority: filters.priority });
    if (filters.category) query.andWhere('ticket.category = :category', { category: filters.category });
    if (filters.search !== undefined) matchSearch(query, filters.search);
    if (isStaff(actor)) {
      if (filters.customerId !== undefined) query.andWhere('ticket.customerId = :customerId', { customerId: filters.customerId });
      if (filters.assigneeId !== undefined) query.andWhere('ticket.assigneeId = :assigneeId', { assigneeId: filters.assigneeId });
      if (filters.createdFrom) query.andWhere('ticket.createdAt >= :createdFrom', { createdFrom: filters.createdFrom });
      if (filters.createdBefore) query.andWhere('ticket.createdAt < :createdBefore', { createdBefore: filters.createdBefore });
      if (filters.myQueue) query.andWhere('(ticket.assigneeId = :queueOwner OR ticket.assigneeId IS NULL)', { queueOwner: actor.id });
    }
    return query;
  }
}

/** The words of a search box as a prefix tsquery (`wrong:* & prod:*`); only letters and digits survive, so no tsquery syntax gets in. */
export function searchQuery(search: string): string | null {
  const words = (search.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_SEARCH_WORDS).map((w) => w.slice(0, MAX_WORD_LENGTH).toLowerCase());
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * Full-text search through the GIN expression indexes of the FullTextSearch
 * migration (tickets: subject + description; messages: body) — the
 * expressions here must stay identical to the indexed ones. Internal notes
 * are never searched: a customer must not find a ticket by a note's words.
 * Each branch of the UNION runs on its own index; the visibility rule still
 * applies to the tickets found.
 */
function matchSearch(query: SelectQueryBuilder<Ticket>, search: string): void {
  const tsquery = searchQuery(search);
  const byNumber = 'SELECT t.id FROM tickets t WHERE t.ticket_number = :searchNumber';
  if (!tsquery) {
    query.andWhere(`ticket.id IN (${byNumber})`, { searchNumber: search.trim().toUpperCase() });
    return;
  }
  query.andWhere(
    `ticket.id IN (
      SELECT t.id FROM tickets t WHERE to_tsvector('simple', t.subject || ' ' || t.description) @@ to_tsquery('simple', :searchQuery)
      UNION SELECT m.ticket_id FROM ticket_messages m WHERE to_tsvector('simple', m.body) @@ to_tsquery('simple', :searchQuery)
      UNION ${byNumber})`,
    { searchQuery: tsquery, searchNumber: search.trim().toUpperCase() },
  );
}

const RANKS: Partial<Record<TicketSort, readonly string[]>> = { priority: TICKET_PRIORITIES, status: TICKET_STATUSES };
const COLUMNS: Partial<Record<TicketSort, string>> = { created_at: 'ticket.createdAt', updated_at: 'ticket.updatedAt', id: 'ticket.id' };

/** Priority and status sort by rank (urgent above high; the workflow's order), not alphabetically. */
function sortBy(query: SelectQueryBuilder<Ticket>, order: TicketOrder): void {
  const ranks = RANKS[order.by];
  if (ranks) {
    query.addSelect(`array_position(ARRAY[${ranks.map((r) => `'${r}'`).join(', ')}]::text[], ticket.${order.by})`, 'sort_rank').orderBy('sort_rank', order.direction);
  } else {
    query.orderBy(COLUMNS[order.by]!, order.direction);
  }
  if (order.by !== 'id') query.addOrderBy('ticket.id', order.direction);
}
