import { HttpStatus, Injectable } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { DomainError, DomainErrorCode, RequestContext } from '@mm/core';
import { DeskTickets, Ticket } from '@mm/ticket';
import { DeskTicketDto } from './dto/desk-ticket.response';
import { presentDeskTicket } from './desk.presenter';
import { etag } from './if-match';

/**
 * How every desk route answers with one ticket: the desk ticket and its ETag.
 * A mutation goes through `change`: when the domain refuses a stale If-Match,
 * the answer is 412 with the ticket as it now is (SPEC 7.1), and nothing changed.
 */
@Injectable()
export class DeskTicketResponder {
  constructor(private readonly tickets: DeskTickets) {}

  send(reply: FastifyReply, ticket: Ticket): DeskTicketDto {
    reply.header('ETag', etag(ticket.version));
    return presentDeskTicket(ticket);
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
