import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, isStaff, RequestContext } from '@mm/core';
import { TicketAccess, TicketRelation } from './ticket-access';
import { TicketHistoryEntry } from './ticket-history.entity';
import { Ticket } from './ticket.entity';
import { isValidId } from './ticket-vocabulary';

/** The newest history entries a ticket shows; older ones stay stored. */
export const MAX_HISTORY_SHOWN = 100;

/** Reads of single tickets, through the same access rule as every change. */
@Injectable()
export class TicketQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The ticket with the relations a surface shows, if the actor may see it; otherwise TicketNotFound. */
  get(ctx: RequestContext, ticketId: number, relations: TicketRelation[] = []): Promise<Ticket> {
    return TicketAccess.findForActor(this.dataSource.manager, ctx.actor, ticketId, 'read', { relations });
  }

  /**
   * The ticket's history, newest first (at most MAX_HISTORY_SHOWN entries),
   * for staff who may see the ticket: one query, the access rule joined in,
   * so a ticket the actor may not see has no history for them.
   */
  async history(ctx: RequestContext, ticketId: number): Promise<TicketHistoryEntry[]> {
    if (!isStaff(ctx.actor)) throw new DomainError(DomainErrorCode.PermissionDenied, 'The ticket history is for support staff only');
    if (!isValidId(ticketId)) return [];
    const { sql, params } = TicketAccess.visibility(ctx.actor, 'ticket');
    return this.dataSource
      .getRepository(TicketHistoryEntry)
      .createQueryBuilder('entry')
      .innerJoin('entry.ticket', 'ticket')
      .where('entry.ticketId = :ticketId', { ticketId })
      .andWhere(sql, params)
      .orderBy('entry.id', 'DESC')
      .limit(MAX_HISTORY_SHOWN)
      .getMany();
  }
}
