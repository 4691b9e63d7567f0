import { DomainError, DomainErrorCode } from '@mm/core';
import { Ticket } from './ticket.entity';

/**
 * Optimistic concurrency of the desk (If-Match): on the locked ticket, refuse
 * a change made against another version than the current one. Call it before
 * changing anything; `expected` undefined means the client sent no If-Match.
 */
export function assertTicketVersion(ticket: Ticket, expected: number | undefined): void {
  if (expected === undefined || expected === ticket.version) return;
  throw new DomainError(DomainErrorCode.StaleUpdate, `Ticket changed since version ${expected}; it is now at version ${ticket.version}`, {
    ticketId: ticket.id,
    currentVersion: ticket.version,
  });
}
