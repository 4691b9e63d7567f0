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
  version: number;
  createdAt: string;
  updatedAt: string;
}

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
};
