import { FormEvent, useState } from 'react';
import { title } from './api';
import { desk, DeskTicket } from './desk-api';
import { Outcome, StatusBadge, useAction, useLoad, when } from './ui';

/** How many of the customer's other tickets the panel lists (newest first). */
const OTHER_TICKETS_SHOWN = 10;

/** The ticket's tags; whoever may work the ticket edits them (comma-separated). */
export function TagsPanel({ ticketId, canWork, version }: { ticketId: number; canWork: boolean; version: string }) {
  const load = useLoad(() => desk.ticket(ticketId), [ticketId, version]);
  const save = useAction();
  const [draft, setDraft] = useState<string | null>(null);
  const ticket = load.data;
  const submit = (e: FormEvent, current: DeskTicket) => {
    e.preventDefault();
    const tags = (draft ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    void save.run(async () => {
      await desk.setTags(current, tags);
      setDraft(null);
      await load.reload();
      return 'Tags saved';
    });
  };
  return (
    <section className="panel" aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      <Outcome error={load.error} />
      {ticket && draft === null && (
        <div className="row" data-testid="ticket-tags">
          {ticket.tags.length === 0 && <span className="muted">No tags</span>}
          {ticket.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
          {canWork && (
            <button type="button" className="small" onClick={() => setDraft(ticket.tags.join(', '))}>
              Edit tags
            </button>
          )}
        </div>
      )}
      {ticket && draft !== null && (
        <form onSubmit={(e) => submit(e, ticket)} className="row">
          <label className="grow">
            Tags, separated by commas
            <input value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={save.pending}>
            Save tags
          </button>
          <button type="button" className="secondary" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </form>
      )}
      <Outcome error={save.error} done={save.done} />
    </section>
  );
}

/** The customer and their other tickets, newest first, as far as the signed-in staff member sees them. */
export function CustomerPanel({ ticketId, customerId, version }: { ticketId: number; customerId: number; version: string }) {
  const ticket = useLoad(() => desk.ticket(ticketId), [ticketId, version]);
  const others = useLoad(() => desk.tickets({ customerId, limit: OTHER_TICKETS_SHOWN + 1 }), [customerId, version]);
  const customer = ticket.data?.customer;
  const list = (others.data?.data ?? []).filter((t) => t.id !== ticketId).slice(0, OTHER_TICKETS_SHOWN);
  return (
    <section className="panel" aria-labelledby="customer-title">
      <h2 id="customer-title">Customer</h2>
      <Outcome error={ticket.error ?? others.error} />
      {customer && (
        <p>
          <strong>{customer.name}</strong> · {customer.email} · {customer.locale}
        </p>
      )}
      <h3>Other tickets</h3>
      {others.data && list.length === 0 && <p className="muted">No other tickets you can see.</p>}
      <ul className="plain" data-testid="customer-tickets">
        {list.map((t) => (
          <li key={t.id}>
            <a href={`#/tickets/${t.id}`}>
              <span className="number">{t.ticketNumber}</span> {t.subject}
            </a>{' '}
            <StatusBadge status={t.status} /> <span className="muted">{title(t.category)} · {when(t.createdAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
