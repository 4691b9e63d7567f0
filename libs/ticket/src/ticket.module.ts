import { Module } from '@nestjs/common';
import { GamificationModule } from '@mm/gamification';
import { ChangeStatusService } from './change-status.service';
import { CloseTicketService } from './close-ticket.service';
import { CreateTicketService } from './create-ticket.service';
import { CustomerEventPresenters } from './customer-event-presenters';
import { EscalateTicketService } from './escalate-ticket.service';
import { TicketQueries } from './ticket-queries.service';
import { TICKET_READ_ACCESS } from './ticket-read-access';
import { TicketReadAccessProvider } from './ticket-read-access.provider';

const USE_CASES = [CreateTicketService, EscalateTicketService, CloseTicketService, ChangeStatusService, TicketQueries];

/** The ticket domain: its use cases, TICKET_READ_ACCESS for the socket gateway, and the vertical surfaces' customer event presenters. */
@Module({
  imports: [GamificationModule],
  providers: [...USE_CASES, CustomerEventPresenters, TicketReadAccessProvider, { provide: TICKET_READ_ACCESS, useExisting: TicketReadAccessProvider }],
  exports: [...USE_CASES, CustomerEventPresenters, TICKET_READ_ACCESS],
})
export class TicketModule {}
