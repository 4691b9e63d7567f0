import { FaqCategory, Faq, InternalNote, Ticket, TicketCategory, TicketFeedback, TicketHistoryEntry, TicketPriority, TicketStatus } from '@mm/ticket';
import { choiceKey } from './dto/drf-rules';
import type {
  ConsoleAdminTicketDto,
  ConsoleAgentTicketDto,
  ConsoleFaqDto,
  ConsoleFieldChange,
  ConsoleHistoryEntryDto,
  ConsoleNoteDto,
  ConsoleOwnTicketDto,
  ConsoleTicketDetailsDto,
  ConsoleTicketDto,
} from './dto/console-responses.dto';

/** The console's vocabulary is Title words: `in_progress` → `In Progress`, `payment_issue` → `Payment Issue`. */
export function title(value: string): string {
  return value
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** A validated choice (any case, Title words or snake) → the stored value. */
export const storedStatus = (value: string) => choiceKey(value) as TicketStatus;
export const storedPriority = (value: string) => choiceKey(value) as TicketPriority;
export const storedCategory = (value: string) => choiceKey(value) as TicketCategory & FaqCategory;

/** Seed 004's dates: `2026-01-09T10:30:00Z` (seconds, UTC). */
export function consoleTime(date: Date): string;
export function consoleTime(date: Date | null): string | null;
export function consoleTime(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** Ids are strings in seed 004. */
export const sid = (id: number | null): string | null => (id === null ? null : String(id));

export function consoleOwnTicket(ticket: Ticket): ConsoleOwnTicketDto {
  return {
    id: String(ticket.id),
    subject: ticket.subject,
    description: ticket.description,
    category: title(ticket.category),
    status: title(ticket.status),
    priority: title(ticket.priority),
    agent_id: sid(ticket.assigneeId),
    created_at: consoleTime(ticket.createdAt),
    updated_at: consoleTime(ticket.updatedAt),
    resolved_at: consoleTime(ticket.resolvedAt),
  };
}

/** What staff see of a ticket beyond the seed; a customer's response has none of it. */
export interface StaffTicketView {
  notes: InternalNote[];
  history: TicketHistoryEntry[];
}

/**
 * The ticket as seed 004 documents it. Staff (`staff` given) also get its
 * escalation level, its ride/order/booking, the internal notes and the
 * history; a customer's response has none of those keys (not even empty ones).
 */
export function consoleTicketDetails(ticket: Ticket, staff: StaffTicketView | null): ConsoleTicketDetailsDto {
  const documented: ConsoleTicketDto = { ...consoleOwnTicket(ticket), customer_id: String(ticket.customerId) };
  if (!staff) return { ticket: documented };
  return {
    ticket: { ...documented, escalation_level: ticket.escalationLevel, ...consoleReferences(ticket) },
    internal_notes: staff.notes.map((note) => ({ id: String(note.id), agent_id: String(note.authorId), note: note.body, created_at: consoleTime(note.createdAt) })),
    history: staff.history.map(consoleHistoryEntry),
  };
}

/** The ride, order and booking the ticket is about (each null when absent); the relations must be loaded. */
function consoleReferences(ticket: Ticket): Pick<ConsoleTicketDto, 'ride' | 'order' | 'booking'> {
  const { ride, order, booking } = ticket;
  return {
    ride: ride ? { id: String(ride.id), pickup_location: ride.pickupLocation, dropoff_location: ride.dropoffLocation, status: title(ride.status) } : null,
    order: order ? { id: String(order.id), order_number: order.orderNumber, status: title(order.status), vertical: order.vertical } : null,
    booking: booking
      ? { id: String(booking.id), booking_number: booking.bookingNumber, status: title(booking.status), venue_name: booking.venueName, starts_at: consoleTime(booking.startsAt) }
      : null,
  };
}

/** Seed 004 calls agents `support_agent`; the other roles (and `system`) keep their names. */
const consoleRole = (role: string) => (role === 'agent' ? 'support_agent' : role);

/** `escalationLevel` → `escalation_level`: the console's field names. */
const snakeField = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * A history entry: `from`/`to` are statuses in Title words (agent ids for
 * `assigned`); `changes` the other fields it set — a status move's priority
 * step and escalation level, an `updated` entry's priority or resolution details,
 * an `sla_breached` entry's metric, due_at, breached_at and policy_id.
 */
export function consoleHistoryEntry(entry: TicketHistoryEntry): ConsoleHistoryEntryDto {
  const value = (stored: string | null) => (stored === null || entry.type === 'assigned' ? stored : title(stored));
  return {
    id: String(entry.id),
    type: entry.type,
    from: value(entry.fromValue),
    to: value(entry.toValue),
    changes: historyChanges(entry),
    actor_id: sid(entry.actorId),
    actor_role: consoleRole(entry.actorRole),
    created_at: consoleTime(entry.createdAt),
  };
}

function historyChanges(entry: TicketHistoryEntry): Record<string, ConsoleFieldChange> | null {
  // `assigned` keeps its numeric from/to in details: already in from/to.
  if (entry.type === 'assigned' || !entry.details) return null;
  // A breach records what it is about (metric, dueAt, breachedAt, policyId): each a value it set, from nothing.
  if (entry.type === 'sla_breached') return Object.fromEntries(Object.entries(entry.details).map(([field, value]) => [snakeField(field), { from: null, to: value as string | number }]));
  const fields = (entry.type === 'updated' ? entry.details.changes : entry.details) as Record<string, { from?: unknown; to?: unknown }> | undefined;
  const render = (field: string, stored: unknown): string | number | null => {
    if (stored === null || stored === undefined) return null;
    return field === 'priority' && typeof stored === 'string' ? title(stored) : (stored as string | number);
  };
  const changes = Object.entries(fields ?? {}).map(([field, change]) => [snakeField(field), { from: render(field, change.from), to: render(field, change.to) }] as const);
  return changes.length ? Object.fromEntries(changes) : null;
}

export function consoleAgentTicket(ticket: Ticket): ConsoleAgentTicketDto {
  return {
    id: String(ticket.id),
    subject: ticket.subject,
    description: ticket.description,
    category: title(ticket.category),
    status: title(ticket.status),
    priority: title(ticket.priority),
    customer_name: ticket.customer?.name ?? null,
    customer_id: String(ticket.customerId),
    created_at: consoleTime(ticket.createdAt),
    updated_at: consoleTime(ticket.updatedAt),
  };
}

export function consoleAdminTicket(ticket: Ticket): ConsoleAdminTicketDto {
  return {
    id: String(ticket.id),
    subject: ticket.subject,
    category: title(ticket.category),
    status: title(ticket.status),
    priority: title(ticket.priority),
    customer_name: ticket.customer?.name ?? null,
    agent_name: ticket.assignee?.name ?? null,
    created_at: consoleTime(ticket.createdAt),
    updated_at: consoleTime(ticket.updatedAt),
  };
}

export function consoleNote(note: InternalNote): ConsoleNoteDto {
  return { id: String(note.id), note: note.body, created_at: consoleTime(note.createdAt) };
}

export function consoleFeedback(feedback: TicketFeedback) {
  return { id: String(feedback.id), rating: String(feedback.rating), created_at: consoleTime(feedback.createdAt) };
}

export function consoleFaq(faq: Faq): ConsoleFaqDto {
  return { id: String(faq.id), question: faq.question, answer: faq.answer, category: title(faq.category) };
}
