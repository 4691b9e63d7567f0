import { FormEvent, useState } from 'react';
import { Agent, api, Faq, FAQ_CATEGORIES, Me, STATUSES, title } from './api';
import { RoutingAdmin } from './Routing';
import { PAGE_SIZE } from './paging';
import { Busy, Outcome, Pager, PriorityBadge, StatusBadge, useAction, useLiveReload, useLoad, when } from './ui';
import type { Subscribe } from './useRealtime';

/** Admins: approve or reject waiting agents, deactivate approved ones, and see every ticket (reassigning is on the ticket page). */
export function Admin({ live }: { live: Subscribe }) {
  return (
    <div className="admin">
      <PendingAgents />
      <ApprovedAgents />
      <RoutingAdmin live={live} />
      <AllTickets live={live} />
    </div>
  );
}

/** Agents who registered and wait for an admin (newest first), each approved with one button. */
function PendingAgents() {
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.agents('pending', page), [page]);
  const [approved, setApproved] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="approve-title">
      <div className="section-head">
        <h2 id="approve-title">Agents awaiting approval</h2>
        <Busy when={list.loading}>Loading</Busy>
        <button type="button" className="secondary small" onClick={() => void list.reload()} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <p className="muted small">Agent routes answer 403 until you approve the agent. The agent&apos;s &ldquo;waiting for approval&rdquo; page shows the same id.</p>
      <Outcome error={list.error} done={approved} />
      {list.data?.length === 0 && <p className="empty">No agents are waiting for approval.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="agents" data-testid="pending-agents">
          {list.data.map((agent) => (
            <PendingAgent
              key={agent.id}
              agent={agent}
              onDone={async (message) => {
                setApproved(message);
                await list.reload();
              }}
            />
          ))}
        </ul>
      )}
      {(page > 1 || (list.data?.length ?? 0) >= PAGE_SIZE) && (
        <Pager label="Pages of waiting agents" page={page} hasNext={(list.data?.length ?? 0) >= PAGE_SIZE} onPage={setPage} />
      )}
    </section>
  );
}

function PendingAgent({ agent, onDone }: { agent: Agent; onDone: (message: string) => Promise<void> }) {
  const approve = useAction();
  const reject = useAction();
  const pending = approve.pending || reject.pending;
  return (
    <li className="agent row">
      <span>
        <strong>{agent.name}</strong> <span className="muted">#{agent.id} · {agent.email}</span>
        <br />
        <span className="muted small">Registered {when(agent.created_at)}</span>
      </span>
      <span className="row">
        <button
          type="button"
          className="danger"
          aria-label={`Reject ${agent.name}`}
          disabled={pending}
          onClick={() => {
            if (!window.confirm(`Reject ${agent.name} (${agent.email})? Their account is closed.`)) return;
            void reject.run(async () => {
              await api.rejectAgent(agent.id);
              await onDone(`${agent.name} (#${agent.id}) is rejected: the account is closed.`);
            });
          }}
        >
          {reject.pending ? 'Rejecting…' : 'Reject'}
        </button>
        <button
          type="button"
          aria-label={`Approve ${agent.name}`}
          disabled={pending}
          onClick={() =>
            void approve.run(async () => {
              await api.approveAgent(agent.id);
              await onDone(`${agent.name} (#${agent.id}) is approved and can work the queue.`);
            })
          }
        >
          {approve.pending ? 'Approving…' : 'Approve'}
        </button>
      </span>
      <Outcome error={approve.error ?? reject.error} />
    </li>
  );
}

