import { BadRequestException, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { DomainError, DomainErrorCode } from '@mm/core';
import { MAX_ID } from '@mm/ticket';

const CANONICAL_INTEGER = /^-?(0|[1-9]\d*)$/;

/**
 * A path segment read as an integer only when written the one canonical way:
 * `16`, never `0x10`, `1e3`, `+16`, `16.0`, ` 16` or `0016` (which `Number()` accepts).
 * Anything else is returned unchanged, for the validators to refuse.
 */
export function pathInteger(value: unknown): unknown {
  return typeof value === 'string' && CANONICAL_INTEGER.test(value) ? Number(value) : value;
}

/** The row id a path segment names, or undefined when it names none (not canonical, or out of 1..MAX_ID). */
export function parseEntityId(value: unknown): number | undefined {
  const id = pathInteger(value);
  return typeof id === 'number' && id >= 1 && id <= MAX_ID ? id : undefined;
}

/** A path id of a DTO (`@Param() params`): canonical integers only, then the field's own validators. */
export const PathInteger = () => Transform(({ obj, key }) => pathInteger((obj as Record<string, unknown>)[key]));

/**
 * A path id (`/tickets/{ticket}`): anything that is not an existing row's
 * id — "abc", 0, 1.5, 0x10, beyond PostgreSQL's integer — is simply "not found",
 * as a Laravel route binding or a Django lookup answers, never a validation error.
 */
export class EntityIdPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly code: DomainErrorCode,
    private readonly message: string,
  ) {}

  transform(value: unknown): number {
    const id = parseEntityId(value);
    if (id === undefined) throw new DomainError(this.code, this.message);
    return id;
  }
}

/** A path id of our own routes (notifications): a malformed one is a bad request, an unknown one the service's 404. */
export const NumericIdPipe: PipeTransform<unknown, number> = {
  transform(value: unknown): number {
    const id = pathInteger(value);
    if (typeof id !== 'number') throw new BadRequestException('Validation failed (numeric string is expected)');
    return id;
  },
};

export const TicketIdPipe = new EntityIdPipe(DomainErrorCode.TicketNotFound, 'Ticket not found');
export const MessageIdPipe = new EntityIdPipe(DomainErrorCode.MessageNotFound, 'Message not found');
export const OrderIdPipe = new EntityIdPipe(DomainErrorCode.OrderNotFound, 'Order not found');
export const FaqIdPipe = new EntityIdPipe(DomainErrorCode.FaqNotFound, 'FAQ not found');
