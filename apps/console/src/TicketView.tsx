import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, ConsoleDetails, Me, Message, newIdempotencyKey, NEXT_STATUSES, Note, PRIORITIES, Ticket, title } from './api';
import { announceTicketRead, Busy, Outcome, PriorityBadge, StatusBadge, useAction, useLiveReload, useLoad, when } from './ui';
import type { LiveEvent, Subscribe } from './useRealtime';

interface Loaded {
  ticket: Ticket;
  details: ConsoleDetails;
  messages: Message[];
}

/** What live events told us about this ticket while it was open (the HTTP API has no history endpoint). */
interface Seen {
  at: string;
  text: string;
  eventId?: string;
  escalationLevel?: number;
}

/**
 * One ticket: the conversation with the customer, the internal notes beside
 * it (staff only, never among the replies), its details, and what the
 * signed-in agent or admin can do with it.
 */
export function TicketView({ me, ticketId, live }: { me: Me; ticketId: number; live: Subscribe }) {
  const load = useLoad<Loaded>(async () => {
    // Reading the messages marks the customer's ones read (seed 003), so it goes last.
    const [ticket, details] = await Promise.all([api.ticket(ticketId), api.details(ticketId)]);
    const messages = await api.messages(ticketId);
    announceTicketRead();
    return { ticket, details, messages };
  }, [ticketId]);
  const [seen, setSeen] = useState<Seen[]>([]);
  useLiveReload(
    live,
    (e) => {
      if (e.ticketId !== ticketId) return false;
      const text = describe(e);
      const at = String(e.payload.occurredAt ?? new Date().toISOString());
      const eventId = e.payload.eventId as string | undefined;
      // Delivery is at least once: a redelivered event (same eventId) is not a second change.
      if (text) setSeen((list) => (eventId && list.some((s) => s.eventId === eventId) ? list : [...list, { at, text, eventId, escalationLevel: e.payload.escalationLevel as number | undefined }]));
      return true;
    },
    load.reload,
  );

  if (!load.data)
    return (
      <section>
        <p>
          <a href="#/queue">← Queue</a>
        </p>
        <Busy when={load.loading}>Loading ticket</Busy>
        <Outcome error={load.error} />
      </section>
    );

  const { ticket, details, messages } = load.data;
  const notes = details.internal_notes ?? [];
  const escalation = [...seen].reverse().find((s) => s.escalationLevel !== undefined)?.escalationLevel;
  const canWork = me.role === 'admin' || ticket.assigned_to === me.id;

  return (
    <section className="ticket" aria-labelledby="ticket-title">
      <p className="crumbs">
        <a href="#/queue">← Queue</a> <Busy when={load.loading}>Refreshing</Busy>
      </p>
      <header className="ticket-head">
        <h1 id="ticket-title">
          <span className="number">{ticket.ticket_number}</span> {ticket.subject}
        </h1>
        <div className="row">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          <span className="badge">{title(ticket.category)}</span>
          {ticket.status === 'escalated' && <span className="badge escalated">Escalated</span>}
        </div>
        <Outcome error={load.error} />
      </header>

      <div className="ticket-grid">
        <div className="conversation-col">
          <section aria-labelledby="conversation-title" className="panel">
            <h2 id="conversation-title">Conversation</h2>
            <article className="message customer original">
              <div className="meta">
                <strong>{ticket.customer?.name ?? 'Customer'}</strong> opened the ticket · {when(ticket.created_at)}
              </div>
              <p>{ticket.description}</p>
            </article>
            <ol className="messages" data-testid="conversation">
              {messages.map((message) => (
                <MessageItem key={message.id} message={message} />
              ))}
            </ol>
            {messages.length === 0 && <p className="muted">No replies yet.</p>}
            <Composer
              label="Reply to the customer"
              button="Send reply"
              sending="Sending…"
              disabled={!canWork}
              hint={canWork ? 'The customer sees this reply.' : 'Assign the ticket to yourself to reply.'}
              onSend={async (text, key) => {
                await api.reply(ticketId, text, key);
                await load.reload();
                return 'Reply sent';
              }}
            />
          </section>
        </div>

        <aside className="side-col">
          <Actions me={me} ticket={ticket} canWork={canWork} onChanged={load.reload} />
          <Details ticket={ticket} details={details} escalation={escalation} />
          <Notes
            notes={notes}
            me={me}
            ticket={ticket}
            canWork={canWork}
            onAdd={async (text, key) => {
              await api.addNote(ticketId, text, key);
              await load.reload();
              return 'Note added';
            }}
          />
          <History ticket={ticket} messages={messages} notes={notes} seen={seen} />
        </aside>
      </div>
    </section>
  );
}

