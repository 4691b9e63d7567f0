/** The events an endpoint can subscribe to (SPEC 7.6). No imports: the console reads it too. */
export const WEBHOOK_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.escalated',
  'ticket.merged',
  'ticket.sla_breached',
  'message.created',
  'feedback.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
