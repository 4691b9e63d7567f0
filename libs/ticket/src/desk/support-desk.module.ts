import { Module } from '@nestjs/common';
import { CancelOrderService } from '../references/cancel-order.service';
import { AgentAccountsService } from './agent-accounts.service';
import { AssignTicketService } from './assign-ticket.service';
import { DeskTickets } from './desk-tickets.service';
import { FaqService } from './faq.service';
import { FeedbackService } from './feedback.service';
import { InternalNotesService } from './internal-notes.service';
import { SearchIndexCleaner } from './search-index-cleaner.service';
import { TicketCounters } from './ticket-counters.service';
import { TicketDisclosure } from './ticket-disclosure';
import { TicketSearch } from './ticket-search.service';

const SERVICES = [DeskTickets, AssignTicketService, AgentAccountsService, InternalNotesService, FeedbackService, FaqService, TicketSearch, TicketCounters, SearchIndexCleaner, TicketDisclosure, CancelOrderService];

/** The work of the support desk on tickets (seeds 003 and 004): assignment, internal notes, feedback, FAQ, lists and search, order cancel. */
@Module({
  providers: SERVICES,
  exports: SERVICES,
})
export class SupportDeskModule {}
