import { FormEvent, useState } from 'react';
import { PRIORITIES, Priority, Status, STATUSES, title } from './api';
import { BulkSet, desk } from './desk';
import { Busy, Outcome, PriorityBadge, StatusBadge, useAction, useLiveReload, useLoad } from './ui';
import type { Subscribe } from './useRealtime';

/** The reply box's macro picker (SPEC 7.4): search by title, preview rendered for this ticket, apply. */
export function MacroPicker({ ticketId, disabled, onApplied }: { ticketId: number; disabled: boolean; onApplied: () => Promise<void> }) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<number | null>(null);
  const macros = useLoad(() => desk.macros(search), [search]);
  const preview = useLoad(() => (chosen === null ? Promise.resolve(null) : desk.preview(chosen, ticketId)), [chosen, ticketId]);
  const apply = useAction();
  return (
    <details className="macro-picker">
      <summary>Macros</summary>
      <label>
        Search macros
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Title" />
      </label>
      <Outcome error={macros.error} />
      <ul role="listbox" aria-label="Macros">
        {macros.data?.map((macro) => (
          <li key={macro.id} role="option" aria-selected={chosen === macro.id}>
            <button type="button" className="link" onClick={() => setChosen(macro.id)}>
              {macro.title}
            </button>{' '}
            <span className="muted">({macro.visibility})</span>
          </li>
        ))}
        {macros.data?.length === 0 && <li className="muted">No macro matches</li>}
      </ul>
      {chosen !== null && (
        <div className="macro-preview">
          <Busy when={preview.loading}>Rendering</Busy>
          <Outcome error={preview.error} />
          {preview.data && (
            <>
              <p className="muted">Preview ({preview.data.locale}), as the customer will read it:</p>
              <blockquote data-testid="macro-preview">{preview.data.body}</blockquote>
            </>
          )}
          <button
            type="button"
            disabled={disabled || apply.pending}
            onClick={() =>
              void apply.run(async () => {
                await desk.applyMacro(ticketId, chosen);
                setChosen(null);
                await onApplied();
                return 'Macro applied';
              })
            }
          >
            {apply.pending ? 'Applying…' : 'Apply macro'}
          </button>
        </div>
      )}
      <Outcome error={apply.error} done={apply.done} />
    </details>
  );
}

/** On a ticket: the duplicate hint offering to merge, and the merge dialog (same customer only). */
export function MergeTools({ ticketId, canWork, onMerged }: { ticketId: number; canWork: boolean; onMerged: () => Promise<void> }) {
  const current = useLoad(() => desk.ticket(ticketId), [ticketId]);
  const [target, setTarget] = useState('');
  const merge = useAction();
  const mergeInto = (into: number) =>
    merge.run(async () => {
      await desk.merge(ticketId, into);
      await Promise.all([current.reload(), onMerged()]);
      return `Merged into ticket ${into}`;
    });
  const ticket = current.data;
  if (!ticket) return <Outcome error={current.error} />;
  return (
    <section className="panel" aria-labelledby="merge-title">
      <h2 id="merge-title">Merge</h2>
      {ticket.mergedIntoId !== null ? (
        <p>
          Merged into <a href={`#/tickets/${ticket.mergedIntoId}`}>ticket {ticket.mergedIntoId}</a>.
        </p>
      ) : (
        <>
          {ticket.possibleDuplicateOf !== null && (
            <p className="duplicate-hint" role="note">
              Possible duplicate of <a href={`#/tickets/${ticket.possibleDuplicateOf}`}>ticket {ticket.possibleDuplicateOf}</a> (same customer, same ride, order or booking).{' '}
              <button type="button" disabled={!canWork || merge.pending} onClick={() => void mergeInto(ticket.possibleDuplicateOf!)}>
                Merge into it
              </button>
            </p>
          )}
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (Number(target) > 0 && window.confirm(`Merge this ticket into ticket ${target}? Its messages and notes move there and this ticket closes.`)) void mergeInto(Number(target));
            }}
          >
            <label>
              Merge into ticket id
              <input inputMode="numeric" value={target} onChange={(e) => setTarget(e.target.value)} disabled={!canWork} />
            </label>
            <button type="submit" disabled={!canWork || merge.pending || !target}>
              Merge
            </button>
          </form>
        </>
      )}
      <Outcome error={merge.error} done={merge.done} />
    </section>
  );
}

