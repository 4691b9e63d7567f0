import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CursorPage, DomainError, DomainErrorCode, keysetPage, PageRequest, recordAudit, RequestContext, Transactions } from '@mm/core';
import { DeskOrder, DeskSort, DeskTickets, Ticket } from '@mm/ticket';
import { assertMayChange, findVisible, ownerOf, visibleTo } from './config-access';
import { SavedView, Visibility } from './productivity.entities';
import { validateViewFilters, ViewFilters } from './productivity-validation';

export interface ViewInput {
  name: string;
  visibility: Visibility;
  filters?: unknown;
  sort?: DeskSort;
  order?: DeskOrder;
}

/** Counts are exact up to this many tickets; beyond, a view shows "10000+" (SPEC 7.4). */
export const EXACT_COUNT_LIMIT = 10_000;
/** The views counted in one request: the caller's first ones by id. */
export const MAX_COUNTED_VIEWS = 100;

/**
 * Saved views (SPEC 7.4): the desk list's filters and sort under a name. Their
 * tickets and counts come from the desk list's own query (DeskTickets), so a
 * view shows exactly what the same filters show in the list, within the
 * caller's visibility.
 */
@Injectable()
export class ViewsService {
  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deskTickets: DeskTickets,
  ) {}

  list(ctx: RequestContext, page: PageRequest): Promise<CursorPage<SavedView>> {
    const query = visibleTo(this.dataSource.getRepository(SavedView).createQueryBuilder('view'), 'view', ctx.actor);
    return keysetPage(query, { name: 'views', columns: [{ sql: 'view.id', type: 'int' }], direction: 'ASC' }, page);
  }

  get(ctx: RequestContext, id: number): Promise<SavedView> {
    return findVisible(this.dataSource.manager, SavedView, ctx.actor, id, notFound);
  }

  create(ctx: RequestContext, input: ViewInput): Promise<SavedView> {
    const fields = validated(input);
    assertMayChange(ctx.actor, fields, 'views');
    return this.transactions.run(async (manager) => {
      const view = await manager.save(manager.create(SavedView, { ...fields, ownerId: ownerOf(ctx.actor, fields.visibility) }));
      await recordAudit(manager, ctx.actor, { action: 'view.created', entityType: 'view', entityId: view.id, before: null, after: audited(view) });
      return view;
    });
  }

  update(ctx: RequestContext, id: number, input: Partial<ViewInput>): Promise<SavedView> {
    return this.transactions.run(async (manager) => {
      const view = await findVisible(manager, SavedView, ctx.actor, id, notFound, true);
      assertMayChange(ctx.actor, view, 'views');
      const before = audited(view);
      const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      const fields = validated({ name: view.name, visibility: view.visibility, filters: view.filters, sort: view.sort, order: view.order, ...defined });
      assertMayChange(ctx.actor, fields, 'views');
      const saved = await manager.save(Object.assign(view, fields, { ownerId: ownerOf(ctx.actor, fields.visibility) }));
      await recordAudit(manager, ctx.actor, { action: 'view.updated', entityType: 'view', entityId: id, before, after: audited(saved) });
      return saved;
    });
  }

  remove(ctx: RequestContext, id: number): Promise<void> {
    return this.transactions.run(async (manager) => {
      const view = await findVisible(manager, SavedView, ctx.actor, id, notFound, true);
      assertMayChange(ctx.actor, view, 'views');
      await manager.delete(SavedView, { id });
      await recordAudit(manager, ctx.actor, { action: 'view.deleted', entityType: 'view', entityId: id, before: audited(view), after: null });
    });
  }

  /** The view's tickets, as the desk list gives them for its filters and sort. */
  async tickets(ctx: RequestContext, id: number, page: PageRequest): Promise<CursorPage<Ticket>> {
    const view = await this.get(ctx, id);
    return this.deskTickets.list(ctx, view.filters, view.sort, view.order, page);
  }

  /**
   * How many tickets each of the caller's views holds: exact up to 10,000,
   * else "10000+". Each count stops at 10,001 matching rows, so a view
   * over a million tickets costs what one over ten thousand does.
   */
  async counts(ctx: RequestContext): Promise<Record<string, number | string>> {
    const { items } = await this.list(ctx, { limit: MAX_COUNTED_VIEWS });
    const counts: Record<string, number | string> = {};
    for (const view of items) {
      const { count, capped } = await this.deskTickets.countUpTo(ctx, view.filters, EXACT_COUNT_LIMIT + 1);
      counts[String(view.id)] = capped ? `${EXACT_COUNT_LIMIT}+` : count;
    }
    return counts;
  }
}

function validated(input: ViewInput): { name: string; visibility: Visibility; filters: ViewFilters; sort: DeskSort; order: DeskOrder } {
  return { name: input.name, visibility: input.visibility, filters: validateViewFilters(input.filters), sort: input.sort ?? 'created_at', order: input.order ?? 'desc' };
}

function audited(view: SavedView) {
  return { id: view.id, name: view.name, visibility: view.visibility, ownerId: view.ownerId, filters: view.filters, sort: view.sort, order: view.order };
}

function notFound(): DomainError {
  return new DomainError(DomainErrorCode.ViewNotFound, 'View not found');
}
