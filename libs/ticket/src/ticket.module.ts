import { Module } from '@nestjs/common';
import { TICKET_READ_ACCESS } from '@mm/core';
import { GamificationModule } from '@mm/gamification';
import { ChangeStatusService } from './change-status.service';
import { CloseTicketService } from './close-ticket.service';
import { CreateTicketService } from './create-ticket.service';
import { EscalateTicketService } from './escalate-ticket.service';
import { TicketQueries } from './ticket-queries.service';
import { TicketReadAccessProvider } from './ticket-read-access.provider';

const USE_CASES = [CreateTicketService, EscalateTicketService, CloseTicketService, ChangeStatusService, TicketQueries];

/** The ticket domain: its use cases, and TICKET_READ_ACCESS for the socket gateway. */
@Module({
  imports: [GamificationModule],
  providers: [...USE_CASES, TicketReadAccessProvider, { provide: TICKET_READ_ACCESS, useExisting: TicketReadAccessProvider }],
  exports: [...USE_CASES, TICKET_READ_ACCESS],
})
export class TicketModule {}
