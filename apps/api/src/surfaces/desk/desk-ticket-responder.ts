import { HttpStatus, Injectable } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { EntityManager } from 'typeorm';
import { CursorPage, DomainError, DomainErrorCode, RequestContext } from '@mm/core';
import { SlaClocksService } from '@mm/sla';
import { DeskTickets, Ticket } from '@mm/ticket';
import { DeskTicketDto, DeskTicketPageDto } from './dto/desk-ticket.response';
import { presentDeskTicket } from './desk.presenter';
import { etag } from './if-match';

/**
 * How every desk route answers with one ticket: the desk ticket and its ETag.
 * A mutation goes through `change`: when the domain refuses a stale If-Match,
 * the answer is 412 with the ticket as it now is (SPEC 7.1), and nothing changed.
 * Lists go through `page`: the service levels of a page in one query.
 */
@Injectable()
export class DeskTicketResponder {
  constructor(
    private readonly tickets: DeskTickets,
    private readonly clocks: SlaClocksService,
  ) {}

  async send(reply: FastifyReply, ticket: Ticket): Promise<DeskTicketDto> {
    const sla = await this.clocks.slaFor(ticket);
    reply.header('ETag', etag(ticket.version));
    return presentDeskTicket(ticket, sla);
  }

  async page(page: CursorPage<Ticket>): Promise<DeskTicketPageDto> {
    return { data: await this.presentAll(page.items), nextCursor: page.nextCursor };
  }

  /** Desk tickets with their service levels, read in one query (inside `manager`'s transaction when given). */
  async presentAll(tickets: Ticket[], manager?: EntityManager): Promise<DeskTicketDto[]> {
    const slas = await this.clocks.slaForTickets(tickets.map((ticket) => ticket.id), manager);
    return tickets.map((ticket) => presentDeskTicket(ticket, slas.get(ticket.id) ?? null));
  }

  async change(ctx: RequestContext, reply: FastifyReply, ticketId: number, change: () => Promise<Ticket>): Promise<DeskTicketDto> {
    try {
      return this.send(reply, await change());
    } catch (error) {
      if (!(error instanceof DomainError && error.code === DomainErrorCode.StaleUpdate)) throw error;
      reply.status(HttpStatus.PRECONDITION_FAILED);
      return this.send(reply, await this.tickets.get(ctx, ticketId));
    }
  }
}
