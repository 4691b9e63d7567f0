import { Initial1795269541969 } from './1795269541969-Initial';
import { ReferenceData1795269636922 } from './1795269636922-ReferenceData';
import { IdempotencyKeys1795269787449 } from './1795269787449-IdempotencyKeys';
import { Tickets1795269908602 } from './1795269908602-Tickets';
import { Notifications1795270001238 } from './1795270001238-Notifications';
import { Gamification1795270014224 } from './1795270014224-Gamification';
import { SupportDesk1795270626833 } from './1795270626833-SupportDesk';
import { FullTextSearch1795270626900 } from './1795270626900-FullTextSearch';
import { TicketCounts1795274345903 } from './1795274345903-TicketCounts';
import { OutboxPendingTicket1795274837577 } from './1795274837577-OutboxPendingTicket';
import { TicketSearchVector1795275600000 } from './1795275600000-TicketSearchVector';
import { TicketStatusCategoryIndex1795278981347 } from './1795278981347-TicketStatusCategoryIndex';
import { TicketQueueViewIndexes1795313797168 } from './1795313797168-TicketQueueViewIndexes';
import { MessageWordsInOneTicketUpdate1796218935464 } from './1796218935464-MessageWordsInOneTicketUpdate';
import { SmallAnalyzeSampleForQueues1796232000000 } from './1796232000000-SmallAnalyzeSampleForQueues';
import { AgentDeactivation1796300000000 } from './1796300000000-AgentDeactivation';
import { PushedCustomerIds1796300050000 } from './1796300050000-PushedCustomerIds';
import { DeskTickets1796300100000 } from './1796300100000-DeskTickets';
import { ServiceLevels1796675116901 } from './1796675116901-ServiceLevels';
import { TicketSlaNextDue1796700600000 } from './1796700600000-TicketSlaNextDue';
import { MacrosAndViews1796700000000 } from './1796700000000-MacrosAndViews';
import { Routing1796700200000 } from './1796700200000-Routing';
import { ReportIndexes1796700300000 } from './1796700300000-ReportIndexes';
import { TicketReportFacts1796700400000 } from './1796700400000-TicketReportFacts';
import { WebhooksAndExport1796700500000 } from './1796700500000-WebhooksAndExport';
import { Automations1796700628000 } from './1796700628000-Automations';
import { ReportRollups1796700700000 } from './1796700700000-ReportRollups';

/**
 * Migrations run in this order at start-up and by `npm run migration:run`.
 * Generate with `npm run migration:generate -- apps/api/src/platform/database/migrations/<Name>`,
 * read the SQL, then add the class here (a unit test checks none is missing).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Initial1795269541969, ReferenceData1795269636922, IdempotencyKeys1795269787449, Tickets1795269908602, Notifications1795270001238, Gamification1795270014224, SupportDesk1795270626833, FullTextSearch1795270626900, TicketCounts1795274345903, OutboxPendingTicket1795274837577, TicketSearchVector1795275600000, TicketStatusCategoryIndex1795278981347, TicketQueueViewIndexes1795313797168, MessageWordsInOneTicketUpdate1796218935464, SmallAnalyzeSampleForQueues1796232000000, AgentDeactivation1796300000000, PushedCustomerIds1796300050000, DeskTickets1796300100000, ServiceLevels1796675116901, MacrosAndViews1796700000000, Routing1796700200000, ReportIndexes1796700300000, TicketReportFacts1796700400000, WebhooksAndExport1796700500000, TicketSlaNextDue1796700600000, Automations1796700628000, ReportRollups1796700700000];
