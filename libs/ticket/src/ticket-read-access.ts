import { Actor } from '@mm/core';

/**
 * "May this actor read this ticket?" — the same rule as every HTTP ticket
 * lookup, for code outside the ticket library (the socket.io gateway's room
 * joins). TicketModule provides it under TICKET_READ_ACCESS.
 */
export interface TicketReadAccess {
  canRead(actor: Actor, ticketId: number): Promise<boolean>;
}

export const TICKET_READ_ACCESS = Symbol('TICKET_READ_ACCESS');