/** Saved views (SPEC 7.4): a sidebar with live counts, the view's tickets with row selection and bulk actions. */
export function ViewsPage({ live }: { live: Subscribe }) {
  const views = useLoad(() => desk.views(), []);
  const counts = useLoad(() => desk.viewCounts(), []);
  const [viewId, setViewId] = useState<number | null>(null);
  const tickets = useLoad(() => (viewId === null ? Promise.resolve([]) : desk.viewTickets(viewId)), [viewId]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [tag, setTag] = useState('');
  const [failures, setFailures] = useState<{ id: number; error: string }[]>([]);
  const bulk = useAction();
  useLiveReload(live, (e) => e.name === 'support:ticket_updated' || e.name === 'support:ticket_assigned', () => Promise.all([counts.reload(), tickets.reload()]));

  const toggle = (id: number) => setSelected((old) => {
    const next = new Set(old);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const applyBulk = (e: FormEvent) => {
    e.preventDefault();
    const set: BulkSet = {};
    if (status) set.status = status as Status;
    if (priority) set.priority = priority as Priority;
    if (tag.trim()) set.addTags = [tag.trim()];
    void bulk.run(async () => {
      const results = await desk.bulk([...selected], set);
      setFailures(results.flatMap((r) => (r.ok ? [] : [{ id: r.id, error: r.error }])));
      setSelected(new Set());
      await Promise.all([counts.reload(), tickets.reload()]);
      const changed = results.filter((r) => r.ok).length;
      return `${changed} of ${results.length} tickets changed`;
    });
  };

  return (
    <section className="views-page">
      <nav className="views-sidebar panel" aria-label="Views">
        <h2>Views</h2>
        <Outcome error={views.error} />
        <ul>
          {views.data?.map((view) => (
            <li key={view.id}>
              <button type="button" className="link" aria-current={viewId === view.id ? 'true' : undefined} onClick={() => {
                setViewId(view.id);
                setSelected(new Set());
                setFailures([]);
              }}>
                {view.name}
              </button>{' '}
              <span className="counter" data-testid={`view-count-${view.id}`}>
                {counts.data?.[String(view.id)] ?? '…'}
              </span>
            </li>
          ))}
          {views.data?.length === 0 && <li className="muted">No views yet</li>}
        </ul>
      </nav>
      <div className="panel views-tickets">
        {viewId === null ? (
          <p className="muted">Choose a view.</p>
        ) : (
          <>
            <form className="bulk-bar row" onSubmit={applyBulk} aria-label="Bulk actions">
              <span>{selected.size} selected</span>
              <label>
                Status
                <select value={status} onChange={(e) => setStatus(e.target.value)}>
                  <option value="">(keep)</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {title(s)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Priority
                <select value={priority} onChange={(e) => setPriority(e.target.value)}>
                  <option value="">(keep)</option>
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {title(p)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Add tag
                <input value={tag} onChange={(e) => setTag(e.target.value)} />
              </label>
              <button type="submit" disabled={!selected.size || bulk.pending || (!status && !priority && !tag.trim())}>
                Apply to selected
              </button>
            </form>
            <Outcome error={bulk.error ?? tickets.error} done={bulk.done} />
            {failures.length > 0 && (
              <ul className="error" aria-label="Not changed">
                {failures.map((f) => (
                  <li key={f.id}>
                    Ticket {f.id}: {f.error}
                  </li>
                ))}
              </ul>
            )}
            <table>
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      checked={Boolean(tickets.data?.length) && selected.size === tickets.data?.length}
                      onChange={(e) => setSelected(new Set(e.target.checked ? (tickets.data ?? []).map((t) => t.id) : []))}
                    />
                  </th>
                  <th>Ticket</th>
                  <th>Subject</th>
                  <th>Status</th>
                  <th>Priority</th>
                  <th>Tags</th>
                </tr>
              </thead>
              <tbody data-testid="view-rows">
                {tickets.data?.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <input type="checkbox" aria-label={`Select ${t.ticketNumber}`} checked={selected.has(t.id)} onChange={() => toggle(t.id)} />
                    </td>
                    <td>
                      <a className="number" href={`#/tickets/${t.id}`}>
                        {t.ticketNumber}
                      </a>
                    </td>
                    <td>{t.subject}</td>
                    <td>
                      <StatusBadge status={t.status} />
                    </td>
                    <td>
                      <PriorityBadge priority={t.priority} />
                    </td>
                    <td>{t.tags.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {tickets.data?.length === 0 && <p className="muted">No tickets in this view.</p>}
          </>
        )}
      </div>
    </section>
  );
}
