/**
 * The console's one API client. It only calls the public API: auth, the
 * helpdesk surface (seed 003: lists, badges, conversation) and the console
 * surface (seed 004: details with internal notes and history, workflow,
 * assignment, notes, the agent list and approval, FAQ). Each surface has
 * its own envelope; `ApiError` turns any of them into one readable message.
 */

import { STAFF_STATUS_MOVES } from '../../../libs/ticket/src/staff-transitions';
import { PAGE_SIZE } from './paging';

export type Role = 'customer' | 'agent' | 'admin';

export interface Me {
  id: number;
  email: string;
  name: string;
  role: Role;
  approved: boolean;
  approvedAt: string | null;
}

export interface Person {
  id: number;
  name: string;
  email?: string;
  phone?: string | null;
}

/** A ticket as the helpdesk surface shows it (canonical lower snake values). */
export interface Ticket {
  id: number;
  ticket_number: string;
  customer_id: number;
  assigned_to: number | null;
  subject: string;
  description: string;
  status: Status;
  priority: Priority;
  category: string;
  message_count: number;
  is_customer_read: boolean;
  is_admin_read: boolean;
  resolved_at: string | null;
  closed_at: string | null;
  last_replied_at: string | null;
  last_replied_by: number | null;
  created_at: string;
  updated_at: string;
  customer: Person | null;
  assigned_admin?: Person | null;
  last_replied_by_user?: Person | null;
}

export interface Page<T> {
  current_page: number;
  data: T[];
  last_page: number;
  per_page: number;
  total: number;
  next_page_url: string | null;
  prev_page_url: string | null;
}

export interface Message {
  id: number;
  ticket_id: number;
  message: string;
  sender_type: 'customer' | 'admin';
  is_read: boolean;
  read_at: string | null;
  created_at: string;
  customer: Person | null;
  admin: Person | null;
}

export interface NavbarCount {
  total_tickets: number;
  open_tickets: number;
  in_progress_tickets: number;
  unread_count: number;
  count: number;
}

export interface LatestTicket {
  id: number;
  ticket_number: string;
  subject: string;
  status: Status;
  priority: Priority;
  created_at: string;
  customer: Person | null;
}

/**
 * Seed 004's details: Title-case values, string ids. Staff also get (beyond
 * the seed) the escalation level, the ride/order/booking, the internal notes
 * and the history.
 */
export interface ConsoleDetails {
  ticket: {
    id: string;
    subject: string;
    category: string;
    status: string;
    priority: string;
    agent_id: string | null;
    customer_id: string;
    created_at: string;
    updated_at: string;
    resolved_at: string | null;
    escalation_level?: number;
    ride?: { id: string; pickup_location: string; dropoff_location: string; status: string } | null;
    order?: { id: string; order_number: string; status: string; vertical: string } | null;
    booking?: { id: string; booking_number: string; status: string; venue_name: string | null; starts_at: string | null } | null;
  };
  internal_notes?: Note[];
  history?: HistoryEntry[];
}

/** One change of a ticket (newest first): statuses in Title words, agent ids for `assigned`. */
export interface HistoryEntry {
  id: string;
  type: 'created' | 'status_changed' | 'escalated' | 'closed' | 'assigned' | 'updated' | 'sla_breached';
  from: string | null;
  to: string | null;
  changes: Record<string, { from: string | number | null; to: string | number | null }> | null;
  actor_id: string | null;
  actor_role: 'customer' | 'support_agent' | 'admin' | 'service' | 'system';
  created_at: string;
}

/** A support agent as the admin agent list shows it. */
export interface Agent {
  id: string;
  email: string;
  name: string;
  role: 'support_agent';
  approved: boolean;
  approved_at: string | null;
  created_at: string;
}

export interface Note {
  id: string;
  agent_id: string;
  note: string;
  created_at: string;
}

export interface Faq {
  id: string;
  question: string;
  answer: string;
  category: string;
}

