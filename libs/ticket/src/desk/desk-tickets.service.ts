import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CompiledSelects, CursorPage, Keyset, keysetPage, keysetQuery, PageRequest, RequestContext, RequestValidationError, TicketOrigin, Transactions } from '@mm/core';
import { TicketAccess, TicketRelation } from '../ticket-access';
import { recordTicketChange } from '../ticket-changes';
import { normalizeTag, normalizeTags } from '../ticket-tags';
import { assertTicketVersion } from '../ticket-version';
import { Ticket } from '../ticket.entity';
import { sqlList, TICKET_PRIORITIES, TicketCategory, TicketPriority, TicketStatus } from '../ticket-vocabulary';
import { matchSearch } from './ticket-search.service';

/** What the desk ticket shows besides the row: who, and what it is about. */
export const DESK_TICKET_RELATIONS: TicketRelation[] = ['customer', 'assignee', 'ride', 'order', 'booking'];
/** The columns of DESK_TICKET_RELATIONS a desk ticket shows. */
const DESK_LIST_COLUMNS: Partial<Record<TicketRelation, string[]>> = {
  customer: ['id', 'name', 'email', 'locale'],
  assignee: ['id', 'name'],
  ride: ['id'],
  order: ['id', 'orderNumber'],
  booking: ['id', 'bookingNumber'],
};
const PAGE_SHAPES_KEPT = 200;

export const DESK_SORTS = ['created_at', 'updated_at', 'sla_due', 'priority'] as const;
export type DeskSort = (typeof DESK_SORTS)[number];
export type DeskOrder = 'asc' | 'desc';

/** One value, or several (any of them: a saved view's filters, SPEC 7.4). */
export type OneOrMany<T> = T | T[];
export type DeskAssignee = 'me' | 'unassigned' | number;
/** SQL over a tickets alias that service levels (libs/sla) provide for the desk list; see DeskTickets.useServiceLevels. */
export interface DeskServiceLevelSql {
  /** The ticket's most urgent pending due time, or null. */
  nextDue(alias: string): string;
  /** Whether any clock of the ticket has breached. */
  breached(alias: string): string;
}

/** Tickets without a pending due time sort after every real one (a keyset needs a non-null key); ix_tickets_sla_due indexes this very expression. */
const NO_DUE_TIME = `'9999-12-31 00:00:00+00'::timestamptz`;

export interface DeskTicketFilters {
  status?: OneOrMany<TicketStatus>;
  priority?: OneOrMany<TicketPriority>;
  origin?: OneOrMany<TicketOrigin>;
  category?: OneOrMany<TicketCategory>;
  tag?: OneOrMany<string>;
  /** `me`: the caller's; `unassigned`: the queue; a number: that agent's (still within the caller's visibility). */
  assignee?: OneOrMany<DeskAssignee>;
  /** Only tickets with a breached service-level clock. */
  breached?: true;
  search?: string;
  customerId?: number;
}

const PRIORITY_RANK = `array_position(ARRAY[${sqlList(TICKET_PRIORITIES)}]::text[], ticket.priority)`;

/** Each sort as a keyset on an index (ix_tickets_created / ix_tickets_updated / ix_tickets_priority_rank; sla_due: ix_tickets_sla_due). */
const SORT_COLUMNS: Record<Exclude<DeskSort, 'sla_due'>, Keyset['columns']> = {
  created_at: [
    { sql: 'ticket.created_at', type: 'timestamptz' },
    { sql: 'ticket.id', type: 'int' },
  ],
  updated_at: [
    { sql: 'ticket.updated_at', type: 'timestamptz' },
    { sql: 'ticket.id', type: 'int' },
  ],
  priority: [
    { sql: PRIORITY_RANK, type: 'int' },
    { sql: 'ticket.id', type: 'int' },
  ],
};

/**
 * The staff ticket resource of the desk API (SPEC 7.1): one ticket, cursor
 * lists within the caller's visibility (TicketAccess), and tags. Every
 * change takes the If-Match version the client saw (assertTicketVersion).
 */
@Injectable()
export class DeskTickets {
  private serviceLevels?: DeskServiceLevelSql;
  private readonly pages = new CompiledSelects<Ticket>(PAGE_SHAPES_KEPT);

  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Enables `sort=sla_due` and `breached=true` (until then: 400 and no tickets). */
  useServiceLevels(sql: DeskServiceLevelSql): void {
    this.serviceLevels = sql;
  }

  /** The ticket with what the desk ticket shows, if the caller sees it. */
  get(ctx: RequestContext, ticketId: number, manager: EntityManager = this.dataSource.manager): Promise<Ticket> {
    return TicketAccess.findForActor(manager, ctx.actor, ticketId, 'read', { relations: DESK_TICKET_RELATIONS });
  }

  /** One page of the caller's visible tickets, filtered, in keyset order: page 1,000 costs what page 1 costs. */
  list(ctx: RequestContext, filters: DeskTicketFilters, sort: DeskSort, order: DeskOrder, page: PageRequest): Promise<CursorPage<Ticket>> {
    const query = this.visibleQuery(ctx, filters);
    const keyset = this.keysetOf(sort, order);
    // Lists of one value per filter (no `IN (:...list)`) are compiled once per shape: building the SQL was most of a page's CPU.
    const spreads = filters.assignee !== undefined || [filters.status, filters.priority, filters.origin, filters.category].some(Array.isArray);
    const conditions = query.expressionMap.wheres.map((where) => where.condition);
    if (spreads || !conditions.every((condition) => typeof condition === 'string')) return keysetPage(query, keyset, page);
    const shape = [conditions.join(' AND ')];
    return keysetPage(query, keyset, page, { selects: this.pages, shape });
  }

