import { Actor, CompiledSelects, DomainError, DomainErrorCode } from '@mm/core';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Ticket } from './ticket.entity';
import { isValidId } from './ticket-vocabulary';

/**
 * What the actor wants to do with the ticket:
 * - `read`: see it (and receive its events);
 * - `message`: write in its conversation (an approved agent also from the unassigned queue: replying takes the ticket);
 * - `owner`: a customer action reserved to the ticket's own customer (escalate, close, feedback);
 * - `work`: a staff change (status, notes): admins, or the agent it is assigned to;
 * - `pick_up`: staff taking it from the queue.
 */
export type TicketIntent = 'read' | 'message' | 'owner' | 'work' | 'pick_up';

export type TicketRelation = 'customer' | 'assignee' | 'ride' | 'order' | 'booking' | 'lastRepliedByUser';

export interface FindTicketOptions {
  /** Lock the row (SELECT ... FOR UPDATE) until the transaction ends: every change does. */
  lock?: boolean;
  /** Load these relations too. */
  relations?: TicketRelation[];
}

/**
 * The one ticket access rule (SPEC section 1), used by every surface and every
 * use case, so none can forget the ownership check:
 * - a customer sees the tickets they own and those they are a group member of;
 * - an approved agent sees the tickets assigned to them and the unassigned queue (unapproved: none);
 * - an admin sees everything; a service token sees no ticket.
 * A ticket the actor may not see is "not found", never "forbidden": its existence is not revealed.
 */
export class TicketAccess {
  /** findForActor's queries by shape (visibility rule, relations, lock): a handful, fixed by the code. */
  private static readonly lookups = new CompiledSelects<Ticket>(100);

  /**
   * The visibility rule as a SQL condition on `alias`, for single lookups and for lists. Column names,
   * not property names: the same text serves the query builder and hand-written SQL.
   */
  static visibility(actor: Actor, alias: string): { sql: string; params: Record<string, unknown> } {
    const params = { accessActorId: actor.id };
    switch (actor.role) {
      case 'admin':
        return { sql: 'TRUE', params: {} };
      case 'agent':
        if (!actor.approved) return { sql: 'FALSE', params: {} };
        return { sql: `(${alias}.assignee_id = :accessActorId OR ${alias}.assignee_id IS NULL)`, params };
      case 'customer':
        return { sql: `(${alias}.customer_id = :accessActorId OR ${alias}.group_customer_ids @> ARRAY[:accessActorId]::int[])`, params };
      case 'service':
        return { sql: 'FALSE', params: {} };
    }
  }

  /** The visibility rule for hand-written SQL whose next positional parameter is `$n`: the condition and the values it adds. */
  static visibilitySql(actor: Actor, alias: string, n: number): { sql: string; params: unknown[] } {
    const { sql, params } = TicketAccess.visibility(actor, alias);
    return 'accessActorId' in params ? { sql: sql.replace(/:accessActorId/g, `$${n}`), params: [params.accessActorId] } : { sql, params: [] };
  }

  /** Tickets visible to the actor: the start of every list query. */
  static visibleTickets(manager: EntityManager, actor: Actor, alias = 'ticket'): SelectQueryBuilder<Ticket> {
    const { sql, params } = TicketAccess.visibility(actor, alias);
    return manager.getRepository(Ticket).createQueryBuilder(alias).where(sql, params);
  }

  /** The ticket if the actor may see it and do `intent` with it; otherwise a DomainError. */
  static async findForActor(manager: EntityManager, actor: Actor, ticketId: number, intent: TicketIntent, options: FindTicketOptions = {}): Promise<Ticket> {
    if (!isValidId(ticketId)) throw new DomainError(DomainErrorCode.TicketNotFound, 'Ticket not found');
    const { sql, params } = TicketAccess.visibility(actor, 'ticket');
    const relations = options.relations ?? [];
    const lookup = TicketAccess.lookups.get([sql, relations.join(','), options.lock ? 'lock' : ''], () => {
      const query = TicketAccess.visibleTickets(manager, actor).andWhere('ticket.id = :ticketId', { ticketId });
      for (const relation of relations) query.leftJoinAndSelect(`ticket.${relation}`, relation);
      // FOR UPDATE OF ticket: a change that waited for the lock gets the row as committed by the change
      // before it, and PostgreSQL checks the visibility rule again on that version (READ COMMITTED), so
      // an assignee or group change made meanwhile is seen; nothing can move the row until we commit.
      if (options.lock) query.setLock('pessimistic_write', undefined, ['ticket']);
      return query;
    });
    if (options.lock && !manager.queryRunner?.isTransactionActive) throw new Error('A locking ticket lookup needs a transaction');
    const [ticket] = await lookup.getMany(manager, { ...params, ticketId });
    if (!ticket) throw new DomainError(DomainErrorCode.TicketNotFound, 'Ticket not found');
    TicketAccess.assertIntent(actor, ticket, intent);
    return ticket;
  }

  /** True when the actor may see the ticket. */
  static async canRead(manager: EntityManager, actor: Actor, ticketId: number): Promise<boolean> {
    if (!isValidId(ticketId)) return false;
    return (await TicketAccess.visibleTickets(manager, actor).andWhere('ticket.id = :ticketId', { ticketId }).getCount()) > 0;
  }

  /** Given that the actor sees the ticket, may they do `intent`? */
  private static assertIntent(actor: Actor, ticket: Ticket, intent: TicketIntent): void {
    const isOwner = actor.role === 'customer' && ticket.customerId === actor.id;
    const isStaff = actor.role === 'admin' || actor.role === 'agent';
    const worksOnIt = actor.role === 'admin' || (actor.role === 'agent' && ticket.assigneeId === actor.id);
    switch (intent) {
      case 'read':
        return;
      case 'message':
        if (actor.role === 'customer' || worksOnIt || (actor.role === 'agent' && ticket.assigneeId === null)) return;
        throw new DomainError(DomainErrorCode.TicketNotAssignedToActor, 'Ticket is not assigned to you');
      case 'owner':
        if (isOwner) return;
        throw new DomainError(DomainErrorCode.PermissionDenied, "Only the ticket's customer can do this");
      case 'work':
        if (worksOnIt) return;
        if (isStaff) throw new DomainError(DomainErrorCode.TicketNotAssignedToActor, 'Ticket is not assigned to you');
        throw new DomainError(DomainErrorCode.PermissionDenied, 'Only support staff can do this');
      case 'pick_up':
        if (isStaff) return;
        throw new DomainError(DomainErrorCode.PermissionDenied, 'Only support staff can do this');
    }
  }
}
