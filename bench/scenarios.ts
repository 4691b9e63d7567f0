import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { ADMINS, adminId, AGENTS, agentId, bookingOf, CUSTOMER_BASE, customerId, Dataset, munchOrderOf, rideOf, SEARCH_TERMS } from './dataset';

/** One request of a scenario: who sends what. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  token: string;
  body?: unknown;
  /** Creates carry an Idempotency-Key, as the apps send them. */
  idempotent?: boolean;
}

export interface HttpScenario {
  name: string;
  /** What is measured, for the report. */
  about: string;
  /** The target group it is held to (see TARGETS). */
  target: TargetKey;
  /** The n-th request of the run. */
  request(n: number): BenchRequest;
  /** Concurrent connections of this scenario when not the run's (reports: a few admins at once, not 50). */
  connections?: number;
}

export type TargetKey = 'create' | 'track' | 'list' | 'navbar' | 'message' | 'report';

/** p99 targets (ms) at 1,000,000 tickets and 50 connections on two cores. */
export const TARGETS: Record<TargetKey | 'event', number> = { create: 50, track: 10, list: 25, navbar: 25, message: 50, report: 1000, event: 100 };
export const MEMORY_TARGET_MB = 200;

/** Ids the scenarios need, read once from the seeded database. */
export interface Samples {
  /** [customer number, one of their munch tickets]. */
  munchTickets: [number, number][];
  /** [customer number, one of their tickets being worked on]: customers write in active conversations. */
  activeTickets: [number, number][];
  /** Per socket customer (number < sockets): their newest ticket, active ones first; absent when they have none. */
  eventTickets: [number, number][];
  /** Pages of the admin list: a deep page well inside the data. */
  deepPage: number;
}

export async function loadSamples(url: string, dataset: Dataset, sockets: number): Promise<Samples> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const pairs = async (sql: string, params: unknown[]) =>
      (await client.query<{ customer_id: number; id: number }>(sql, params)).rows.map((r): [number, number] => [r.customer_id - CUSTOMER_BASE, r.id]);
    const munchTickets = await pairs(
      `SELECT DISTINCT ON (customer_id) customer_id, id FROM tickets WHERE origin = 'munch' AND customer_id < $1 ORDER BY customer_id, id DESC`,
      [CUSTOMER_BASE + 5000],
    );
    const activeTickets = await pairs(
      `SELECT DISTINCT ON (customer_id) customer_id, id FROM tickets
       WHERE status IN ('open', 'in_progress', 'on_hold') AND customer_id < $1 ORDER BY customer_id, id DESC`,
      [CUSTOMER_BASE + 5000],
    );
    const eventTickets = await pairs(
      `SELECT DISTINCT ON (customer_id) customer_id, id FROM tickets WHERE customer_id < $1
       ORDER BY customer_id, status IN ('resolved', 'closed'), id DESC`,
      [CUSTOMER_BASE + sockets],
    );
    return { munchTickets, activeTickets, eventTickets, deepPage: Math.max(2, Math.min(1000, Math.floor(dataset.tickets / 15 / 2))) };
  } finally {
    await client.end();
  }
}

/** Signs the tokens the service accepts (HS256 with its JWT_SECRET), once per user. */
export class Tokens {
  private readonly jwt: JwtService;
  private readonly cache = new Map<string, string>();

  constructor(secret: string) {
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', expiresIn: 6 * 3600 } });
  }

  private sign(id: number, role: 'customer' | 'agent' | 'admin'): string {
    const key = `${role}:${id}`;
    let token = this.cache.get(key);
    if (!token) this.cache.set(key, (token = this.jwt.sign({ sub: String(id), role })));
    return token;
  }

  customer(c: number): string {
    return this.sign(customerId(c), 'customer');
  }
  agent(n: number): string {
    return this.sign(agentId(n), 'agent');
  }
  admin(n: number): string {
    return this.sign(adminId(n), 'admin');
  }
}