/** Approved agents, newest first; deactivating one ends their access at once and returns their open tickets to the queue. */
function ApprovedAgents() {
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.agents('approved', page), [page]);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="approved-title">
      <div className="section-head">
        <h2 id="approved-title">Agents</h2>
        <Busy when={list.loading}>Loading</Busy>
        <button type="button" className="secondary small" onClick={() => void list.reload()} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <Outcome error={list.error} done={done} />
      {list.data?.length === 0 && <p className="empty">No approved agents.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="agents" data-testid="approved-agents">
          {list.data.map((agent) => (
            <ApprovedAgent
              key={agent.id}
              agent={agent}
              onDeactivated={async (returned) => {
                setDone(`${agent.name} (#${agent.id}) is deactivated; ${returned === 1 ? '1 open ticket is' : `${returned} open tickets are`} back in the queue.`);
                await list.reload();
              }}
            />
          ))}
        </ul>
      )}
      {(page > 1 || (list.data?.length ?? 0) >= PAGE_SIZE) && (
        <Pager label="Pages of agents" page={page} hasNext={(list.data?.length ?? 0) >= PAGE_SIZE} onPage={setPage} />
      )}
    </section>
  );
}

function ApprovedAgent({ agent, onDeactivated }: { agent: Agent; onDeactivated: (returnedTickets: number) => Promise<void> }) {
  const action = useAction();
  return (
    <li className="agent row">
      <span>
        <strong>{agent.name}</strong> <span className="muted">#{agent.id} · {agent.email}</span>
        <br />
        <span className="muted small">Approved {when(agent.approved_at)}</span>
      </span>
      <button
        type="button"
        className="danger"
        aria-label={`Deactivate ${agent.name}`}
        disabled={action.pending}
        onClick={() => {
          if (!window.confirm(`Deactivate ${agent.name}? They are signed out at once and their open tickets return to the queue.`)) return;
          void action.run(async () => {
            const { returned_ticket_ids } = await api.deactivateAgent(agent.id);
            await onDeactivated(returned_ticket_ids.length);
          });
        }}
      >
        {action.pending ? 'Deactivating…' : 'Deactivate'}
      </button>
      <Outcome error={action.error} />
    </li>
  );
}

