import { desk, SlaMetric, TicketSla } from './desk-api';
import { Outcome, useLiveReload, useLoad, useNow } from './ui';
import { Subscribe } from './useRealtime';

const METRICS: { metric: SlaMetric; label: string; due: (sla: TicketSla) => string | null }[] = [
  { metric: 'first_reply', label: 'First reply', due: (sla) => sla.firstReplyDueAt },
  { metric: 'next_reply', label: 'Next reply', due: (sla) => sla.nextReplyDueAt },
  { metric: 'resolution', label: 'Resolution', due: (sla) => sla.resolutionDueAt },
];

/** `1 h 20 min`, `12 min`, `2 d 3 h`: a length of time in its two largest units. */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.ceil(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/**
 * The ticket's service-level clocks (SPEC 7.2): time left to each pending
 * target, breaches in red, and whether the clocks stand still. Re-read when
 * the ticket changes or a breach or warning about it arrives.
 */
export function SlaClocks({ ticketId, version, live }: { ticketId: number; version: string; live: Subscribe }) {
  const load = useLoad(() => desk.ticket(ticketId), [ticketId, version]);
  useLiveReload(live, (e) => (e.name === 'support:sla_breached' || e.name === 'support:sla_warning' || e.name === 'resync') && (e.ticketId === ticketId || e.ticketId === null), load.reload);
  const now = useNow();
  const sla = load.data?.sla;
  return (
    <section className="panel" aria-labelledby="sla-title" data-testid="sla-clocks">
      <h2 id="sla-title">Service level</h2>
      <Outcome error={load.error} />
      {load.data && !sla && <p className="muted">No service-level policy applies.</p>}
      {sla && (
        <>
          <p className="muted">
            {sla.policyName}
            {sla.paused && (
              <>
                {' · '}
                <span className="badge" data-testid="sla-paused">
                  Paused
                </span>
              </>
            )}
          </p>
          <ul className="plain">
            {METRICS.map(({ metric, label, due }) => {
              const breach = sla.breaches.find((b) => b.metric === metric);
              const dueAt = due(sla);
              if (breach)
                return (
                  <li key={metric} className="sla-breached" data-testid={`sla-${metric}`}>
                    {label}: breached {span(now - new Date(breach.dueAt).getTime())} ago
                  </li>
                );
              if (!dueAt) return null;
              const left = new Date(dueAt).getTime() - now;
              return (
                <li key={metric} className={left <= 0 ? 'sla-breached' : undefined} data-testid={`sla-${metric}`} title={new Date(dueAt).toLocaleString()}>
                  {label}: {left > 0 ? `${span(left)} left` : `overdue by ${span(left)}`}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
