import { FormEvent, useEffect, useRef, useState } from 'react';
import { Agent, api, ConsoleDetails, HistoryEntry, Me, Message, newIdempotencyKey, NEXT_STATUSES, Note, PRIORITIES, statusPath, Ticket, title } from './api';
import { MacroPicker, MergeTools } from './Productivity';
import { TicketViewers } from './Routing';
import { announceTicketRead, Busy, Outcome, PriorityBadge, StatusBadge, useAction, useLiveReload, useLoad, when } from './ui';
import { CustomerPanel, TagsPanel } from './DeskPanels';
import { SlaClocks } from './SlaClocks';
import type { Subscribe } from './useRealtime';

interface Loaded {
  ticket: Ticket;
  details: ConsoleDetails;
  messages: Message[];
}

/** The approved agents an admin may hand a ticket to (the API serves at most 100 a page). */
const AGENTS_SHOWN = 100;

/**
 * One ticket: the conversation with the customer, the internal notes beside
 * it (staff only, never among the replies), its details and history, and
 * what the signed-in agent or admin can do with it.
 */
export function TicketView({ me, ticketId, live }: { me: Me; ticketId: number; live: Subscribe }) {
  const load = useLoad<Loaded>(async () => {
    // Reading the messages marks the customer's ones read (seed 003), so it goes last.
    const [ticket, details] = await Promise.all([api.ticket(ticketId), api.details(ticketId)]);
    const messages = await api.messages(ticketId);
    announceTicketRead();
    return { ticket, details, messages };
  }, [ticketId]);
  // Admins reassign to approved agents, and the history names them.
  const agents = useLoad<Agent[]>(() => (me.role === 'admin' ? api.agents('approved', 1, AGENTS_SHOWN) : Promise.resolve([])), [me.role]);
  useLiveReload(live, (e) => e.ticketId === ticketId, load.reload);

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
  const canWork = me.role === 'admin' || ticket.assigned_to === me.id;
  // An agent replying from the unassigned queue takes the ticket (the API does it with the reply).
  const takesByReplying = me.role === 'agent' && ticket.assigned_to === null;
  const canReply = canWork || takesByReplying;
  const reply = (text: string, key: string) => api.reply(ticketId, text, key);
  const nameOf = personNamer(me, ticket, agents.data ?? []);

  return (
    <section className="ticket" aria-labelledby="ticket-title">
      <p className="crumbs">
        <a href="#/queue">← Queue</a> <Busy when={load.loading}>Refreshing</Busy>
      </p>
      <TicketViewers ticketId={ticketId} meId={me.id} live={live} />
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
            <MacroPicker ticketId={ticketId} disabled={!canReply} onApplied={load.reload} />
            <Composer
              label="Reply to the customer"
              button="Send reply"
              sending="Sending…"
              disabled={!canReply}
              hint={takesByReplying ? 'The customer sees this reply. Replying assigns the ticket to you.' : canReply ? 'The customer sees this reply.' : 'Only its assignee or an admin replies.'}
              onSend={async (text, key) => {
                await reply(text, key);
                await load.reload();
                return 'Reply sent';
              }}
              also={{
                button: 'Send and resolve',
                sending: 'Resolving…',
                onSend: async (text, key) => {
                  await reply(text, key);
                  try {
                    // After the reply (which may have taken or reopened the ticket), walk the workflow to Resolved.
                    const replied = await api.ticket(ticketId);
                    for (const status of statusPath(replied.status, 'resolved') ?? []) await api.updateStatus(ticketId, status);
                  } finally {
                    await load.reload();
                  }
                  return 'Reply sent and ticket resolved';
                },
              }}
            />
          </section>
        </div>

        <aside className="side-col">
          <Actions me={me} ticket={ticket} canWork={canWork} agents={agents} onChanged={load.reload} />
          <SlaClocks ticketId={ticketId} version={ticket.updated_at} live={live} />
          <TagsPanel ticketId={ticketId} canWork={canWork} version={ticket.updated_at} />
          <MergeTools ticketId={ticketId} canWork={canWork} onMerged={load.reload} />
          <Details ticket={ticket} details={details} />
          <CustomerPanel ticketId={ticketId} customerId={ticket.customer_id} version={ticket.updated_at} />
          <Notes
            notes={notes}
            nameOf={nameOf}
            canWork={canWork}
            onAdd={async (text, key) => {
              await api.addNote(ticketId, text, key);
              await load.reload();
              return 'Note added';
            }}
          />
          <History entries={details.history ?? []} nameOf={nameOf} />
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

interface AgentsLoad {
  data: Agent[] | null;
  error: string | null;
  loading: boolean;
}

function Actions({ me, ticket, canWork, agents, onChanged }: { me: Me; ticket: Ticket; canWork: boolean; agents: AgentsLoad; onChanged: () => Promise<void> }) {
  const next = NEXT_STATUSES[ticket.status];
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState<string>(ticket.priority);
  useEffect(() => setPriority(ticket.priority), [ticket.priority]);
  const assign = useAction();
  const move = useAction();
  const reprioritize = useAction();
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

      {me.role === 'admin' && <Reassign ticket={ticket} agents={agents} onChanged={onChanged} />}
    </section>
  );
}

/** Admins hand the ticket to one of the approved agents (the current assignee is not offered). */
function Reassign({ ticket, agents, onChanged }: { ticket: Ticket; agents: AgentsLoad; onChanged: () => Promise<void> }) {
  const [agentId, setAgentId] = useState('');
  const reassign = useAction();
  const choices = (agents.data ?? []).filter((agent) => Number(agent.id) !== ticket.assigned_to);
  const chosen = choices.find((agent) => agent.id === agentId);
  return (
    <form
      className="action"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!chosen) return;
        void reassign.run(async () => {
          await api.reassign(ticket.id, chosen.id);
          await onChanged();
          setAgentId('');
          return `Reassigned to ${chosen.name}`;
        });
      }}
    >
      <label>
        Reassign to
        <select value={chosen ? agentId : ''} onChange={(e) => setAgentId(e.target.value)} disabled={!agents.data || choices.length === 0} required>
          <option value="">{agents.data && choices.length === 0 ? 'No other approved agent' : 'Choose an agent…'}</option>
          {choices.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name} ({agent.email})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="secondary" disabled={!chosen || reassign.pending}>
        {reassign.pending ? 'Reassigning…' : 'Reassign'}
      </button>
      <Busy when={agents.loading}>Loading agents</Busy>
      <Outcome error={reassign.error ?? agents.error} done={reassign.done} />
    </form>
  );
}