  /**
   * How many of the caller's visible tickets match, counted up to `limit` and no further: the
   * count walks at most `limit` matching rows however many tickets there are (`capped` when it got there).
   */
  async countUpTo(ctx: RequestContext, filters: DeskTicketFilters, limit: number): Promise<{ count: number; capped: boolean }> {
    const matching = TicketAccess.visibleTickets(this.dataSource.manager, ctx.actor).select('1');
    applyFilters(matching, ctx, filters);
    matching.limit(limit);
    const [sql, params] = matching.getQueryAndParameters();
    const [row] = (await this.dataSource.manager.query(`SELECT COUNT(*)::int AS count FROM (${sql}) AS matching`, params)) as { count: number }[];
    return { count: row.count, capped: row.count >= limit };
  }

  /** The SQL of one list page (for EXPLAIN: every sort must walk an index from the cursor on). */
  listQuery(ctx: RequestContext, filters: DeskTicketFilters, sort: DeskSort, order: DeskOrder, page: PageRequest): SelectQueryBuilder<Ticket> {
    return keysetQuery(this.visibleQuery(ctx, filters), this.keysetOf(sort, order), page);
  }

  private visibleQuery(ctx: RequestContext, filters: DeskTicketFilters): SelectQueryBuilder<Ticket> {
    const query = TicketAccess.visibleTickets(this.dataSource.manager, ctx.actor);
    // What a desk ticket shows of each relation (presentDeskTicket), not whole rows.
    for (const relation of DESK_TICKET_RELATIONS) {
      query.leftJoin(`ticket.${relation}`, relation).addSelect(DESK_LIST_COLUMNS[relation]!.map((column) => `${relation}.${column}`));
    }
    applyFilters(query, ctx, filters);
    if (filters.breached) query.andWhere(this.serviceLevels ? this.serviceLevels.breached('ticket') : 'FALSE');
    return query;
  }

  private keysetOf(sort: DeskSort, order: DeskOrder): Keyset {
    const direction = order === 'asc' ? 'ASC' : 'DESC';
    if (sort === 'sla_due') {
      if (!this.serviceLevels) throw new RequestValidationError({ sort: ['sort sla_due is not available until service levels are enabled'] });
      const due = `COALESCE(${this.serviceLevels.nextDue('ticket')}, ${NO_DUE_TIME})`;
      return { name: `${sort}.${order}`, columns: [{ sql: due, type: 'timestamptz' }, { sql: 'ticket.id', type: 'int' }], direction };
    }
    return { name: `${sort}.${order}`, columns: SORT_COLUMNS[sort], direction };
  }

  /** Replaces the ticket's tags (staff working it); a list equal to the current one changes nothing. */
  async setTags(ctx: RequestContext, ticketId: number, input: readonly string[], expectedVersion?: number): Promise<Ticket> {
    const tags = normalizeTags(input);
    await this.transactions.run(async (manager) => {
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'work', { lock: true });
      assertTicketVersion(ticket, expectedVersion);
      if (sameTags(ticket.tags, tags)) return;
      const now = new Date();
      const before = ticket.tags;
      await manager.update(Ticket, { id: ticket.id }, { tags, updatedAt: now });
      Object.assign(ticket, { tags, updatedAt: now });
      const details = { changes: { tags: { from: before, to: tags } } };
      // Tags are staff labels: the event (which reaches the customer's apps) says what changed, not the values.
      await recordTicketChange(manager, ticket, ctx.actor, { history: 'updated', event: 'ticket.updated', details, eventDetails: { changed: ['tags'] } }, now);
    });
    return this.get(ctx, ticketId);
  }
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

function applyFilters(query: SelectQueryBuilder<Ticket>, ctx: RequestContext, filters: DeskTicketFilters): void {
  anyOf(query, 'ticket.status', 'status', filters.status);
  anyOf(query, 'ticket.priority', 'priority', filters.priority);
  anyOf(query, 'ticket.origin', 'origin', filters.origin);
  anyOf(query, 'ticket.category', 'category', filters.category);
  if (filters.tag !== undefined) query.andWhere('ticket.tags && :tags::text[]', { tags: listOf(filters.tag).map(normalizeTag) });
  if (filters.customerId !== undefined) query.andWhere('ticket.customerId = :customerId', { customerId: filters.customerId });
  if (filters.assignee !== undefined) {
    const assignees = listOf(filters.assignee);
    const ids = assignees.map((a) => (a === 'me' ? ctx.actor.id : a)).filter((a): a is number => typeof a === 'number');
    const either = [ids.length ? 'ticket.assigneeId IN (:...assigneeIds)' : null, assignees.includes('unassigned') ? 'ticket.assigneeId IS NULL' : null].filter(Boolean);
    query.andWhere(`(${either.join(' OR ')})`, { assigneeIds: ids });
  }
  if (filters.search !== undefined) {
    const { sql, params } = matchSearch(filters.search, 'ticket');
    query.andWhere(sql, params);
  }
}

function listOf<T>(value: OneOrMany<T>): T[] {
  return Array.isArray(value) ? value : [value];
}

/** `column` equal to the value, or to any of the values. */
function anyOf(query: SelectQueryBuilder<Ticket>, column: string, name: string, value: OneOrMany<string> | undefined): void {
  if (value === undefined) return;
  if (Array.isArray(value)) query.andWhere(`${column} IN (:...${name})`, { [name]: value });
  else query.andWhere(`${column} = :${name}`, { [name]: value });
}