/** Every ticket with its number, searchable (the helpdesk list: an admin's view is every ticket). */
function AllTickets({ live }: { live: Subscribe }) {
  const [status, setStatus] = useState('');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.tickets({ status: status || undefined, search: search || undefined, page, per_page: PAGE_SIZE }), [status, search, page]);
  useLiveReload(live, (e) => e.name === 'support:ticket_updated' || e.name === 'support:ticket_assigned', list.reload);
  const tickets = list.data?.data ?? [];
  return (
    <section className="panel" aria-labelledby="all-title">
      <div className="section-head">
        <h2 id="all-title">All tickets</h2>
        <Busy when={list.loading}>Loading</Busy>
      </div>
      <form
        className="row"
        role="search"
        aria-label="Search all tickets"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setSearch(searchText.trim());
          setPage(1);
        }}
      >
        <label>
          Status
          <select value={status} onChange={(e) => { setStatus(e.target.value); setPage(1); }}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {title(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Search all tickets
          <input type="search" value={searchText} placeholder="Ticket number, subject, description or messages" onChange={(e) => setSearchText(e.target.value)} />
        </label>
        <button type="submit">Find</button>
      </form>
      <Outcome error={list.error} />
      {list.data && tickets.length === 0 && <p className="empty">No tickets.</p>}
      {tickets.length > 0 && (
        <div className="table-wrap">
          <table className="tickets" data-testid="all-tickets">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col" className="wide-only">Customer</th>
                <th scope="col">Agent</th>
                <th scope="col">Status</th>
                <th scope="col">Priority</th>
                <th scope="col" className="wide-only">Updated</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <td>
                    <a href={`#/tickets/${ticket.id}`} className="ticket-link">
                      <span className="number">{ticket.ticket_number}</span>
                      <span className="subject">{ticket.subject}</span>
                    </a>
                  </td>
                  <td className="wide-only">{ticket.customer?.name ?? '—'}</td>
                  <td>{ticket.assigned_to === null ? <span className="tag unassigned">Unassigned</span> : (ticket.assigned_admin?.name ?? `#${ticket.assigned_to}`)}</td>
                  <td>
                    <StatusBadge status={ticket.status} />
                  </td>
                  <td>
                    <PriorityBadge priority={ticket.priority} />
                  </td>
                  <td className="wide-only">{when(ticket.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Pages" page={page} hasNext={Boolean(list.data?.next_page_url)} onPage={setPage}>
        {list.data ? <>Page {list.data.current_page} of {Math.max(1, list.data.last_page)} · {list.data.total} tickets</> : null}
      </Pager>
    </section>
  );
}

/** The public FAQ (seed 004); admins add, edit and delete entries. */
export function FaqPage({ me }: { me: Me }) {
  const list = useLoad(() => api.faqs(), []);
  const isAdmin = me.role === 'admin';
  return (
    <section aria-labelledby="faq-title">
      <div className="section-head">
        <h1 id="faq-title">FAQ</h1>
        <Busy when={list.loading}>Loading</Busy>
      </div>
      <Outcome error={list.error} />
      {isAdmin && <FaqForm submitLabel="Add FAQ" onSave={async (faq) => { await api.createFaq(faq); await list.reload(); return 'FAQ added'; }} />}
      {list.data?.length === 0 && <p className="empty">No FAQs yet.</p>}
      <ul className="faqs" data-testid="faqs">
        {list.data?.map((faq) => (
          <FaqItem key={faq.id} faq={faq} editable={isAdmin} onChanged={list.reload} />
        ))}
      </ul>
    </section>
  );
}

function FaqItem({ faq, editable, onChanged }: { faq: Faq; editable: boolean; onChanged: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const remove = useAction();
  if (editing)
    return (
      <li className="panel">
        <FaqForm
          initial={faq}
          submitLabel="Save"
          onCancel={() => setEditing(false)}
          onSave={async (changed) => {
            await api.updateFaq({ ...changed, id: faq.id });
            await onChanged();
            setEditing(false);
            return 'Saved';
          }}
        />
      </li>
    );
  return (
    <li className="panel faq">
      <h3>{faq.question}</h3>
      <p>{faq.answer}</p>
      <div className="row">
        <span className="badge">{faq.category}</span>
        {editable && (
          <>
            <button type="button" className="secondary small" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button
              type="button"
              className="danger small"
              disabled={remove.pending}
              onClick={() => {
                if (!window.confirm(`Delete the FAQ "${faq.question}"?`)) return;
                void remove.run(async () => {
                  await api.deleteFaq(faq.id);
                  await onChanged();
                });
              }}
            >
              {remove.pending ? 'Deleting…' : 'Delete'}
            </button>
          </>
        )}
      </div>
      <Outcome error={remove.error} />
    </li>
  );
}

function FaqForm({ initial, submitLabel, onSave, onCancel }: { initial?: Faq; submitLabel: string; onSave: (faq: Omit<Faq, 'id'>) => Promise<string>; onCancel?: () => void }) {
  const [question, setQuestion] = useState(initial?.question ?? '');
  const [answer, setAnswer] = useState(initial?.answer ?? '');
  const [category, setCategory] = useState(initial?.category ?? 'Other');
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const done = await onSave({ question: question.trim(), answer: answer.trim(), category });
      if (!initial) {
        setQuestion('');
        setAnswer('');
      }
      return done;
    });
  };
  return (
    <form className="panel faq-form" onSubmit={submit} aria-label={initial ? 'Edit FAQ' : 'Add a FAQ'}>
      {!initial && <h2>Add a FAQ</h2>}
      <label>
        Question
        <input required value={question} onChange={(e) => setQuestion(e.target.value)} />
      </label>
      <label>
        Answer
        <textarea required rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </label>
      <div className="row">
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {FAQ_CATEGORIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={action.pending}>
          {action.pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <Outcome error={action.error} done={action.done} />
    </form>
  );
}
