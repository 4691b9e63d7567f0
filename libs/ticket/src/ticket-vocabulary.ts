import type { TicketOrigin } from '@mm/core';

/**
 * The canonical (stored) values of a ticket. Every surface renders them in its
 * own vocabulary (SPEC section 1); nothing else is ever stored.
 */
export const TICKET_STATUSES = ['open', 'in_progress', 'on_hold', 'escalated', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** In escalation order: escalating raises a ticket one step, capped at the last. */
export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/**
 * One column for "issue type" (seeds 000-002) and "category" (seeds 003-004):
 * the verticals' issue types, then the helpdesk's and the console's categories.
 */
export const TICKET_CATEGORIES = [
  'payment_issue',
  'service_quality',
  'cancellation',
  'delivery_issue',
  'booking_issue',
  'other',
  'technical',
  'billing',
  'order',
  'product',
  'account',
  'damaged',
  'lost',
  'late',
  'quality',
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

/** The issue types of the vertical surfaces (munch, mtxi, mtables). */
export const VERTICAL_ISSUE_TYPES = ['payment_issue', 'service_quality', 'cancellation', 'delivery_issue', 'booking_issue', 'other'] as const;
export type VerticalIssueType = (typeof VERTICAL_ISSUE_TYPES)[number];

/** Seed 003's categories. */
export const HELPDESK_CATEGORIES = ['technical', 'billing', 'order', 'product', 'account', 'other'] as const;

/** Seed 004's categories. */
export const CONSOLE_CATEGORIES = ['damaged', 'lost', 'late', 'quality', 'other'] as const;

/** The categories a new ticket of each origin may have; lists show any stored category. */
export const ORIGIN_CATEGORIES: Readonly<Record<TicketOrigin, readonly TicketCategory[]>> = {
  munch: VERTICAL_ISSUE_TYPES,
  mtxi: VERTICAL_ISSUE_TYPES,
  mtables: VERTICAL_ISSUE_TYPES,
  helpdesk: HELPDESK_CATEGORIES,
  console: CONSOLE_CATEGORIES,
};

/** What an mtxi ticket is about; decides which reference it needs (SPEC section 5). */
export const SERVICE_TYPES = ['ride', 'order', 'booking', 'event_service', 'in_dining_order'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const TICKET_ORIGINS: readonly TicketOrigin[] = ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'];

/** "in_progress" → "In progress": for derived subjects and Title-case vocabularies. */
export function humanize(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Values for a SQL CHECK constraint: `'a', 'b'`. */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/** Ids are PostgreSQL `integer`s: larger values are invalid input, not a database error. */
export const MAX_ID = 2_147_483_647;

export function isValidId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_ID;
}
