import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor, CompiledSelects, isStaff, RequestContext } from '@mm/core';
import { TicketAccess } from '../ticket-access';
import { Ticket } from '../ticket.entity';
import { sqlList, TICKET_PRIORITIES, TICKET_STATUSES, TicketCategory, TicketPriority, TicketStatus } from '../ticket-vocabulary';
import { TicketCount } from './ticket-count.entity';

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
  /** False when counting stopped at the limit: at least `total` tickets match. */
  exact: boolean;
}

/**
 * A total the ticket_counts table cannot answer (a filter on priority,
 * category, customer, dates or a search) is counted up to this many matches,
 * or up to the requested page if that is further: at least this many means
 * "a lot" in a list, and counting every match of a broad search over a
 * million tickets would cost more than the page itself.
 */
export const COUNT_LIMIT = 10_000;
/** A search's total is counted up to 1,000 matches (Zendesk's and Meilisearch's limit on search results): enough to page through, cheap for a common word. */
export const SEARCH_COUNT_LIMIT = 1_000;
/**
 * A count that reached its limit is remembered this long for the same
 * viewer and filters: "at least 10,000" does not need counting again on
 * every page turn, and a broad search's count is most of its cost. Counts
 * below the limit are exact and never remembered.
 */
export const CAPPED_TOTAL_TTL_MS = 30_000;
const CAPPED_TOTALS_KEPT = 1_000;
/** Compiled list and count queries kept, by shape (see TicketSearch.shapes). */
const SHAPES_KEPT = 500;

/** Navbar badges (seed 003). Customers count all their tickets; staff count their active workload. */
export type TicketCounts =
  | { audience: 'customer'; unresolved: number; unread: number }
  | { audience: 'staff'; active: number; open: number; inProgress: number; unread: number };

/** Not resolved or closed: what the badges count (a customer's unresolved tickets, staff's workload). */
export const ACTIVE_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => s !== 'resolved' && s !== 'closed');

/** At most this many search words are used; each is matched as a prefix. */
const MAX_SEARCH_WORDS = 8;
const MAX_WORD_LENGTH = 64;

/**
 * Lists of tickets for the helpdesk and the consoles: always the actor's
 * visible tickets (TicketAccess), filtered, sorted and sliced in SQL. Each
 * call runs a fixed number of queries: the customer and the assignee come
 * in the same query, and a page adds at most one count (none while a capped
 * count is remembered).
 */