/** The workflow's statuses, in the server's order. */
export type Status = keyof typeof STAFF_STATUS_MOVES;
export const STATUSES = Object.keys(STAFF_STATUS_MOVES) as Status[];
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Every stored category: the helpdesk's, the console's and the apps' issue types. */
export const CATEGORIES = [
  'technical', 'billing', 'order', 'product', 'account', 'other',
  'damaged', 'lost', 'late', 'quality',
  'payment_issue', 'service_quality', 'cancellation', 'delivery_issue', 'booking_issue',
] as const;
export const FAQ_CATEGORIES = ['Damaged', 'Lost', 'Late', 'Quality', 'Other'] as const;

/** Where staff may move a ticket: the server's own definition (SPEC section 1), bundled; the server enforces it, the console offers it. */
export const NEXT_STATUSES: Readonly<Record<Status, readonly Status[]>> = STAFF_STATUS_MOVES;

/** The fewest staff moves from one status to another (`[]` when already there, null when there is no way). */
export function statusPath(from: Status, to: Status): Status[] | null {
  const queue: { at: Status; path: Status[] }[] = [{ at: from, path: [] }];
  const seen = new Set<Status>([from]);
  for (let step = queue.shift(); step; step = queue.shift()) {
    if (step.at === to) return step.path;
    for (const next of NEXT_STATUSES[step.at]) if (!seen.has(next)) seen.add(next), queue.push({ at: next, path: [...step.path, next] });
  }
  return null;
}

