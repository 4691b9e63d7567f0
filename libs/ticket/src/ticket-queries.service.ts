import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, isStaff, RequestContext } from '@mm/core';
import { TicketAccess, TicketRelation } from './ticket-access';
import { TicketHistoryEntry } from './ticket-history.entity';
import { Ticket } from './ticket.entity';
import { isValidId } from './ticket-vocabulary';

/** What a customer's status page shows of a ticket (seed 000's track status). */
export interface TicketStatusView {
  id: number;
  ticketNumber: string;
  status: string;
  priority: string;
  category: string;
  orderId: number | null;
  orderNumber: string | null;
  resolutionDetails: string | null;
  createdAt: Date;
}

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
   * A ticket's status view, if the actor may see it; otherwise TicketNotFound. The apps poll it:
   * one hand-written query, no entity to build (it was most of the request's CPU).
   */
  async status(ctx: RequestContext, ticketId: number): Promise<TicketStatusView> {
    if (!isValidId(ticketId)) throw new DomainError(DomainErrorCode.TicketNotFound, 'Ticket not found');
    const visible = TicketAccess.visibilitySql(ctx.actor, 't', 2);
    const [row] = (await this.dataSource.query(
      `SELECT t.id, t.ticket_number AS "ticketNumber", t.status, t.priority, t.category, t.order_id AS "orderId", o.order_number AS "orderNumber",
              t.resolution_details AS "resolutionDetails", t.created_at AS "createdAt"
       FROM tickets t LEFT JOIN orders o ON o.id = t.order_id
       WHERE t.id = $1 AND ${visible.sql}`,
      [ticketId, ...visible.params],
    )) as TicketStatusView[];
    if (!row) throw new DomainError(DomainErrorCode.TicketNotFound, 'Ticket not found');
    return row;
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