function MessageItem({ message }: { message: Message }) {
  const fromCustomer = message.sender_type === 'customer';
  const sender = (fromCustomer ? message.customer?.name : message.admin?.name) ?? (fromCustomer ? 'Customer' : 'Support');
  return (
    <li className={`message ${fromCustomer ? 'customer' : 'staff'}`} data-sender={message.sender_type}>
      <div className="meta">
        <strong>{sender}</strong> {fromCustomer ? '' : <span className="tag">Support</span>} · {when(message.created_at)}
      </div>
      <p>{message.message}</p>
      <div className="read-state muted small">
        {message.is_read ? `Read ${when(message.read_at)}` : fromCustomer ? 'Unread' : 'Not read by the customer yet'}
      </div>
    </li>
  );
}

function Actions({ me, ticket, canWork, onChanged }: { me: Me; ticket: Ticket; canWork: boolean; onChanged: () => Promise<void> }) {
  const next = NEXT_STATUSES[ticket.status];
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState<string>(ticket.priority);
  useEffect(() => setPriority(ticket.priority), [ticket.priority]);
  const [agentId, setAgentId] = useState('');
  const assign = useAction();
  const move = useAction();
  const reprioritize = useAction();
  const reassign = useAction();
  const target = next.includes(status as never) ? status : next[0];

  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {ticket.assigned_to === null && (
        <div className="action">
          <button
            type="button"
            disabled={assign.pending}
            onClick={() =>
              void assign.run(async () => {
                await api.assignSelf(ticket.id);
                await onChanged();
                return 'Assigned to you';
              })
            }
          >
            {assign.pending ? 'Assigning…' : 'Assign to me'}
          </button>
          <Outcome error={assign.error} done={assign.done} />
        </div>
      )}
      {!canWork && ticket.assigned_to !== null && <p className="muted">Assigned to {ticket.assigned_admin?.name ?? `#${ticket.assigned_to}`}.</p>}

      <form
        className="action"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void move.run(async () => {
            await api.updateStatus(ticket.id, target);
            await onChanged();
            return `Status changed to ${title(target)}`;
          });
        }}
      >
        <label>
          Status
          <select value={target ?? ''} onChange={(e) => setStatus(e.target.value)} disabled={!canWork || next.length === 0}>
            {next.length === 0 && <option value="">No further status</option>}
            {next.map((s) => (
              <option key={s} value={s}>
                {title(s)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!canWork || next.length === 0 || move.pending}>
          {move.pending ? 'Updating…' : 'Change status'}
        </button>
        <Outcome error={move.error} done={move.done} />
      </form>

      <form
        className="action"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void reprioritize.run(async () => {
            // Seed 004 sets priority together with a status: the current one (no status change).
            await api.updateStatus(ticket.id, ticket.status, priority);
            await onChanged();
            return `Priority set to ${title(priority)}`;
          });
        }}
      >
        <label>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value)} disabled={!canWork}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {title(p)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary" disabled={!canWork || priority === ticket.priority || reprioritize.pending}>
          {reprioritize.pending ? 'Saving…' : 'Set priority'}
        </button>
        <Outcome error={reprioritize.error} done={reprioritize.done} />
      </form>

      {me.role === 'admin' && (
        <form
          className="action"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void reassign.run(async () => {
              await api.reassign(ticket.id, Number(agentId));
              await onChanged();
              setAgentId('');
              return `Reassigned to agent #${agentId}`;
            });
          }}
        >
          <label>
            Reassign to agent id
            <input inputMode="numeric" pattern="[0-9]+" required value={agentId} onChange={(e) => setAgentId(e.target.value)} placeholder="e.g. 7" />
          </label>
          <button type="submit" className="secondary" disabled={reassign.pending}>
            {reassign.pending ? 'Reassigning…' : 'Reassign'}
          </button>
          <Outcome error={reassign.error} done={reassign.done} />
        </form>
      )}
    </section>
  );
}

