import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode } from '@mm/core';
import { Ticket } from '../ticket.entity';
import { MAX_ID } from '../ticket-vocabulary';

/**
 * Seeds 003 and 004 document 403 for a ticket that exists but is not the
 * caller's, where the one access rule (TicketAccess) answers "not found".
 * This keeps the rule as it is and only changes the answer: when the rule
 * hid an existing ticket, the error becomes PermissionDenied with the
 * surface's documented message; a missing ticket stays "not found". Nothing
 * of the ticket itself is revealed.
 */
@Injectable()
export class TicketDisclosure {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forbidHidden<T>(ticketId: number, message: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && error.code === DomainErrorCode.TicketNotFound && (await this.exists(ticketId))) {
        throw new DomainError(DomainErrorCode.PermissionDenied, message);
      }
      throw error;
    }
  }

  private async exists(ticketId: number): Promise<boolean> {
    if (!Number.isSafeInteger(ticketId) || ticketId < 1 || ticketId > MAX_ID) return false;
    return this.dataSource.getRepository(Ticket).existsBy({ id: ticketId });
  }
}
