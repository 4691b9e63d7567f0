import { RewardOutcome } from '@mm/gamification';
import { Ticket } from './ticket.entity';

/** What a customer command returns: the ticket as it is now and what the action earned (null: it earns nothing). */
export interface TicketCommandResult {
  ticket: Ticket;
  reward: RewardOutcome | null;
}
