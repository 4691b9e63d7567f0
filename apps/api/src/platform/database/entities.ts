/**
 * Every TypeORM entity of the service, for the app and for the migration CLI
 * (ormconfig.ts). A new entity is added here and gets a generated migration.
 */
import { User } from '@mm/auth';
import { AuditEntry, IdempotencyKey, OutboxEvent } from '@mm/core';
import { RewardDailyCounter, RewardLedgerEntry } from '@mm/gamification';
import { Booking, Faq, InternalNote, Order, Ride, Ticket, TicketCount, TicketFeedback, TicketHistoryEntry } from '@mm/ticket';
import { TicketMessage } from '@mm/messaging';
import { Notification } from '@mm/notification';
import { Macro, SavedView } from '@mm/productivity';
import { SlaCalendar, SlaClock, SlaPolicy } from '@mm/sla';
import { AgentRouting, RoutingSettings } from '@mm/routing';
import { WebhookDelivery, WebhookEndpoint } from '@mm/webhooks';
import { Automation, AutomationFiring, AutomationRun } from '@mm/automation';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [User, OutboxEvent, IdempotencyKey, Ride, Order, Booking, Ticket, TicketHistoryEntry, Notification, RewardLedgerEntry, RewardDailyCounter, TicketMessage, InternalNote, TicketFeedback, Faq, TicketCount, AuditEntry, SlaCalendar, SlaPolicy, SlaClock, Macro, SavedView, AgentRouting, RoutingSettings, WebhookEndpoint, WebhookDelivery, Automation, AutomationFiring, AutomationRun];