function Details({ ticket, details }: { ticket: Ticket; details: ConsoleDetails }) {
  const { escalation_level: level, ride, order, booking } = details.ticket;
  const references: [string, string][] = [
    ...(ride ? [['Ride', `#${ride.id} · ${ride.pickup_location} → ${ride.dropoff_location} · ${ride.status}`] as [string, string]] : []),
    ...(order ? [['Order', `${order.order_number} (${order.vertical}) · ${order.status}`] as [string, string]] : []),
    ...(booking
      ? [['Booking', [booking.booking_number, booking.venue_name, booking.starts_at ? when(booking.starts_at) : null, booking.status].filter(Boolean).join(' · ')] as [string, string]]
      : []),
  ];
  const rows: [string, string][] = [
    ['Customer', [ticket.customer?.name, ticket.customer?.email, ticket.customer?.phone].filter(Boolean).join(' · ') || `#${ticket.customer_id}`],
    ['Assignee', ticket.assigned_to === null ? 'Unassigned' : (ticket.assigned_admin?.name ?? `#${details.ticket.agent_id}`)],
    ...(references.length ? references : [['Reference', '—'] as [string, string]]),
    ['Escalation level', level ? String(level) : 'Not escalated'],
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

function Notes({ notes, nameOf, canWork, onAdd }: { notes: Note[]; nameOf: ReturnType<typeof personNamer>; canWork: boolean; onAdd: (text: string, key: string) => Promise<string> }) {
  return (
    <section className="panel notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Internal notes</h2>
      <p className="small">Staff only — never shown or sent to the customer.</p>
      <ol data-testid="notes">
        {notes.map((note) => (
          <li key={note.id} className="note">
            <div className="meta">
              <strong>{nameOf(note.agent_id)}</strong> · {when(note.created_at)}
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

/** Who a history entry or a note names: you, the customer, the assignee, an agent the admin knows, else role and id. */
function personNamer(me: Me, ticket: Ticket, agents: Agent[]) {
  return (id: string | null, role?: HistoryEntry['actor_role']): string => {
    if (id === null) return role === 'service' ? 'Another MM service' : 'The system';
    const n = Number(id);
    if (n === me.id) return 'You';
    if (n === ticket.customer_id) return ticket.customer?.name ?? 'The customer';
    if (n === ticket.assigned_to && ticket.assigned_admin) return ticket.assigned_admin.name;
    const agent = agents.find((a) => a.id === id);
    if (agent) return agent.name;
    return `${role === 'admin' ? 'Admin' : role === 'customer' ? 'Customer' : role === 'support_agent' ? 'Agent' : 'Staff'} #${id}`;
  };
}

const FIELD_LABELS: Record<string, string> = { priority: 'Priority', escalation_level: 'Escalation level', resolution_details: 'Resolution details' };

/** What an entry changed, in words. */
function describe(entry: HistoryEntry, nameOf: ReturnType<typeof personNamer>): string[] {
  const lines: string[] = [];
  switch (entry.type) {
    case 'created':
      lines.push(`Ticket opened (${entry.to})`);
      break;
    case 'status_changed':
    case 'escalated':
    case 'closed':
      lines.push(`Status ${entry.from} → ${entry.to}`);
      break;
    case 'assigned':
      if (entry.to === null) lines.push(`Returned to the queue from ${nameOf(entry.from, 'support_agent')}`); // the agent was deactivated
      else lines.push(entry.from === null ? `Assigned to ${nameOf(entry.to, 'support_agent')}` : `Reassigned from ${nameOf(entry.from, 'support_agent')} to ${nameOf(entry.to, 'support_agent')}`);
      break;
    case 'updated':
      break;
    case 'sla_breached':
      return [`Service level breached: ${title(String(entry.changes?.metric?.to ?? ''))} was due ${when(String(entry.changes?.due_at?.to ?? ''))}`];
  }
  for (const [field, change] of Object.entries(entry.changes ?? {})) {
    const label = FIELD_LABELS[field] ?? title(field);
    lines.push(field === 'resolution_details' ? `${label} updated` : `${label} ${change.from ?? '—'} → ${change.to ?? '—'}`);
  }
  return lines;
}

/** The ticket's history as the API records it: every change, newest first. */
function History({ entries, nameOf }: { entries: HistoryEntry[]; nameOf: ReturnType<typeof personNamer> }) {
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol className="history" data-testid="history">
        {entries.map((entry) => (
          <li key={entry.id}>
            <span className="muted small">{when(entry.created_at)}</span> {describe(entry, nameOf).join(' · ')}{' '}
            <span className="muted small">by {nameOf(entry.actor_id, entry.actor_role)}</span>
          </li>
        ))}
      </ol>
      {entries.length === 0 && <p className="muted small">No changes recorded yet.</p>}
      <p className="muted small">Every change of the ticket, newest first (the latest 100). Replies and notes are in their own panels.</p>
    </section>
  );
}

/** A text box that sends once, shows progress, and keeps the text (and its idempotency key) when sending fails. */
type Send = (text: string, key: string) => Promise<string>;

/** `also`: a second way to send (e.g. "Send and resolve"); a failure keeps the text and its key, so retrying is safe. */
function Composer(props: { label: string; button: string; sending: string; hint: string; disabled: boolean; onSend: Send; also?: { button: string; sending: string; onSend: Send } }) {
  const [text, setText] = useState('');
  const [sendingAlso, setSendingAlso] = useState(false);
  const key = useRef(newIdempotencyKey());
  const action = useAction();
  const send = (onSend: Send, also: boolean) => {
    if (!text.trim()) return;
    setSendingAlso(also);
    void action.run(async () => {
      const done = await onSend(text.trim(), key.current);
      setText('');
      key.current = newIdempotencyKey();
      return done;
    });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send(props.onSend, false);
  };
  const { also } = props;
  return (
    <form className="composer" onSubmit={submit}>
      <label>
        {props.label}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} disabled={props.disabled} required />
      </label>
      <div className="row">
        <span className="muted small">{props.hint}</span>
        <span className="row">
          {also && (
            <button type="button" className="secondary" disabled={props.disabled || action.pending || !text.trim()} onClick={() => send(also.onSend, true)}>
              {action.pending && sendingAlso ? also.sending : also.button}
            </button>
          )}
          <button type="submit" disabled={props.disabled || action.pending || !text.trim()}>
            {action.pending && !sendingAlso ? props.sending : props.button}
          </button>
        </span>
      </div>
      <Outcome error={action.error} done={action.done} />
    </form>
  );
}