@Injectable()
export class TicketSearch {
  /** Keys of (viewer, filters, limit) whose count reached the limit; see CAPPED_TOTAL_TTL_MS. */
  private readonly cappedTotals = new LRUCache<string, true>({ max: CAPPED_TOTALS_KEPT, ttl: CAPPED_TOTAL_TTL_MS });
  /**
   * The list and count queries, compiled once per shape: the text of their
   * conditions and the order, never values (a page's limit and offset are
   * parameters, so paging deeper makes no new shape). Building SQL
   * with the query builder was the largest part of a list's CPU in the
   * service (docs/benchmarks.md).
   */
  private readonly shapes = new CompiledSelects<ObjectLiteral>(SHAPES_KEPT);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page and the total number of matching tickets (the helpdesk's paginator). */
  async page(ctx: RequestContext, filters: TicketFilters, order: TicketOrder, slice: Slice): Promise<TicketPage> {
    // Side by side on two connections: the latency of one query rather than two.
    const [{ total, exact }, tickets] = await Promise.all([
      this.total(ctx.actor, filters, slice.offset + slice.limit + 1),
      this.list(ctx, filters, order, slice),
    ]);
    return { tickets, total, exact };
  }

  /**
   * Matching tickets with their customer and assignee (id, name, email, phone).
   * The page's ids are picked first, from the tickets alone, and only those
   * rows are read and joined: a deep page skips index entries, not joined rows.
   */
  list(ctx: RequestContext, filters: TicketFilters, order: TicketOrder, slice: Slice): Promise<Ticket[]> {
    const where = this.conditions(ctx.actor, filters, 'paged');
    const shape = ['list', order.by, order.direction, ...where.map((c) => c.sql)];
    const query = this.shapes.get(shape, () => {
      const page = this.select(Ticket, 'paged', where).select('paged.id');
      sortBy(page, order, 'paged');
      const query = this.dataSource
        .getRepository(Ticket)
        .createQueryBuilder('ticket')
        .where(`ticket.id IN (${page.getQuery()} LIMIT :sliceLimit OFFSET :sliceOffset)`, { ...page.getParameters(), sliceLimit: slice.limit, sliceOffset: slice.offset })
        .leftJoin('ticket.customer', 'customer')
        .addSelect(['customer.id', 'customer.name', 'customer.email', 'customer.phone'])
        .leftJoin('ticket.assignee', 'assignee')
        .addSelect(['assignee.id', 'assignee.name', 'assignee.email']);
      sortBy(query, order, 'ticket');
      return query;
    });
    return query.getMany(this.dataSource.manager, { ...parametersOf(where), sliceLimit: slice.limit, sliceOffset: slice.offset }) as Promise<Ticket[]>;
  }

  /** The newest visible tickets, for the navbar dropdown. */
  latest(ctx: RequestContext, limit: number): Promise<Ticket[]> {
    return this.list(ctx, {}, NEWEST_FIRST, { limit, offset: 0 });
  }

  /**
   * Badge counts in one aggregate query: over a customer's own tickets
   * (customer index), or, for staff, over the ticket_counts rows of their
   * view (a few hundred rows however many tickets there are).
   * "Unread" is a ticket whose read flag for that side is down: a customer has
   * a staff reply they have not opened; staff have a new ticket or a customer
   * reply nobody on staff has opened.
   */
  async counts(ctx: RequestContext): Promise<TicketCounts> {
    const { actor } = ctx;
    const where = [TicketAccess.visibility(actor, 'ticket')];
    if (actor.role === 'customer') {
      const query = this.shapes.get(['customer counts', where[0].sql], () =>
        this.select(Ticket, 'ticket', where)
          .select([])
          .addSelect(`COUNT(*) FILTER (WHERE ticket.status IN (${sqlList(ACTIVE_STATUSES)}))`, 'unresolved')
          .addSelect('COUNT(*) FILTER (WHERE ticket.isCustomerRead = false)', 'unread'),
      );
      const [row] = await query.getRawMany<{ unresolved: string; unread: string }>(this.dataSource.manager, parametersOf(where));
      return { audience: 'customer', unresolved: Number(row?.unresolved ?? 0), unread: Number(row?.unread ?? 0) };
    }
    const query = this.shapes.get(['staff counts', where[0].sql], () =>
      this.select(TicketCount, 'ticket', where)
        .select([])
        .andWhere(`ticket.status IN (${sqlList(ACTIVE_STATUSES)})`)
        .addSelect('COALESCE(SUM(ticket.tickets), 0)', 'active')
        .addSelect("COALESCE(SUM(ticket.tickets) FILTER (WHERE ticket.status = 'open'), 0)", 'open')
        .addSelect("COALESCE(SUM(ticket.tickets) FILTER (WHERE ticket.status = 'in_progress'), 0)", 'in_progress')
        .addSelect('COALESCE(SUM(ticket.tickets) FILTER (WHERE ticket.isAdminRead = false), 0)', 'unread'),
    );
    const [row] = await query.getRawMany<{ active: string; open: string; in_progress: string; unread: string }>(this.dataSource.manager, parametersOf(where));
    return {
      audience: 'staff',
      active: Number(row?.active ?? 0),
      open: Number(row?.open ?? 0),
      inProgress: Number(row?.in_progress ?? 0),
      unread: Number(row?.unread ?? 0),
    };
  }

  /**
   * The paginator's total: from ticket_counts when only the status and the
   * assignee narrow a staff view (exact, whatever the size), else counted,
   * up to COUNT_LIMIT (a search: SEARCH_COUNT_LIMIT) matches or `needed`
   * (the end of the requested page).
   */
  private async total(actor: Actor, filters: TicketFilters, needed: number): Promise<{ total: number; exact: boolean }> {
    const where = this.conditions(actor, filters, 'ticket');
    if (isStaff(actor) && countedByKey(filters)) {
      const query = this.shapes.get(['counted total', ...where.map((c) => c.sql)], () =>
        this.select(TicketCount, 'ticket', where).select('COALESCE(SUM(ticket.tickets), 0)', 'total'),
      );
      const [row] = await query.getRawMany<{ total: string }>(this.dataSource.manager, parametersOf(where));
      return { total: Number(row?.total ?? 0), exact: true };
    }
    const limit = Math.max(filters.search === undefined ? COUNT_LIMIT : SEARCH_COUNT_LIMIT, needed);
    // Per actor, not per role: what they see and their own queue depend on who they are.
    const capped = JSON.stringify([actor.role, actor.id, actor.approved, filters, limit]);
    if (this.cappedTotals.has(capped)) return { total: limit, exact: false };
    const query = this.shapes.get(['total up to', ...where.map((c) => c.sql)], () => {
      const matching = this.select(Ticket, 'ticket', where).select('1');
      return this.dataSource
        .createQueryBuilder()
        .select('COUNT(*)', 'total')
        .from(`(${matching.getQuery()} LIMIT :countLimit)`, 'matching')
        .setParameters({ ...matching.getParameters(), countLimit: limit });
    });
    const [row] = await query.getRawMany<{ total: string }>(this.dataSource.manager, { ...parametersOf(where), countLimit: limit });
    const total = Number(row?.total ?? 0);
    if (total < limit) return { total, exact: true };
    this.cappedTotals.set(capped, true);
    return { total, exact: false };
  }

  /** The visibility rule and the filters, as SQL conditions on `alias`. */
  private conditions(actor: Actor, filters: TicketFilters, alias: string): Condition[] {
    return [TicketAccess.visibility(actor, alias), ...filterConditions(actor, filters, alias)];
  }

  /** A query over tickets (or ticket_counts, whose columns have the same names) under these conditions. */
  private select<T extends ObjectLiteral>(entity: new () => T, alias: string, where: Condition[]): SelectQueryBuilder<T> {
    const query = this.dataSource.getRepository(entity).createQueryBuilder(alias);
    where.forEach((condition, index) => (index ? query.andWhere(condition.sql, condition.params) : query.where(condition.sql, condition.params)));
    return query;
  }
}

interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

function parametersOf(conditions: Condition[]): Record<string, unknown> {
  return Object.assign({}, ...conditions.map((condition) => condition.params)) as Record<string, unknown>;
}

/** Filters that ticket_counts can answer: its key is (assignee, status, staff read flag). */
function countedByKey(filters: TicketFilters): boolean {
  return (
    !filters.priority && !filters.category && filters.search === undefined && filters.customerId === undefined && !filters.createdFrom && !filters.createdBefore
  );
}

/** The filters as conditions on a query over tickets (or over ticket_counts, whose columns have the same names). */
function filterConditions(actor: Actor, filters: TicketFilters, alias: string): Condition[] {
  const where: Condition[] = [];
  if (filters.status) where.push({ sql: `${alias}.status = :status`, params: { status: filters.status } });
  if (filters.priority) where.push({ sql: `${alias}.priority = :priority`, params: { priority: filters.priority } });
  if (filters.category) where.push({ sql: `${alias}.category = :category`, params: { category: filters.category } });
  if (filters.search !== undefined) where.push(matchSearch(filters.search, alias));
  if (isStaff(actor)) {
    if (filters.customerId !== undefined) where.push({ sql: `${alias}.customerId = :customerId`, params: { customerId: filters.customerId } });
    if (filters.assigneeId !== undefined) where.push({ sql: `${alias}.assigneeId = :assigneeId`, params: { assigneeId: filters.assigneeId } });
    if (filters.createdFrom) where.push({ sql: `${alias}.createdAt >= :createdFrom`, params: { createdFrom: filters.createdFrom } });
    if (filters.createdBefore) where.push({ sql: `${alias}.createdAt < :createdBefore`, params: { createdBefore: filters.createdBefore } });
    if (filters.myQueue) where.push({ sql: `(${alias}.assigneeId = :queueOwner OR ${alias}.assigneeId IS NULL)`, params: { queueOwner: actor.id } });
  }
  return where;
}

/** The words of a search box as a prefix tsquery (`wrong:* & prod:*`); only letters and digits survive, so no tsquery syntax gets in. */
export function searchQuery(search: string): string | null {
  const words = (search.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_SEARCH_WORDS).map((w) => w.slice(0, MAX_WORD_LENGTH).toLowerCase());
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * Full-text search on the tickets' stored search_vector (subject, description
 * and message bodies, never internal notes; TicketSearchVector migration),
 * every word a prefix, or an exact ticket number. One indexed column of the
 * tickets themselves: the planner walks the newest tickets for a common word
 * and uses the GIN index for a rare one. The visibility rule still applies.
 */
export function matchSearch(search: string, alias: string): { sql: string; params: Record<string, unknown> } {
  const tsquery = searchQuery(search);
  const searchNumber = search.trim().toUpperCase();
  if (!tsquery) return { sql: `${alias}.ticketNumber = :searchNumber`, params: { searchNumber } };
  return { sql: `(${alias}.searchVector @@ to_tsquery('simple', :searchQuery) OR ${alias}.ticketNumber = :searchNumber)`, params: { searchQuery: tsquery, searchNumber } };
}

const RANKS: Partial<Record<TicketSort, readonly string[]>> = { priority: TICKET_PRIORITIES, status: TICKET_STATUSES };
const COLUMNS: Partial<Record<TicketSort, string>> = { created_at: 'createdAt', updated_at: 'updatedAt', id: 'id' };

/** Priority and status sort by rank (urgent above high; the workflow's order), not alphabetically. */
function sortBy(query: SelectQueryBuilder<Ticket>, order: TicketOrder, alias: string): void {
  const ranks = RANKS[order.by];
  if (ranks) {
    query.orderBy(`array_position(ARRAY[${ranks.map((r) => `'${r}'`).join(', ')}]::text[], ${alias}.${order.by})`, order.direction);
  } else {
    query.orderBy(`${alias}.${COLUMNS[order.by]!}`, order.direction);
  }
  if (order.by !== 'id') query.addOrderBy(`${alias}.id`, order.direction);
}
