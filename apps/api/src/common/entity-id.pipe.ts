import { PipeTransform } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@mm/core';
import { MAX_ID } from '@mm/ticket';

/**
 * A path id (`/tickets/{ticket}`): anything that is not an existing row's
 * id — "abc", 0, 1.5, beyond PostgreSQL's integer — is simply "not found",
 * as a Laravel route binding or a Django lookup answers, never a validation error.
 */
export class EntityIdPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly code: DomainErrorCode,
    private readonly message: string,
  ) {}

  transform(value: unknown): number {
    const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID) return id;
    throw new DomainError(this.code, this.message);
  }
}

export const TicketIdPipe = new EntityIdPipe(DomainErrorCode.TicketNotFound, 'Ticket not found');
export const MessageIdPipe = new EntityIdPipe(DomainErrorCode.MessageNotFound, 'Message not found');
export const OrderIdPipe = new EntityIdPipe(DomainErrorCode.OrderNotFound, 'Order not found');
export const FaqIdPipe = new EntityIdPipe(DomainErrorCode.FaqNotFound, 'FAQ not found');
