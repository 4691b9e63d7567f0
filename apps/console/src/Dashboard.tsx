import { useEffect, useMemo, useRef, useState } from 'react';
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { api, CATEGORIES, request, title } from './api';
import { useLoad } from './ui';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler);

const ORIGINS = ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'] as const;
const DAY_MS = 86_400_000;

interface Spread {
  median: number | null;
  p90: number | null;
}
interface Summary {
  created: number;
  resolved: number;
  reopened: number;
  backlog: number;
  firstReplyMinutes: Spread;
  resolutionMinutes: Spread;
  slaAttainment: number | null;
  csat: { average: number | null; count: number };
}
interface Point {
  at: string;
  value: number | null;
}
interface AgentRow {
  agentId: number;
  name: string;
  assigned: number;
  resolved: number;
  firstReplyMinutes: { median: number | null };
  csat: { average: number | null; count: number };
}

/** The dashboard's filters, kept in the hash (`#/dashboard?from=…&origin=…`) so a view can be shared. */
export interface DashboardFilters {
  from: string;
  to: string;
  origin: string;
  category: string;
  agentId: string;
  interval: 'day' | 'week';
  sort: AgentSort;
}
type AgentSort = 'name' | 'assigned' | 'resolved' | 'firstReply' | 'csat' | '-name' | '-assigned' | '-resolved' | '-firstReply' | '-csat';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function filtersFromHash(): DashboardFilters {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const today = new Date();
  return {
    from: params.get('from') ?? isoDay(new Date(today.getTime() - 29 * DAY_MS)),
    to: params.get('to') ?? isoDay(today),
    origin: params.get('origin') ?? '',
    category: params.get('category') ?? '',
    agentId: params.get('agentId') ?? '',
    interval: params.get('interval') === 'week' ? 'week' : 'day',
    sort: (params.get('sort') as AgentSort | null) ?? 'name',
  };
}

function writeHash(filters: DashboardFilters): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  window.location.hash = `#/dashboard?${params.toString()}`;
}

/** API query of the filters: whole UTC days, `to` included. */
function reportQuery(filters: DashboardFilters, withAgent = true): string {
  const params = new URLSearchParams({ from: `${filters.from}T00:00:00Z`, to: new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS).toISOString() });
  if (filters.origin) params.set('origin', filters.origin);
  if (filters.category) params.set('category', filters.category);
  if (withAgent && filters.agentId) params.set('agentId', filters.agentId);
  return params.toString();
}

const reports = {
  summary: (query: string) => request<Summary>('GET', `/api/desk/reports/summary?${query}`),
  series: (query: string, metric: string, interval: string) =>
    request<{ points: Point[] }>('GET', `/api/desk/reports/timeseries?${query}&metric=${metric}&interval=${interval}`).then((r) => r.points),
  agents: (query: string) => request<{ agents: AgentRow[] }>('GET', `/api/desk/reports/agents?${query}`).then((r) => r.agents),
};

const minutes = (value: number | null) => (value === null ? '—' : value < 120 ? `${value} min` : `${Math.round((value / 60) * 10) / 10} h`);

