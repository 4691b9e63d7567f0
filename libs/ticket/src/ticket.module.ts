import { Module } from '@nestjs/common';
import { TICKET_READ_ACCESS } from '@mm/core';
import { TicketReadAccessProvider } from './ticket-read-access.provider';

/** The ticket domain: its use cases, and TICKET_READ_ACCESS for the socket gateway. */
@Module({
  providers: [TicketReadAccessProvider, { provide: TICKET_READ_ACCESS, useExisting: TicketReadAccessProvider }],
  exports: [TICKET_READ_ACCESS],
})
export class TicketModule {}
