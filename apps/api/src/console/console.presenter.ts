import { FaqCategory, Faq, InternalNote, Ticket, TicketCategory, TicketFeedback, TicketPriority, TicketStatus } from '@mm/ticket';
import { choiceKey } from './dto/drf-rules';
import type {
  ConsoleAdminTicketDto,
  ConsoleAgentTicketDto,
  ConsoleFaqDto,
  ConsoleNoteDto,
  ConsoleOwnTicketDto,
  ConsoleTicketDetailsDto,
} from './dto/console-responses.dto';

/** Seed 004's categories for new tickets, stored lower snake. */
export const CONSOLE_CATEGORIES = ['damaged', 'lost', 'late', 'quality', 'other'] as const;

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

/** The ticket (and, for staff only, its internal notes: a customer's response has no `internal_notes` key at all). */
export function consoleTicketDetails(ticket: Ticket, notes: InternalNote[] | null): ConsoleTicketDetailsDto {
  const details: ConsoleTicketDetailsDto = {
    ticket: {
      id: String(ticket.id),
      subject: ticket.subject,
      description: ticket.description,
      category: title(ticket.category),
      status: title(ticket.status),
      priority: title(ticket.priority),
      agent_id: sid(ticket.assigneeId),
      customer_id: String(ticket.customerId),
      created_at: consoleTime(ticket.createdAt),
      updated_at: consoleTime(ticket.updatedAt),
      resolved_at: consoleTime(ticket.resolvedAt),
    },
  };
  if (notes) details.internal_notes = notes.map((note) => ({ id: String(note.id), agent_id: String(note.authorId), note: note.body, created_at: consoleTime(note.createdAt) }));
  return details;
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