const DESCRIPTION = 'The order arrived cold and half of it was missing; please refund the missing items.';

/** Connections of the report scenarios: a couple of admins opening dashboards at the same moment. */
const REPORT_CONNECTIONS = 2;
const DAY_MS = 86_400_000;

/** Report requests over the `days` before now (the dataset spreads its tickets over the last 730 days). */
function reportScenario(name: string, about: string, path: (period: string) => string, days: number, tokens: Tokens): HttpScenario {
  const to = new Date();
  const period = `from=${new Date(to.getTime() - days * DAY_MS).toISOString()}&to=${to.toISOString()}`;
  return { name, about, target: 'report', connections: REPORT_CONNECTIONS, request: (n) => ({ method: 'GET', path: path(period), token: tokens.admin(n % ADMINS) }) };
}

/** The three reports of SPEC 7.7 over a month and over a year (half the dataset), by the admins. */
function reportScenarios(tokens: Tokens): HttpScenario[] {
  return [
    reportScenario('report · summary (30 days)', 'GET /api/desk/reports/summary, the last 30 days', (p) => `/api/desk/reports/summary?${p}`, 30, tokens),
    reportScenario('report · summary (365 days)', 'GET /api/desk/reports/summary, the last 365 days', (p) => `/api/desk/reports/summary?${p}`, 365, tokens),
    reportScenario('report · summary (365 days, munch)', 'GET /api/desk/reports/summary?origin=munch, the last 365 days', (p) => `/api/desk/reports/summary?${p}&origin=munch`, 365, tokens),
    reportScenario('report · timeseries created (90 days by day)', 'GET /api/desk/reports/timeseries?metric=created&interval=day', (p) => `/api/desk/reports/timeseries?${p}&metric=created&interval=day`, 90, tokens),
    reportScenario('report · timeseries backlog (365 days by week)', 'GET /api/desk/reports/timeseries?metric=backlog&interval=week', (p) => `/api/desk/reports/timeseries?${p}&metric=backlog&interval=week`, 365, tokens),
    reportScenario('report · timeseries first reply (90 days by day)', 'GET /api/desk/reports/timeseries?metric=first_reply&interval=day', (p) => `/api/desk/reports/timeseries?${p}&metric=first_reply&interval=day`, 90, tokens),
    reportScenario('report · agents (30 days)', 'GET /api/desk/reports/agents, the last 30 days', (p) => `/api/desk/reports/agents?${p}`, 30, tokens),
    reportScenario('report · agents (365 days)', 'GET /api/desk/reports/agents, the last 365 days', (p) => `/api/desk/reports/agents?${p}`, 365, tokens),
  ];
}

