import { Injectable } from '@nestjs/common';
import { DomainError, RequestContext, RequestValidationError, Transactions } from '@mm/core';
import { normalizeTags, TicketAccess } from '@mm/ticket';
import { applyTicketActions, TicketActions } from './ticket-actions';

export const MAX_BULK_IDS = 100;

export type BulkResult = { id: number; ok: true } | { id: number; ok: false; error: string };

/**
 * Bulk changes (SPEC 7.4): each ticket in its own transaction, changed
 * completely or not at all; a ticket the caller may not change (or does not
 * see) is reported in its result and the others are still changed.
 */
@Injectable()
export class BulkService {
  constructor(private readonly transactions: Transactions) {}

  async apply(ctx: RequestContext, ids: number[], set: TicketActions): Promise<BulkResult[]> {
    if (!ids.length || ids.length > MAX_BULK_IDS) throw new RequestValidationError({ ids: [`ids must list 1 to ${MAX_BULK_IDS} tickets`] });
    // The same tags for every ticket: a bad tag is the request's 400, not each ticket's failure.
    if (set.addTags) set = { ...set, addTags: relabel('set.addTags', set.addTags) };
    if (set.removeTags) set = { ...set, removeTags: relabel('set.removeTags', set.removeTags) };
    const results: BulkResult[] = [];
    for (const id of new Set(ids)) {
      try {
        await this.transactions.run(async (manager) => {
          const now = new Date();
          const ticket = await TicketAccess.findForActor(manager, ctx.actor, id, 'work', { lock: true });
          await applyTicketActions(manager, ticket, ctx.actor, set, { bulk: true }, now);
        });
        results.push({ id, ok: true });
      } catch (error) {
        if (error instanceof DomainError) results.push({ id, ok: false, error: error.message });
        else if (error instanceof RequestValidationError) results.push({ id, ok: false, error: Object.values(error.fields).flat().join('; ') });
        else throw error;
      }
    }
    return results;
  }
}

function relabel(field: string, tags: string[]): string[] {
  try {
    return normalizeTags(tags);
  } catch (error) {
    if (error instanceof RequestValidationError) throw new RequestValidationError({ [field]: Object.values(error.fields).flat() });
    throw error;
  }
}
