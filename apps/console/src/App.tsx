import { useCallback, useEffect, useState } from 'react';
import { Admin, FaqPage } from './Admin';
import { Dashboard } from './Dashboard';
import { api, Me, session } from './api';
import { Login, WaitingForApproval } from './Login';
import { NotificationsMenu } from './Notifications';
import { ViewsPage } from './Productivity';
import { Queue } from './Queue';
import { SlaAdmin } from './SlaAdmin';
import { Automations } from './Automations';
import { AvailabilitySwitch, LiveSocket } from './Routing';
import { TicketView } from './TicketView';
import { Webhooks } from './Webhooks';
import { useLiveReload, useLoad, useOnTicketRead } from './ui';
import { ConnectionState, Subscribe, useRealtime } from './useRealtime';

/** `#/queue`, `#/tickets/12`, `#/admin`, `#/faq`, `#/views`, `#/sla`, `#/dashboard`, `#/webhooks`, `#/automations`: links survive a reload and work with the browser's back button. */
type Route = { page: 'queue' } | { page: 'ticket'; id: number } | { page: 'admin' } | { page: 'faq' } | { page: 'views' } | { page: 'sla' } | { page: 'dashboard' } | { page: 'webhooks' } | { page: 'automations' };

function parseRoute(hash: string): Route {
  const ticket = /^#\/tickets\/(\d+)$/.exec(hash);
  if (ticket) return { page: 'ticket', id: Number(ticket[1]) };
  if (hash === '#/admin') return { page: 'admin' };
  if (hash === '#/faq') return { page: 'faq' };
  if (hash === '#/views') return { page: 'views' };
  if (hash === '#/sla') return { page: 'sla' };
  if (hash === '#/dashboard' || hash.startsWith('#/dashboard?')) return { page: 'dashboard' }; // its filters follow the '?'
  if (hash === '#/webhooks') return { page: 'webhooks' };
  if (hash === '#/automations') return { page: 'automations' };
  return { page: 'queue' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(Boolean(session.token));
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    session.set(null);
    setMe(null);
    setNotice(reason ?? null);
  }, []);

  useEffect(() => session.onUnauthorized(() => signOut('Your session has ended (it expired, or an admin deactivated the account). Please sign in again.')), [signOut]);

  /** Who the token is (also for an agent awaiting approval: `approved` tells). */
  const identify = useCallback(async () => {
    const account = await api.me();
    if (account.role === 'customer') {
      signOut('This console is for support agents and admins. Customers use the MM apps.');
      return;
    }
    setMe(account);
  }, [signOut]);

  useEffect(() => {
    if (!session.token) return;
    identify()
      .catch(() => signOut())
      .finally(() => setChecking(false));
  }, [identify, signOut]);

  if (checking) return <p className="centered">Loading…</p>;
  if (!me)
    return (
      <Login
        notice={notice}
        onSignedIn={async (token) => {
          session.set(token);
          setNotice(null);
          await identify();
        }}
      />
    );
  if (me.role === 'agent' && !me.approved) return <WaitingForApproval me={me} onCheck={identify} onSignOut={() => signOut()} />;
  return <Workspace me={me} onSignOut={() => signOut()} />;
}

function Workspace({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const route = useRoute();
  const { state, subscribe: live, emit } = useRealtime(session.token);
  return (
    <LiveSocket.Provider value={{ emit, state }}>
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/queue">
          MM Support
        </a>
        <nav aria-label="Main">
          <a href="#/queue" aria-current={route.page === 'queue' ? 'page' : undefined}>
            Queue <UnreadBadge live={live} />
          </a>
          <a href="#/views" aria-current={route.page === 'views' ? 'page' : undefined}>
            Views
          </a>
          <a href="#/faq" aria-current={route.page === 'faq' ? 'page' : undefined}>
            FAQ
          </a>
          {me.role === 'admin' && (
            <a href="#/admin" aria-current={route.page === 'admin' ? 'page' : undefined}>
              Admin
            </a>
          )}
          {me.role === 'admin' && (
            <a href="#/sla" aria-current={route.page === 'sla' ? 'page' : undefined}>
              Service levels
            </a>
          )}
          {me.role === 'admin' && (
            <a href="#/dashboard" aria-current={route.page === 'dashboard' ? 'page' : undefined}>
              Dashboard
            </a>
          )}
          {me.role === 'admin' && (
            <a href="#/webhooks" aria-current={route.page === 'webhooks' ? 'page' : undefined}>
              Webhooks
            </a>
          )}
          {me.role === 'admin' && (
            <a href="#/automations" aria-current={route.page === 'automations' ? 'page' : undefined}>
              Automations
            </a>
          )}
        </nav>
        <LatestTickets live={live} />
        <NotificationsMenu live={live} />
        <Connection state={state} />
        {me.role === 'agent' && <AvailabilitySwitch live={live} />}
        <span className="who">
          {me.name} <span className="muted">({me.role === 'admin' ? 'admin' : 'agent'})</span>
        </span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'queue' && <Queue me={me} live={live} />}
        {route.page === 'ticket' && <TicketView key={route.id} me={me} ticketId={route.id} live={live} />}
        {route.page === 'faq' && <FaqPage me={me} />}
        {route.page === 'views' && <ViewsPage live={live} />}
        {route.page === 'admin' && me.role === 'admin' && <Admin live={live} />}
        {route.page === 'sla' && me.role === 'admin' && <SlaAdmin />}
        {route.page === 'dashboard' && me.role === 'admin' && <Dashboard />}
        {route.page === 'webhooks' && me.role === 'admin' && <Webhooks />}
        {route.page === 'automations' && me.role === 'admin' && <Automations />}
      </main>
    </div>
    </LiveSocket.Provider>
  );
}

/** Seed 003's navbar badge: unread tickets in my view (`count` falls back to the active total). */
function UnreadBadge({ live }: { live: Subscribe }) {
  const count = useLoad(() => api.navbarCount(), []);
  useLiveReload(live, () => true, count.reload);
  useOnTicketRead(count.reload);
  if (!count.data) return null;
  const { unread_count, open_tickets, in_progress_tickets } = count.data;
  return (
    <span
      className={`counter${unread_count ? ' unread' : ''}`}
      data-testid="unread-count"
      title={`${unread_count} unread · ${open_tickets} open · ${in_progress_tickets} in progress`}
      aria-label={`${unread_count} unread tickets`}
    >
      {unread_count}
    </span>
  );
}

/** Seed 003's navbar dropdown: the newest tickets in my view. */
function LatestTickets({ live }: { live: Subscribe }) {
  const latest = useLoad(() => api.navbarLatest(5), []);
  useLiveReload(live, (e) => e.name === 'support:ticket_updated', latest.reload);
  return (
    <details className="latest">
      <summary>Latest</summary>
      {/* Following a link closes the menu. */}
      <ul onClick={(e) => e.currentTarget.closest('details')?.removeAttribute('open')}>
        {latest.error && <li className="error">{latest.error}</li>}
        {latest.data?.map((ticket) => (
          <li key={ticket.id}>
            <a href={`#/tickets/${ticket.id}`}>
              <strong>{ticket.ticket_number}</strong> {ticket.subject}
              <span className="muted"> — {ticket.customer?.name ?? 'customer'}</span>
            </a>
          </li>
        ))}
        {latest.data?.length === 0 && <li className="muted">No tickets yet</li>}
      </ul>
    </details>
  );
}

function Connection({ state }: { state: ConnectionState }) {
  const label = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', refused: 'Offline' }[state];
  return (
    <span className={`connection ${state}`} role="status" data-testid="connection">
      {label}
    </span>
  );
}
