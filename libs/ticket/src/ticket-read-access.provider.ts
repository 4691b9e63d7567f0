import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '@mm/core';
import { TicketReadAccess } from './ticket-read-access';
import { TicketAccess } from './ticket-access';

/** TICKET_READ_ACCESS for code outside this library (the socket gateway's room joins): the same rule as every HTTP lookup. */
@Injectable()
export class TicketReadAccessProvider implements TicketReadAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  canRead(actor: Actor, ticketId: number): Promise<boolean> {
    return TicketAccess.canRead(this.dataSource.manager, actor, ticketId);
  }
}
