import { FormEvent, useState } from 'react';
import { api, CATEGORIES, Me, PRIORITIES, STATUSES, Ticket, TicketFilters, TicketSort, title } from './api';
import { Busy, duration, Outcome, Pager, PriorityBadge, StatusBadge, useAction, useLiveReload, useLoad, useNow, when } from './ui';
import type { Subscribe } from './useRealtime';

const PER_PAGE = 25;
const TICKET_EVENTS = ['support:ticket_updated', 'support:ticket_assigned', 'support:message_created', 'support:message_read'];

/**
 * The work queue: the helpdesk list of my view (an agent: tickets assigned
 * to them plus the unassigned queue; an admin: everything), filtered and
 * searched on the server, re-read live as tickets change.
 */
export function Queue({ me, live }: { me: Me; live: Subscribe }) {
  const [show, setShow] = useState<'queue' | 'mine'>('queue');
  const [filters, setFilters] = useState<TicketFilters>({});
  const [searchText, setSearchText] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>(NEWEST_FIRST);
  const now = useNow();

  const query: TicketFilters = { ...filters, assigned_to: show === 'mine' ? me.id : undefined, sort_by: sort.by, sort_order: sort.order, page, per_page: PER_PAGE };
  const list = useLoad(() => api.tickets(query), [JSON.stringify(query)]);
  useLiveReload(live, (e) => TICKET_EVENTS.includes(e.name), list.reload);

  const filter = (key: keyof TicketFilters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value || undefined }));
    setPage(1);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    filter('search', searchText.trim());
  };

  const sortBy = (by: TicketSort) => {
    setSort((current) => (current.by === by ? { by, order: current.order === 'asc' ? 'desc' : 'asc' } : { by, order: FIRST_ORDER[by] }));
    setPage(1);
  };
  const header = (by: TicketSort, label: string, className?: string) => <SortHeader by={by} label={label} sort={sort} onSort={sortBy} className={className} />;

  const tickets = list.data?.data ?? [];
  return (
    <section aria-labelledby="queue-title">
      <div className="section-head">
        <h1 id="queue-title">{me.role === 'admin' ? 'Tickets' : 'My queue'}</h1>
        <Busy when={list.loading}>Loading tickets</Busy>
      </div>

      <form className="filters" onSubmit={search} role="search" aria-label="Filter tickets">
        <label>
          Show
          <select value={show} onChange={(e) => { setShow(e.target.value as 'queue' | 'mine'); setPage(1); }}>
            <option value="queue">{me.role === 'admin' ? 'All tickets' : 'Mine and unassigned'}</option>
            <option value="mine">Assigned to me</option>
          </select>
        </label>
        <Choice label="Status" values={STATUSES} value={filters.status} onChange={(v) => filter('status', v)} />
        <Choice label="Priority" values={PRIORITIES} value={filters.priority} onChange={(v) => filter('priority', v)} />
        <Choice label="Category" values={CATEGORIES} value={filters.category} onChange={(v) => filter('category', v)} />
        <label className="grow">
          Search
          <input type="search" value={searchText} placeholder="Subject, description, messages or ticket number" onChange={(e) => setSearchText(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>

      <Outcome error={list.error} />
      {list.data && tickets.length === 0 && <p className="empty">No tickets match.</p>}
      {tickets.length > 0 && (
        <div className="table-wrap">
          <table className="tickets" data-testid="queue">
            <thead>
              <tr>
                {header('id', 'Ticket')}
                <th scope="col" className="wide-only">Customer</th>
                {header('status', 'Status')}
                {header('priority', 'Priority')}
                <th scope="col" className="wide-only">Category</th>
                <th scope="col">Assignee</th>
                {header('created_at', 'Waiting')}
                {header('updated_at', 'Updated', 'wide-only')}
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <Row key={ticket.id} ticket={ticket} me={me} now={now} onAssigned={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && list.data.last_page > 1 && (
        <Pager label="Pages" page={page} hasNext={Boolean(list.data.next_page_url)} onPage={setPage}>
          Page {list.data.current_page} of {list.data.last_page} · {list.data.total} tickets
        </Pager>
      )}
    </section>
  );
}

interface Sort {
  by: TicketSort;
  order: 'asc' | 'desc';
}
const NEWEST_FIRST: Sort = { by: 'created_at', order: 'desc' };
/** A column's first click: the most pressing first (oldest ticket = longest waiting, highest priority, earliest status). */
const FIRST_ORDER: Record<TicketSort, 'asc' | 'desc'> = { id: 'desc', created_at: 'asc', updated_at: 'desc', priority: 'desc', status: 'asc' };

/** A column header that sorts the queue on the server; a second click reverses the order. */
function SortHeader({ by, label, sort, onSort, className }: { by: TicketSort; label: string; sort: Sort; onSort: (by: TicketSort) => void; className?: string }) {
  const active = sort.by === by;
  // "Waiting" shows a duration: the oldest ticket (created_at ascending) has waited the longest.
  const ascending = (sort.order === 'asc') !== (by === 'created_at');
  return (
    <th scope="col" className={className} aria-sort={active ? (ascending ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(by)}>
        {label}
        <span aria-hidden="true">{active ? (ascending ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/** How long the customer has been waiting (since the ticket was opened), or when it was finished. */
function Waiting({ ticket, now }: { ticket: Ticket; now: number }) {
  const finished = ticket.status === 'closed' ? ticket.closed_at : ticket.status === 'resolved' ? ticket.resolved_at : null;
  if (finished)
    return (
      <time className="waited done" dateTime={finished} title={`${title(ticket.status)} ${when(finished)} · opened ${when(ticket.created_at)}`}>
        {ticket.status} {duration(finished, now)} ago
      </time>
    );
  return (
    <time className="waited" dateTime={ticket.created_at} title={`Opened ${when(ticket.created_at)}`}>
      waiting {duration(ticket.created_at, now)}
    </time>
  );
}

function Row({ ticket, me, now, onAssigned }: { ticket: Ticket; me: Me; now: number; onAssigned: () => void }) {
  const assign = useAction();
  const unread = !ticket.is_admin_read;
  return (
    <tr className={unread ? 'unread' : undefined} data-ticket-id={ticket.id}>
      <td>
        <a href={`#/tickets/${ticket.id}`} className="ticket-link">
          {unread && <span className="dot" role="img" aria-label="Unread" title="Unread customer message" />}
          <span className="number">{ticket.ticket_number}</span>
          <span className="subject">{ticket.subject}</span>
        </a>
      </td>
      <td className="wide-only">{ticket.customer?.name ?? `#${ticket.customer_id}`}</td>
      <td>
        <StatusBadge status={ticket.status} />
      </td>
      <td>
        <PriorityBadge priority={ticket.priority} />
      </td>
      <td className="wide-only">{title(ticket.category)}</td>
      <td>
        {ticket.assigned_to === null ? (
          <span className="tag unassigned">Unassigned</span>
        ) : ticket.assigned_to === me.id ? (
          <span className="tag mine">Me</span>
        ) : (
          ticket.assigned_admin?.name ?? `#${ticket.assigned_to}`
        )}
      </td>
      <td>
        <Waiting ticket={ticket} now={now} />
      </td>
      <td className="wide-only">{when(ticket.updated_at)}</td>
      <td className="row-action">
        {ticket.assigned_to === null && (
          <button
            type="button"
            className="small"
            disabled={assign.pending}
            aria-label={`Assign ${ticket.ticket_number} to me`}
            onClick={() =>
              void assign.run(async () => {
                await api.assignSelf(ticket.id);
                onAssigned();
              })
            }
          >
            {assign.pending ? 'Assigning…' : 'Assign to me'}
          </button>
        )}
        <Outcome error={assign.error} />
      </td>
    </tr>
  );
}

function Choice({ label, values, value, onChange }: { label: string; values: readonly string[]; value?: string; onChange: (value: string) => void }) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {title(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
