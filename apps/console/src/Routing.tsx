import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { request } from './api';
import { Busy, Outcome, useAction, useLiveReload, useLoad } from './ui';
import type { ConnectionState, Emit, Subscribe } from './useRealtime';

/** Routing in the console (SPEC 7.3): the agent's availability, the admin's mode and profiles, who else views a ticket. */

export type AgentStatus = 'online' | 'away' | 'offline';
export type RoutingMode = 'off' | 'round_robin' | 'least_loaded';
export interface RoutingSkills {
  origins?: string[];
  categories?: string[];
  locales?: string[];
}
export interface RoutedAgent {
  id: number;
  name: string;
  email: string;
  status: AgentStatus;
  activeTickets: number;
  capacity: number;
  skills: RoutingSkills;
}
interface Viewer {
  id: number;
  name: string;
  typing: boolean;
}

const routingApi = {
  myAvailability: () => request<{ status: AgentStatus }>('GET', '/api/desk/me/availability').then((r) => r.status),
  setAvailability: (status: AgentStatus) => request<{ status: AgentStatus }>('PUT', '/api/desk/me/availability', { status }).then((r) => r.status),
  mode: () => request<{ mode: RoutingMode }>('GET', '/api/desk/routing').then((r) => r.mode),
  setMode: (mode: RoutingMode) => request<{ mode: RoutingMode }>('PUT', '/api/desk/routing', { mode }).then((r) => r.mode),
  /** The first 100 agents (by id): a support team's size. */
  agents: () => request<{ data: RoutedAgent[] }>('GET', '/api/desk/agents?limit=100').then((r) => r.data),
  updateProfile: (id: number, profile: { capacity: number; skills: RoutingSkills }) => request<RoutedAgent>('PATCH', `/api/desk/agents/${id}`, profile),
};

/** The live socket's emit and state, for views that join rooms or send typing. */
export const LiveSocket = createContext<{ emit: Emit; state: ConnectionState }>({ emit: async () => null, state: 'connecting' });

const STATUS_LABELS: Record<AgentStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

/** The agent's own availability, in the top bar: routing gives tickets only to online agents. */
export function AvailabilitySwitch({ live }: { live: Subscribe }) {
  const current = useLoad(() => routingApi.myAvailability(), []);
  useLiveReload(live, (e) => e.name === 'support:agent_availability', current.reload);
  const action = useAction();
  const status = current.data ?? 'offline';
  return (
    <label className={`availability ${status}`} title={action.error ?? 'Routing gives new tickets to online agents'}>
      <span className="dot" aria-hidden="true" />
      <span className="sr-only">Availability</span>
      <select
        aria-label="Availability"
        value={status}
        disabled={action.pending || current.data === null}
        onChange={(e) => {
          const next = e.target.value as AgentStatus;
          void action.run(async () => {
            await routingApi.setAvailability(next);
            await current.reload();
          });
        }}
      >
        {(Object.keys(STATUS_LABELS) as AgentStatus[]).map((value) => (
          <option key={value} value={value}>
            {STATUS_LABELS[value]}
          </option>
        ))}
      </select>
    </label>
  );
}

const MODE_LABELS: Record<RoutingMode, string> = { off: 'Off (agents take tickets themselves)', round_robin: 'Round robin', least_loaded: 'Least loaded' };
const ORIGINS = ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'];
const LOCALES = ['en', 'fr', 'es'];
const CATEGORY_VALUES = ['payment_issue', 'service_quality', 'cancellation', 'delivery_issue', 'booking_issue', 'other', 'technical', 'billing', 'order', 'product', 'account', 'damaged', 'lost', 'late', 'quality'];

