/** The console's calls to the desk API (SPEC 7.4): macros, saved views, bulk changes, merge. */
import { newIdempotencyKey, Priority, request, Status } from './api';

export interface DeskTicket {
  id: number;
  ticketNumber: string;
  subject: string;
  status: Status;
  priority: Priority;
  customer: { id: number; name: string };
  assignee: { id: number; name: string } | null;
  tags: string[];
  possibleDuplicateOf: number | null;
  mergedIntoId: number | null;
  createdAt: string;
}

export interface Macro {
  id: number;
  title: string;
  visibility: 'shared' | 'personal';
}

export interface View {
  id: number;
  name: string;
  visibility: 'shared' | 'personal';
}

export interface BulkSet {
  status?: Status;
  priority?: Priority;
  addTags?: string[];
}

export type BulkResult = { id: number; ok: true } | { id: number; ok: false; error: string };

const enc = encodeURIComponent;

export const desk = {
  ticket: (id: number) => request<DeskTicket>('GET', `/api/desk/tickets/${id}`),
  macros: (search: string) => request<{ data: Macro[] }>('GET', `/api/desk/macros?limit=100${search.trim() ? `&search=${enc(search.trim())}` : ''}`).then((page) => page.data),
  preview: (macroId: number, ticketId: number) => request<{ locale: string; body: string }>('GET', `/api/desk/macros/${macroId}/preview?ticketId=${ticketId}`),
  applyMacro: (ticketId: number, macroId: number) => request<{ ticket: DeskTicket }>('POST', `/api/desk/tickets/${ticketId}/apply-macro`, { macroId }, { 'idempotency-key': newIdempotencyKey() }),
  views: () => request<{ data: View[] }>('GET', '/api/desk/views?limit=100').then((page) => page.data),
  viewCounts: () => request<Record<string, number | string>>('GET', '/api/desk/views/counts'),
  viewTickets: (id: number) => request<{ data: DeskTicket[] }>('GET', `/api/desk/views/${id}/tickets?limit=100`).then((page) => page.data),
  bulk: (ids: number[], set: BulkSet) => request<{ results: BulkResult[] }>('POST', '/api/desk/tickets/bulk', { ids, set }, { 'idempotency-key': newIdempotencyKey() }).then((r) => r.results),
  merge: (id: number, intoTicketId: number) => request<DeskTicket>('POST', `/api/desk/tickets/${id}/merge`, { intoTicketId }, { 'idempotency-key': newIdempotencyKey() }),
};
