/** The desk API (SPEC section 7, `/api/desk`): camelCase, canonical values, cursor lists. */
import { Priority, query, request, Status } from './api';

export interface DeskTicket {
  id: number;
  ticketNumber: string;
  origin: string;
  subject: string;
  status: Status;
  priority: Priority;
  category: string;
  customer: { id: number; name: string; email: string; locale: string };
  assignee: { id: number; name: string } | null;
  tags: string[];
  sla: TicketSla | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

/** What the desk list sorts by (SPEC 7.1); `sla_due`: the most urgent due time first. */
export type DeskSort = 'created_at' | 'updated_at' | 'sla_due' | 'priority';

export type SlaMetric = 'first_reply' | 'next_reply' | 'resolution';

/** The ticket's service-level clocks (SPEC 7.2): pending due times, standing still, breaches. */
export interface TicketSla {
  policyId: number;
  policyName: string;
  firstReplyDueAt: string | null;
  nextReplyDueAt: string | null;
  resolutionDueAt: string | null;
  paused: boolean;
  breaches: { metric: SlaMetric; dueAt: string; breachedAt: string }[];
}

/** The earliest pending due time (what `sort=sla_due` orders by), or null when no clock runs. */
export function nextDueAt(sla: TicketSla): string | null {
  const pending = [sla.firstReplyDueAt, sla.nextReplyDueAt, sla.resolutionDueAt].filter((due): due is string => due !== null);
  return pending.sort()[0] ?? null;
}

export interface Calendar {
  id: number;
  name: string;
  timezone: string;
  weeklyHours: { day: number; start: string; end: string }[];
  holidays: string[];
  builtIn: boolean;
}
export type CalendarInput = Omit<Calendar, 'id' | 'builtIn'>;

export interface SlaTargets {
  firstReplyMinutes?: number;
  nextReplyMinutes?: number;
  resolutionMinutes?: number;
}

export interface SlaPolicy {
  id: number;
  name: string;
  position: number;
  match: { origins?: string[]; categories?: string[]; priorities?: string[] };
  calendarId: number;
  targets: Partial<Record<Priority, SlaTargets>>;
  breachAction: 'notify' | 'escalate';
  active: boolean;
}
export type SlaPolicyInput = Omit<SlaPolicy, 'id'>;

export interface CursorPage<T> {
  data: T[];
  nextCursor: string | null;
}

/** The `ETag` of a desk ticket, for `If-Match`: a change made meanwhile by someone else is refused (412). */
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const desk = {
  ticket: (id: number) => request<DeskTicket>('GET', `/api/desk/tickets/${id}`),
  tickets: (filters: Record<string, string | number | undefined>) => request<CursorPage<DeskTicket>>('GET', `/api/desk/tickets${query(filters)}`),
  setTags: (ticket: DeskTicket, tags: string[]) => request<DeskTicket>('PUT', `/api/desk/tickets/${ticket.id}/tags`, { tags }, ifMatch(ticket.version)),
  calendars: () => request<CursorPage<Calendar>>('GET', '/api/desk/calendars?limit=100'),
  createCalendar: (input: CalendarInput) => request<Calendar>('POST', '/api/desk/calendars', input),
  deleteCalendar: (id: number) => request<void>('DELETE', `/api/desk/calendars/${id}`),
  policies: () => request<CursorPage<SlaPolicy>>('GET', '/api/desk/sla-policies?limit=100'),
  createPolicy: (input: SlaPolicyInput) => request<SlaPolicy>('POST', '/api/desk/sla-policies', input),
  updatePolicy: (id: number, changes: Partial<SlaPolicyInput>) => request<SlaPolicy>('PATCH', `/api/desk/sla-policies/${id}`, changes),
  deletePolicy: (id: number) => request<void>('DELETE', `/api/desk/sla-policies/${id}`),
};
