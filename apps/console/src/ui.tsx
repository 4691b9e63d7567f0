import { DependencyList, ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, title } from './api';
import type { LiveEvent, Subscribe } from './useRealtime';

const messageOf = (error: unknown) => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

/**
 * Data read from the API: the last good value stays on screen while a
 * refresh runs (live updates re-read often), and a failure says why.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await load();
      if (call === latest.current) {
        setData(value);
        setError(null);
      }
    } catch (e) {
      if (call === latest.current) setError(messageOf(e));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** Re-reads (debounced: events come in bursts) whenever a live event passes `matters`, or on `resync`. */
export function useLiveReload(subscribe: Subscribe, matters: (event: LiveEvent) => boolean, reload: () => unknown) {
  const latest = useRef({ matters, reload });
  latest.current = { matters, reload };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe((event) => {
      if (event.name !== 'resync' && !latest.current.matters(event)) return;
      clearTimeout(timer);
      timer = setTimeout(() => latest.current.reload(), 150);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [subscribe]);
}

/**
 * Opening a ticket reads it (seed 003), which changes the unread badge without
 * any socket event for the reader: the ticket page says so, the badge re-reads.
 */
const TICKET_READ = 'console:ticket-read';
export const announceTicketRead = () => window.dispatchEvent(new Event(TICKET_READ));
export function useOnTicketRead(reload: () => unknown) {
  useEffect(() => {
    const listener = () => void reload();
    window.addEventListener(TICKET_READ, listener);
    return () => window.removeEventListener(TICKET_READ, listener);
  }, [reload]);
}

/** One user action: shows progress while it runs, then what happened, or why it failed. */
export function useAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<string | void>): Promise<boolean> => {
    setPending(true);
    setError(null);
    setDone(null);
    try {
      setDone((await action()) || null);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, done, run };
}

/** The outcome of an action or a load, announced to screen readers. */
export function Outcome({ error, done }: { error?: string | null; done?: string | null }) {
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (done)
    return (
      <p className="done" role="status">
        {done}
      </p>
    );
  return null;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase().replace(/\s+/g, '_')}`}>{title(status.replace(/\s+/g, '_').toLowerCase())}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`badge priority-${priority.toLowerCase()}`}>{title(priority.toLowerCase())}</span>;
}

export function Busy({ when, children }: { when: boolean; children: ReactNode }) {
  return when ? (
    <span className="busy" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {children}
    </span>
  ) : null;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

interface PagerProps {
  label: string;
  page: number;
  hasNext: boolean;
  onPage: (page: number) => void;
  children?: ReactNode;
}

/** Previous / Next between pages; `children` says where we are (default: the page number). */
export function Pager({ label, page, hasNext, onPage, children }: PagerProps) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>{children ?? <>Page {page}</>}</span>
      <button type="button" className="secondary" disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

/** `3 h`, `12 min`, `2 d`: how long from `since` to `now`, in the largest whole unit. */
export function duration(since: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - new Date(since).getTime()) / 60_000));
  if (minutes < 1) return '< 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** The current time, re-read every minute so relative times ("waiting 3 h") stay true on a screen left open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