function Details({ ticket, details, escalation }: { ticket: Ticket; details: ConsoleDetails; escalation?: number }) {
  // Tickets from the apps carry their ride/order/booking in the derived subject ("Service quality — ride 42").
  const reference = ticket.subject.includes(' — ') ? ticket.subject.split(' — ').slice(1).join(' — ') : null;
  const rows: [string, string][] = [
    ['Customer', [ticket.customer?.name, ticket.customer?.email, ticket.customer?.phone].filter(Boolean).join(' · ') || `#${ticket.customer_id}`],
    ['Assignee', ticket.assigned_to === null ? 'Unassigned' : (ticket.assigned_admin?.name ?? `#${details.ticket.agent_id}`)],
    ['Reference', reference ?? '—'],
    ['Escalation level', escalation !== undefined ? String(escalation) : ticket.status === 'escalated' ? 'Escalated' : '—'],
    ['Messages', String(ticket.message_count)],
    ['Customer has read', ticket.is_customer_read ? 'Yes' : 'Not yet'],
    ['Created', when(ticket.created_at)],
    ['Last reply', ticket.last_replied_at ? `${when(ticket.last_replied_at)} by ${ticket.last_replied_by_user?.name ?? `#${ticket.last_replied_by}`}` : '—'],
    ['Resolved', when(ticket.resolved_at)],
    ['Closed', when(ticket.closed_at)],
  ];
  return (
    <section className="panel" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <dl className="details">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Notes({ notes, me, ticket, canWork, onAdd }: { notes: Note[]; me: Me; ticket: Ticket; canWork: boolean; onAdd: (text: string, key: string) => Promise<string> }) {
  const author = (id: string) => (Number(id) === me.id ? 'You' : Number(id) === ticket.assigned_to ? (ticket.assigned_admin?.name ?? `Agent #${id}`) : `Staff #${id}`);
  return (
    <section className="panel notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Internal notes</h2>
      <p className="small">Staff only — never shown or sent to the customer.</p>
      <ol data-testid="notes">
        {notes.map((note) => (
          <li key={note.id} className="note">
            <div className="meta">
              <strong>{author(note.agent_id)}</strong> · {when(note.created_at)}
            </div>
            <p>{note.note}</p>
          </li>
        ))}
      </ol>
      {notes.length === 0 && <p className="muted small">No notes yet.</p>}
      <Composer label="Add an internal note" button="Add note" sending="Adding…" disabled={!canWork} hint={canWork ? 'Only staff see notes.' : 'Assign the ticket to yourself to add notes.'} onSend={onAdd} />
    </section>
  );
}

function History({ ticket, messages, notes, seen }: { ticket: Ticket; messages: Message[]; notes: Note[]; seen: Seen[] }) {
  const seenMove = (status: string) => seen.some((entry) => entry.text.endsWith(`→ ${status}`));
  const entries: Seen[] = [
    { at: ticket.created_at, text: 'Ticket created' },
    ...messages.map((m) => ({ at: m.created_at, text: m.sender_type === 'customer' ? 'Customer replied' : `${m.admin?.name ?? 'Support'} replied` })),
    ...notes.map((n) => ({ at: n.created_at, text: 'Internal note added' })),
    // (unless the change was seen live, which says more)
    ...(ticket.resolved_at && !seenMove('Resolved') ? [{ at: ticket.resolved_at, text: 'Resolved' }] : []),
    ...(ticket.closed_at && !seenMove('Closed') ? [{ at: ticket.closed_at, text: 'Closed' }] : []),
    ...seen,
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol className="history">
        {entries.map((entry, i) => (
          <li key={i}>
            <span className="muted small">{when(entry.at)}</span> {entry.text}
          </li>
        ))}
      </ol>
      <p className="muted small">From the ticket&apos;s dates, replies and notes, plus the changes seen live while this page is open.</p>
    </section>
  );
}

/** A text box that sends once, shows progress, and keeps the text (and its idempotency key) when sending fails. */
function Composer(props: { label: string; button: string; sending: string; hint: string; disabled: boolean; onSend: (text: string, key: string) => Promise<string> }) {
  const [text, setText] = useState('');
  const key = useRef(newIdempotencyKey());
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    void action.run(async () => {
      const done = await props.onSend(text.trim(), key.current);
      setText('');
      key.current = newIdempotencyKey();
      return done;
    });
  };
  return (
    <form className="composer" onSubmit={submit}>
      <label>
        {props.label}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} disabled={props.disabled} required />
      </label>
      <div className="row">
        <span className="muted small">{props.hint}</span>
        <button type="submit" disabled={props.disabled || action.pending || !text.trim()}>
          {action.pending ? props.sending : props.button}
        </button>
      </div>
      <Outcome error={action.error} done={action.done} />
    </form>
  );
}

/** A line of history for a live event about this ticket. */
function describe(event: LiveEvent): string | null {
  const p = event.payload as Record<string, any>;
  switch (event.name) {
    case 'support:ticket_updated':
      if (p.change === 'status_changed' || p.change === 'escalated' || p.change === 'closed')
        return `Status ${title(String(p.details?.from ?? ''))} → ${title(String(p.details?.to ?? p.status))}${p.change === 'escalated' ? ` (escalation level ${p.escalationLevel})` : ''}`;
      if (p.change === 'updated') return `Updated: ${Object.keys(p.details?.changes ?? {}).join(', ') || 'details'}`;
      return null;
    case 'support:ticket_assigned':
      return p.previousAssigneeId ? `Reassigned from #${p.previousAssigneeId} to #${p.assigneeId}` : `Assigned to #${p.assigneeId}`;
    default:
      return null;
  }
}