/** Admin: the routing mode and every approved agent's availability, load, capacity and skills. */
export function RoutingAdmin({ live }: { live: Subscribe }) {
  const mode = useLoad(() => routingApi.mode(), []);
  const agents = useLoad(() => routingApi.agents(), []);
  useLiveReload(live, (e) => e.name === 'support:agent_availability' || e.name === 'support:ticket_assigned', agents.reload);
  const action = useAction();
  return (
    <section className="panel routing" aria-labelledby="routing-title">
      <div className="section-head">
        <h2 id="routing-title">Routing</h2>
        <Busy when={mode.loading || agents.loading}>Loading</Busy>
      </div>
      <label className="field">
        Routing mode
        <select
          aria-label="Routing mode"
          value={mode.data ?? 'off'}
          disabled={action.pending || mode.data === null}
          onChange={(e) => {
            const next = e.target.value as RoutingMode;
            void action.run(async () => {
              await routingApi.setMode(next);
              await mode.reload();
              return `Routing mode: ${MODE_LABELS[next]}`;
            });
          }}
        >
          {(Object.keys(MODE_LABELS) as RoutingMode[]).map((value) => (
            <option key={value} value={value}>
              {MODE_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <Outcome error={action.error ?? mode.error ?? agents.error} done={action.done} />
      {agents.data?.length === 0 && <p className="empty">No approved agents yet.</p>}
      {agents.data && agents.data.length > 0 && (
        <table className="routing-agents" data-testid="routing-agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">Active / capacity</th>
              <th scope="col">Skills (empty: any)</th>
              <th scope="col" aria-label="Save" />
            </tr>
          </thead>
          <tbody>
            {agents.data.map((agent) => (
              <AgentProfileRow key={agent.id} agent={agent} onSaved={agents.reload} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const listText = (list?: string[]) => (list ?? []).join(', ');
const parseList = (text: string) => {
  const values = text.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
  return values.length ? values : undefined;
};

function AgentProfileRow({ agent, onSaved }: { agent: RoutedAgent; onSaved: () => unknown }) {
  const [capacity, setCapacity] = useState(String(agent.capacity));
  const [origins, setOrigins] = useState(listText(agent.skills.origins));
  const [categories, setCategories] = useState(listText(agent.skills.categories));
  const [locales, setLocales] = useState(listText(agent.skills.locales));
  const action = useAction();
  const label = (what: string) => `${what} of ${agent.name}`;
  return (
    <tr data-testid={`routing-agent-${agent.id}`}>
      <th scope="row">
        {agent.name}
        <div className="muted small">{agent.email}</div>
      </th>
      <td>
        <span className={`availability-badge ${agent.status}`}>{STATUS_LABELS[agent.status]}</span>
      </td>
      <td>
        <span data-testid="active-tickets">{agent.activeTickets}</span> /{' '}
        <input aria-label={label('Capacity')} type="number" min={0} max={1000} value={capacity} onChange={(e) => setCapacity(e.target.value)} className="capacity" />
      </td>
      <td className="skills">
        <input aria-label={label('Origins')} placeholder={ORIGINS.join(', ')} value={origins} onChange={(e) => setOrigins(e.target.value)} />
        <input aria-label={label('Categories')} placeholder="e.g. booking_issue, billing" list="routing-categories" value={categories} onChange={(e) => setCategories(e.target.value)} />
        <input aria-label={label('Locales')} placeholder={LOCALES.join(', ')} value={locales} onChange={(e) => setLocales(e.target.value)} />
        <datalist id="routing-categories">
          {CATEGORY_VALUES.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
        <Outcome error={action.error} done={action.done} />
      </td>
      <td>
        <button
          type="button"
          className="secondary small"
          disabled={action.pending}
          aria-label={`Save the routing profile of ${agent.name}`}
          onClick={() =>
            void action.run(async () => {
              const skills: RoutingSkills = { origins: parseList(origins), categories: parseList(categories), locales: parseList(locales) };
              await routingApi.updateProfile(agent.id, { capacity: capacity.trim() === '' ? NaN : Number(capacity), skills });
              await onSaved();
              return 'Saved';
            })
          }
        >
          Save
        </button>
      </td>
    </tr>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

/** How long after the last keystroke an agent stops "typing". */
const TYPING_IDLE_MS = 3000;

/**
 * The faces of the other staff viewing this ticket (and who is typing):
 * joins the ticket's room while the ticket is open, and says when the user
 * types in one of the ticket's text boxes.
 */
export function TicketViewers({ ticketId, meId, live }: { ticketId: number; meId: number; live: Subscribe }) {
  const { emit, state } = useContext(LiveSocket);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const typing = useRef(false);

  useEffect(() => {
    if (state !== 'live') return;
    void emit('join', { ticketId });
    const unsubscribe = live((event) => {
      if (event.name === 'resync') void emit('join', { ticketId });
      if (event.name === 'support:ticket_viewers' && event.ticketId === ticketId) setViewers((event.payload.viewers as Viewer[]) ?? []);
    });
    return () => {
      unsubscribe();
      void emit('leave', { ticketId });
    };
  }, [emit, live, state, ticketId]);

  useEffect(() => {
    let idle: ReturnType<typeof setTimeout> | undefined;
    const say = (now: boolean) => {
      if (typing.current === now) return;
      typing.current = now;
      void emit('ticket:typing', { ticketId, typing: now });
    };
    const onInput = (event: Event) => {
      if (!(event.target instanceof HTMLTextAreaElement)) return;
      say(true);
      clearTimeout(idle);
      idle = setTimeout(() => say(false), TYPING_IDLE_MS);
    };
    document.addEventListener('input', onInput);
    return () => {
      document.removeEventListener('input', onInput);
      clearTimeout(idle);
      say(false);
    };
  }, [emit, ticketId]);

  const others = viewers.filter((viewer) => viewer.id !== meId);
  if (!others.length) return null;
  return (
    <div className="viewers" data-testid="ticket-viewers" aria-live="polite">
      <span className="muted small">Also here:</span>
      {others.map((viewer) => (
        <span key={viewer.id} className={`face${viewer.typing ? ' typing' : ''}`} title={`${viewer.name}${viewer.typing ? ' is typing…' : ' is viewing'}`}>
          <span className="initials" aria-hidden="true">
            {initials(viewer.name)}
          </span>
          <span className="sr-only">{viewer.name}</span>
          {viewer.typing && <span className="typing-note">{viewer.name.split(/\s+/)[0]} is typing…</span>}
        </span>
      ))}
    </div>
  );
}