/** The HTTP scenarios, in the order they run. Each rotates through many users, as real traffic does. */
export function httpScenarios(dataset: Dataset, samples: Samples, tokens: Tokens): HttpScenario[] {
  const C = dataset.customers;
  const pick = <T>(list: T[], n: number): T => list[n % list.length];
  const listPath = '/api/support-tickets';
  return [
    {
      name: 'create · munch',
      about: 'POST /api/customer/munch/support/ticket (own munch order)',
      target: 'create',
      request: (n) => ({
        method: 'POST',
        path: '/api/customer/munch/support/ticket',
        token: tokens.customer(n % C),
        body: { orderId: munchOrderOf(n % C), issueType: 'DELIVERY_ISSUE', description: DESCRIPTION },
        idempotent: true,
      }),
    },
    {
      name: 'create · mtxi',
      about: 'POST /api/customer/mtxi/support (serviceType ride, own ride)',
      target: 'create',
      request: (n) => ({
        method: 'POST',
        path: '/api/customer/mtxi/support',
        token: tokens.customer(n % C),
        body: { serviceType: 'ride', rideId: rideOf(n % C), issueType: 'SERVICE_QUALITY', description: 'The driver took a much longer route.' },
        idempotent: true,
      }),
    },
    {
      name: 'create · mtables',
      about: 'POST /api/customer/mtables/support/tickets (own booking)',
      target: 'create',
      request: (n) => ({
        method: 'POST',
        path: '/api/customer/mtables/support/tickets',
        token: tokens.customer(n % C),
        body: { bookingId: bookingOf(n % C), issueType: 'booking_issue', description: 'Our table was given away although we arrived on time.' },
        idempotent: true,
      }),
    },
    {
      name: 'track status',
      about: 'GET /api/customer/munch/support/ticket/{id}/status (own ticket)',
      target: 'track',
      request: (n) => {
        const [c, ticketId] = pick(samples.munchTickets, n);
        return { method: 'GET', path: `/api/customer/munch/support/ticket/${ticketId}/status`, token: tokens.customer(c) };
      },
    },
    {
      name: 'list · first page (agent)',
      about: `GET ${listPath} as an agent: assigned to them + unassigned queue, 15 per page, with total`,
      target: 'list',
      request: (n) => ({ method: 'GET', path: listPath, token: tokens.agent(n % AGENTS) }),
    },
    {
      name: 'list · first page (admin)',
      about: `GET ${listPath} as an admin: every ticket, 15 per page, with total`,
      target: 'list',
      request: (n) => ({ method: 'GET', path: listPath, token: tokens.admin(n % ADMINS) }),
    },
    {
      name: 'list · deep page (admin)',
      about: `GET ${listPath}?page=${samples.deepPage} as an admin`,
      target: 'list',
      request: (n) => ({ method: 'GET', path: `${listPath}?page=${samples.deepPage}`, token: tokens.admin(n % ADMINS) }),
    },
    {
      name: 'list · filtered (agent)',
      about: `GET ${listPath}?status=in_progress&priority=high as an agent`,
      target: 'list',
      request: (n) => ({ method: 'GET', path: `${listPath}?status=in_progress&priority=high`, token: tokens.agent(n % AGENTS) }),
    },
    {
      name: 'list · filtered (admin)',
      about: `GET ${listPath}?status=open&category=payment_issue&sort_by=priority as an admin`,
      target: 'list',
      request: (n) => ({ method: 'GET', path: `${listPath}?status=open&category=payment_issue&sort_by=priority`, token: tokens.admin(n % ADMINS) }),
    },
    {
      name: 'list · search (admin)',
      about: `GET ${listPath}?search=… as an admin (${SEARCH_TERMS.map((t) => `"${t}"`).join(', ')} in turn)`,
      target: 'list',
      request: (n) => ({ method: 'GET', path: `${listPath}?search=${encodeURIComponent(pick(SEARCH_TERMS, n))}`, token: tokens.admin(n % ADMINS) }),
    },
    {
      name: 'navbar count (agent)',
      about: 'GET /api/support-tickets/navbar/count as an agent',
      target: 'navbar',
      request: (n) => ({ method: 'GET', path: `${listPath}/navbar/count`, token: tokens.agent(n % AGENTS) }),
    },
    {
      name: 'navbar count (admin)',
      about: 'GET /api/support-tickets/navbar/count as an admin',
      target: 'navbar',
      request: (n) => ({ method: 'GET', path: `${listPath}/navbar/count`, token: tokens.admin(n % ADMINS) }),
    },
    {
      name: 'send message',
      about: 'POST /api/support-tickets/{id}/messages (customer, own active ticket)',
      target: 'message',
      request: (n) => {
        const [c, ticketId] = pick(samples.activeTickets, n);
        return { method: 'POST', path: `${listPath}/${ticketId}/messages`, token: tokens.customer(c), body: { message: `Any news? (${n})` }, idempotent: true };
      },
    },
    ...reportScenarios(tokens),
  ];
}

export function idempotencyKey(): string {
  return `bench-${randomBytes(12).toString('hex')}`;
}