/** `in_progress` → `In Progress` (seed 004's vocabulary, and how the console labels values). */
export const title = (value: string) => value.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
/** `In Progress` → `in_progress`. */
export const snake = (value: string) => value.trim().toLowerCase().replace(/\s+/g, '_');

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One message out of any surface's error body. */
function errorMessage(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const fields = (errors: unknown) =>
      errors && typeof errors === 'object'
        ? Object.entries(errors as Record<string, unknown>)
            .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(' ') : String(messages)}`)
            .join('; ')
        : '';
    if (typeof b.error === 'string') return [b.error, fields(b.errors)].filter(Boolean).join(' — ');
    if (typeof b.message === 'string') return [b.message, fields(b.errors)].filter(Boolean).join(' — ');
    const drf = fields(b); // seed 004's 400: {"field": ["message"]}
    if (drf) return drf;
  }
  return status >= 500 ? `The server failed (HTTP ${status}). Please retry.` : `Request failed (HTTP ${status})`;
}

const TOKEN_KEY = 'mm-console-token';
let token: string | null = localStorage.getItem(TOKEN_KEY);
let onUnauthorized: () => void = () => undefined;

export const session = {
  get token() {
    return token;
  },
  set(value: string | null) {
    token = value;
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  },
  /** Called when the server answers 401 to a signed-in request (expired token). */
  onUnauthorized(handler: () => void) {
    onUnauthorized = handler;
  },
};

/**
 * A key for one draft (a reply, a note): sending the same draft again after a
 * lost response gets the first response back instead of a duplicate.
 */
export const newIdempotencyKey = () => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
  if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (body !== undefined) {
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the server. Check your connection and retry.');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    if (response.status === 401 && token) onUnauthorized();
    throw new ApiError(response.status, errorMessage(response.status, parsed));
  }
  return parsed as T;
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface TicketFilters {
  status?: string;
  priority?: string;
  category?: string;
  search?: string;
  assigned_to?: number;
  sort_by?: TicketSort;
  sort_order?: 'asc' | 'desc';
  page?: number;
  per_page?: number;
}

/** What the helpdesk list sorts by (seed 003's `sort_by`; priority and status by rank). */
export type TicketSort = 'id' | 'created_at' | 'updated_at' | 'priority' | 'status';

export const api = {
  login: (email: string, password: string) =>
    request<{ accessToken: string; user: { id: number; name: string; role: Role } }>('POST', '/api/auth/login', { email, password }),
  me: () => request<Me>('GET', '/api/auth/me'),
  /** Seed 004: a new agent account, unapproved until an admin approves it. */
  registerAgent: (agent: { email: string; password: string; name: string; contact_number?: string }) =>
    request<{ message: string; user: { id: string } }>('POST', '/api/support/register-agent/', agent),

  // helpdesk surface (seed 003): the staff view of tickets, badges and the conversation
  tickets: (filters: TicketFilters) =>
    request<{ data: Page<Ticket> }>('GET', `/api/support-tickets${query({ ...filters })}`).then((r) => r.data),
  ticket: (id: number) => request<{ data: Ticket }>('GET', `/api/support-tickets/${id}`).then((r) => r.data),
  navbarCount: () => request<NavbarCount>('GET', '/api/support-tickets/navbar/count'),
  navbarLatest: (limit = 5) => request<{ data: LatestTicket[] }>('GET', `/api/support-tickets/navbar/latest?limit=${limit}`).then((r) => r.data),
  /** Also marks the customer's messages read (the seed's side effect). */
  messages: (ticketId: number) => request<{ data: Message[] }>('GET', `/api/support-tickets/${ticketId}/messages`).then((r) => r.data),
  reply: (ticketId: number, message: string, key: string) =>
    request<{ data: Message }>('POST', `/api/support-tickets/${ticketId}/messages`, { message }, { 'idempotency-key': key }).then((r) => r.data),

  // console surface (seed 004)
  details: (ticketId: number) => request<ConsoleDetails>('GET', `/api/support/tickets/${ticketId}/`),
  assignSelf: (ticketId: number) => request<{ message: string }>('POST', `/api/support/tickets/${ticketId}/assign-self/`),
  updateStatus: (ticketId: number, status: string, priority?: string) =>
    request<{ message: string }>('PUT', `/api/support/tickets/${ticketId}/update-status/`, { status: title(status), ...(priority ? { priority: title(priority) } : {}) }),
  addNote: (ticketId: number, note: string, key: string) =>
    request<{ note: Note }>('POST', `/api/support/tickets/${ticketId}/add-note/`, { note }, { 'idempotency-key': key }),
  reassign: (ticketId: number, agentId: string) => request<{ message: string }>('POST', `/api/support/tickets/${ticketId}/reassign/`, { agent_id: agentId }),
  approveAgent: (agentId: string) => request<{ message: string }>('POST', `/api/admin/approve-agent/${agentId}/`),
  /** Closes an account awaiting approval. */
  rejectAgent: (agentId: string) => request<{ message: string }>('POST', `/api/admin/reject-agent/${agentId}/`),
  /** Ends an approved agent's access; their open tickets return to the queue. */
  deactivateAgent: (agentId: string) =>
    request<{ message: string; returned_ticket_ids: string[] }>('POST', `/api/admin/deactivate-agent/${agentId}/`),
  /** Admins: agents awaiting approval or approved ones, newest first. */
  agents: (status: 'pending' | 'approved', page = 1, pageSize = PAGE_SIZE) =>
    request<{ agents: Agent[] }>('GET', `/api/admin/agents/${query({ status, page, page_size: pageSize })}`).then((r) => r.agents),
  faqs: () => request<{ faqs: Faq[] }>('GET', '/api/support/faq/').then((r) => r.faqs),
  createFaq: (faq: Omit<Faq, 'id'>) => request<{ faq: Faq }>('POST', '/api/admin/faq/', faq),
  updateFaq: (faq: Faq) => request<{ faq: Faq }>('PUT', `/api/admin/faq/${faq.id}/`, { question: faq.question, answer: faq.answer, category: faq.category }),
  deleteFaq: (id: string) => request<{ message: string }>('DELETE', `/api/admin/faq/${id}/`),
};