/** Admins' reports (SPEC 7.7): the summary as tiles, time series as charts, the agents' table. */
export function Dashboard() {
  const [filters, setFilters] = useState(filtersFromHash);
  useEffect(() => {
    const onChange = () => setFilters(filtersFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const update = (change: Partial<DashboardFilters>) => writeHash({ ...filters, ...change });
  const query = reportQuery(filters);
  const summary = useLoad(() => reports.summary(query), [query]);
  const agentList = useLoad(() => api.agents('approved', 1, 100), []);

  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Dashboard</h1>
      <form className="filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          From
          <input type="date" name="from" value={filters.from} max={filters.to} onChange={(e) => e.target.value && update({ from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" name="to" value={filters.to} min={filters.from} onChange={(e) => e.target.value && update({ to: e.target.value })} />
        </label>
        <label>
          Origin
          <select name="origin" value={filters.origin} onChange={(e) => update({ origin: e.target.value })}>
            <option value="">All</option>
            {ORIGINS.map((origin) => (
              <option key={origin} value={origin}>
                {origin}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select name="category" value={filters.category} onChange={(e) => update({ category: e.target.value })}>
            <option value="">All</option>
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {title(category)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Agent
          <select name="agentId" value={filters.agentId} onChange={(e) => update({ agentId: e.target.value })}>
            <option value="">All</option>
            {agentList.data?.map((agent) => (
              <option key={agent.id} value={String(agent.id)}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Interval
          <select name="interval" value={filters.interval} onChange={(e) => update({ interval: e.target.value as 'day' | 'week' })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        </label>
      </form>
      {summary.error && <p className="error">{summary.error}</p>}
      {summary.data && <Tiles summary={summary.data} />}
      <div className="charts">
        <SeriesChart label="Created and resolved" query={query} interval={filters.interval} metrics={['created', 'resolved']} />
        <SeriesChart label="Backlog" query={query} interval={filters.interval} metrics={['backlog']} />
        <SeriesChart label="First reply, median minutes" query={query} interval={filters.interval} metrics={['first_reply']} />
        <SeriesChart label="CSAT, average rating" query={query} interval={filters.interval} metrics={['csat']} />
      </div>
      <AgentsTable query={reportQuery(filters, false)} sort={filters.sort} onSort={(sort) => update({ sort })} />
    </section>
  );
}

function Tiles({ summary }: { summary: Summary }) {
  const tiles: Array<[string, string, string?]> = [
    ['Created', String(summary.created)],
    ['Resolved', String(summary.resolved)],
    ['Reopened', String(summary.reopened)],
    ['Backlog', String(summary.backlog), 'unresolved at the end'],
    ['First reply', minutes(summary.firstReplyMinutes.median), `median · p90 ${minutes(summary.firstReplyMinutes.p90)}`],
    ['Resolution', minutes(summary.resolutionMinutes.median), `median · p90 ${minutes(summary.resolutionMinutes.p90)}`],
    ['SLA attainment', summary.slaAttainment === null ? '—' : `${Math.round(summary.slaAttainment * 1000) / 10} %`],
    ['CSAT', summary.csat.average === null ? '—' : `${summary.csat.average} / 5`, `${summary.csat.count} ratings`],
  ];
  return (
    <ul className="tiles" data-testid="report-tiles">
      {tiles.map(([name, value, note]) => (
        <li key={name} className="tile" data-testid={`tile-${name.toLowerCase().replace(/\s+/g, '-')}`}>
          <span className="tile-name">{name}</span>
          <strong className="tile-value">{value}</strong>
          {note && <span className="muted">{note}</span>}
        </li>
      ))}
    </ul>
  );
}

const COLOURS = ['#2563eb', '#16a34a'];

function SeriesChart({ label, query, interval, metrics }: { label: string; query: string; interval: string; metrics: string[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const series = useLoad(() => Promise.all(metrics.map((metric) => reports.series(query, metric, interval))), [query, interval, metrics.join()]);
  useEffect(() => {
    if (!canvas.current || !series.data) return;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels: series.data[0].map((point) => point.at.slice(0, 10)),
        datasets: series.data.map((points, i) => ({
          label: title(metrics[i]),
          data: points.map((point) => point.value),
          borderColor: COLOURS[i],
          backgroundColor: COLOURS[i],
          spanGaps: true,
          tension: 0.2,
        })),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } }, plugins: { legend: { display: metrics.length > 1 } } },
    });
    return () => chart.destroy();
  }, [series.data]);
  return (
    <figure className="panel chart" data-testid={`chart-${metrics.join('-')}`} data-points={series.data ? JSON.stringify(series.data.map((points) => points.map((p) => p.value))) : undefined}>
      <figcaption>{label}</figcaption>
      {series.error && <p className="error">{series.error}</p>}
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
    </figure>
  );
}

const SORT_KEYS: Record<string, (row: AgentRow) => number | string> = {
  name: (row) => row.name.toLowerCase(),
  assigned: (row) => row.assigned,
  resolved: (row) => row.resolved,
  firstReply: (row) => row.firstReplyMinutes.median ?? Infinity,
  csat: (row) => row.csat.average ?? -Infinity,
};

function AgentsTable({ query, sort, onSort }: { query: string; sort: AgentSort; onSort: (sort: AgentSort) => void }) {
  const list = useLoad(() => reports.agents(query), [query]);
  const descending = sort.startsWith('-');
  const key = sort.replace('-', '');
  const rows = useMemo(() => {
    const value = SORT_KEYS[key] ?? SORT_KEYS.name;
    return [...(list.data ?? [])].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = x < y ? -1 : x > y ? 1 : a.agentId - b.agentId;
      return descending ? -order : order;
    });
  }, [list.data, key, descending]);
  const header = (column: string, label: string) => (
    <th scope="col" aria-sort={key === column ? (descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="link" onClick={() => onSort((key === column && !descending ? `-${column}` : column) as AgentSort)}>
        {label}
        {key === column ? (descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  return (
    <section className="panel" aria-labelledby="agents-report-title">
      <h2 id="agents-report-title">Agents</h2>
      {list.error && <p className="error">{list.error}</p>}
      <div className="table-wrap">
        <table className="tickets" data-testid="agents-report">
          <thead>
            <tr>
              {header('name', 'Agent')}
              {header('assigned', 'Assigned')}
              {header('resolved', 'Resolved')}
              {header('firstReply', 'First reply (median)')}
              {header('csat', 'CSAT')}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.agentId}>
                <td>{row.name}</td>
                <td>{row.assigned}</td>
                <td>{row.resolved}</td>
                <td>{minutes(row.firstReplyMinutes.median)}</td>
                <td>{row.csat.average === null ? '—' : `${row.csat.average} (${row.csat.count})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
