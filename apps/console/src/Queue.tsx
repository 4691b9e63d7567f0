import { FormEvent, useState } from 'react';
import { api, CATEGORIES, Me, PRIORITIES, STATUSES, title } from './api';
import { DeskSort, desk, DeskTicket, nextDueAt } from './desk-api';
import { span } from './SlaClocks';
import { Busy, duration, Outcome, Pager, PriorityBadge, StatusBadge, useAction, useLiveReload, useLoad, useNow, when } from './ui';
import type { Subscribe } from './useRealtime';

const PER_PAGE = 25;
const TICKET_EVENTS = ['support:ticket_updated', 'support:ticket_assigned', 'support:message_created', 'support:sla_breached'];

interface QueueFilters {
  status?: string;
  priority?: string;
  category?: string;
  search?: string;
}

/**
 * The work queue: the desk list of my view (an agent: tickets assigned to
 * them plus the unassigned queue; an admin: everything), filtered, searched
 * and sorted on the server a cursor page at a time, re-read live as tickets change.
 */
export function Queue({ me, live }: { me: Me; live: Subscribe }) {
  const [show, setShow] = useState<'queue' | 'mine'>('queue');
  const [filters, setFilters] = useState<QueueFilters>({});
  const [searchText, setSearchText] = useState('');
  const [sort, setSort] = useState<Sort>(NEWEST_FIRST);
  // The cursor of each page on the way to the one shown (the first page has none): Previous goes back one.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const now = useNow();

  const query = { ...filters, assignee: show === 'mine' ? 'me' : undefined, sort: sort.by, order: sort.order, limit: PER_PAGE, cursor: cursors[cursors.length - 1] };
  const list = useLoad(() => desk.tickets(query), [JSON.stringify(query)]);
  useLiveReload(live, (e) => TICKET_EVENTS.includes(e.name), list.reload);

  const firstPage = () => setCursors([undefined]);
  const filter = (key: keyof QueueFilters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value || undefined }));
    firstPage();
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    filter('search', searchText.trim());
  };

  const sortBy = (by: DeskSort) => {
    setSort((current) => (current.by === by ? { by, order: current.order === 'asc' ? 'desc' : 'asc' } : { by, order: FIRST_ORDER[by] }));
    firstPage();
  };
  const header = (by: DeskSort, label: string, className?: string) => <SortHeader by={by} label={label} sort={sort} onSort={sortBy} className={className} />;
  const turn = (page: number) => {
    const next = list.data?.nextCursor;
    if (page < cursors.length) setCursors((current) => current.slice(0, page));
    else if (next) setCursors((current) => [...current, next]);
  };

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
          <select value={show} onChange={(e) => { setShow(e.target.value as 'queue' | 'mine'); firstPage(); }}>
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
                <th scope="col">Ticket</th>
                <th scope="col" className="wide-only">Customer</th>
                <th scope="col">Status</th>
                {header('priority', 'Priority')}
                <th scope="col" className="wide-only">Category</th>
                <th scope="col">Assignee</th>
                {header('created_at', 'Waiting')}
                {header('sla_due', 'Due')}
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
      {list.data && (cursors.length > 1 || list.data.nextCursor) && (
        <Pager label="Pages" page={cursors.length} hasNext={Boolean(list.data.nextCursor)} onPage={turn} />
      )}
    </section>
  );
}

interface Sort {
  by: DeskSort;
  order: 'asc' | 'desc';
}
const NEWEST_FIRST: Sort = { by: 'created_at', order: 'desc' };
/** A column's first click: the most pressing first (oldest ticket = longest waiting, highest priority, earliest due time, latest change). */
const FIRST_ORDER: Record<DeskSort, 'asc' | 'desc'> = { created_at: 'asc', updated_at: 'desc', priority: 'desc', sla_due: 'asc' };

/** A column header that sorts the queue on the server; a second click reverses the order. */
function SortHeader({ by, label, sort, onSort, className }: { by: DeskSort; label: string; sort: Sort; onSort: (by: DeskSort) => void; className?: string }) {
  const active = sort.by === by;
  // "Waiting" shows a duration: the oldest ticket (created_at ascending) has waited the longest.
  const ascending = (sort.order === 'asc') !== (by === 'created_at');
  return (
    <th scope="col" className={className} aria-sort={active ? (ascending ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(by)} title={by === 'sla_due' ? 'Most urgent first: the earliest service-level due time' : undefined}>
        {label}
        <span aria-hidden="true">{active ? (ascending ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/** How long the customer has been waiting (since the ticket was opened), or when it was finished. */
function Waiting({ ticket, now }: { ticket: DeskTicket; now: number }) {
  const finished = ticket.status === 'closed' ? ticket.closedAt : ticket.status === 'resolved' ? ticket.resolvedAt : null;
  if (finished)
    return (
      <time className="waited done" dateTime={finished} title={`${title(ticket.status)} ${when(finished)} · opened ${when(ticket.createdAt)}`}>
        {ticket.status} {duration(finished, now)} ago
      </time>
    );
  return (
    <time className="waited" dateTime={ticket.createdAt} title={`Opened ${when(ticket.createdAt)}`}>
      waiting {duration(ticket.createdAt, now)}
    </time>
  );
}

/** The most urgent service-level due time: time left, or breached (red); paused while the clocks stand still. */
function Due({ ticket, now }: { ticket: DeskTicket; now: number }) {
  const sla = ticket.sla;
  if (!sla) return null; // no policy applies
  const due = nextDueAt(sla);
  if (!due) {
    if (sla.breaches.length) return <span className="sla-due sla-breached" title={`${sla.policyName}: breached`}>breached</span>;
    return <span className="sla-due muted">{sla.paused ? 'paused' : '—'}</span>;
  }
  const left = new Date(due).getTime() - now;
  const breached = sla.breaches.some((breach) => breach.dueAt === due);
  return (
    <time className={`sla-due${breached || left <= 0 ? ' sla-breached' : ''}`} dateTime={due} title={`${sla.policyName}: due ${when(due)}`}>
      {breached ? `breached ${span(left)} ago` : left > 0 ? `due in ${span(left)}` : `overdue by ${span(left)}`}
    </time>
  );
}

function Row({ ticket, me, now, onAssigned }: { ticket: DeskTicket; me: Me; now: number; onAssigned: () => void }) {
  const assign = useAction();
  return (
    <tr data-ticket-id={ticket.id}>
      <td>
        <a href={`#/tickets/${ticket.id}`} className="ticket-link">
          <span className="number">{ticket.ticketNumber}</span>
          <span className="subject">{ticket.subject}</span>
        </a>
        {ticket.tags.length > 0 && (
          <ul className="row-tags" aria-label="Tags">
            {ticket.tags.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="wide-only">{ticket.customer.name}</td>
      <td>
        <StatusBadge status={ticket.status} />
      </td>
      <td>
        <PriorityBadge priority={ticket.priority} />
      </td>
      <td className="wide-only">{title(ticket.category)}</td>
      <td>
        {ticket.assignee === null ? (
          <span className="tag unassigned">Unassigned</span>
        ) : ticket.assignee.id === me.id ? (
          <span className="tag mine">Me</span>
        ) : (
          ticket.assignee.name
        )}
      </td>
      <td>
        <Waiting ticket={ticket} now={now} />
      </td>
      <td>
        <Due ticket={ticket} now={now} />
      </td>
      <td className="wide-only">{when(ticket.updatedAt)}</td>
      <td className="row-action">
        {ticket.assignee === null && (
          <button
            type="button"
            className="small"
            disabled={assign.pending}
            aria-label={`Assign ${ticket.ticketNumber} to me`}
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
