import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '@mm/core';
import { TicketAccess, TicketRelation } from './ticket-access';
import { Ticket } from './ticket.entity';

/** Reads of single tickets, through the same access rule as every change. */
@Injectable()
export class TicketQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The ticket with the relations a surface shows, if the actor may see it; otherwise TicketNotFound. */
  get(ctx: RequestContext, ticketId: number, relations: TicketRelation[] = []): Promise<Ticket> {
    return TicketAccess.findForActor(this.dataSource.manager, ctx.actor, ticketId, 'read', { relations });
  }
}
