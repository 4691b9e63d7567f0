import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Factories, Person, uniqueId } from '../support/factories';
import { useTestApp } from '../support/harness';
import { TestApp } from '../support/test-app';
import {
  expectedOutcome,
  expectedStatus,
  MATRIX_ROLES,
  MatrixRole,
  REGENERATE,
  renderMatrix,
  Resource,
  RouteInfo,
  routesOf,
  TicketIntent,
  TicketState,
} from './authz-matrix';
import { Desk } from '../support/desk';
import { errorFormatProblems } from './support/surfaces';

/**
 * Issue 7, "authorization matrix": every route × every kind of caller. The
 * expected table (authz-matrix.ts: route metadata + the ticket access rule)
 * must equal the committed docs/authorization-matrix.md, and every one of
 * its cells is then called on the live app: the status must be the expected
 * one, and a refusal must be in the surface's own error format.
 */
const DOC = join(__dirname, '..', '..', 'docs', 'authorization-matrix.md');

type People = Record<Exclude<MatrixRole, 'service' | 'anonymous'>, Person>;

/** The callers and the rows the routes act on; `fresh*` rows are made per cell for routes that change them. */
class World {
  people: People;
  serviceToken: string;
  private readonly shared = new Map<string, Promise<number>>();

  constructor(
    private readonly app: TestApp,
    private readonly factories: Factories,
    private readonly desk: Desk,
  ) {}

  async init(): Promise<void> {
    const f = this.factories;
    this.people = {
      owner: await f.customer(),
      otherCustomer: await f.customer(),
      groupMember: await f.customer(),
      unapprovedAgent: await f.unapprovedAgent(),
      assignedAgent: await f.agent(),
      otherAgent: await f.agent(),
      admin: await f.admin(),
    };
    this.serviceToken = f.serviceToken('munch');
  }

  token(role: MatrixRole): string | undefined {
    if (role === 'anonymous') return undefined;
    if (role === 'service') return this.serviceToken;
    return this.people[role].token;
  }

  /** The caller as a customer (for creates that need their own ride, order or booking), if they are one. */
  customer(role: MatrixRole): Person | undefined {
    return role === 'owner' || role === 'otherCustomer' || role === 'groupMember' ? this.people[role] : undefined;
  }

  private once(key: string, make: () => Promise<number>): Promise<number> {
    if (!this.shared.has(key)) this.shared.set(key, make());
    return this.shared.get(key)!;
  }

  /** The ticket in `state`: shared by the cells of routes that only read it. */
  ticket(state: TicketState): Promise<number> {
    return this.once(`ticket:${state}`, () => this.freshTicket(state));
  }

  async freshTicket(state: TicketState): Promise<number> {
    const { owner, groupMember, assignedAgent } = this.people;
    const id = await this.desk.groupTicket(owner, [groupMember]);
    if (state === 'assigned') await this.desk.assigned(id, assignedAgent);
    if (state === 'resolved') await this.desk.resolved(id, assignedAgent);
    return id;
  }

  message(): Promise<number> {
    return this.once('message', async () => {
      const res = await this.desk.sendMessage(await this.ticket('assigned'), this.people.owner, 'Any news?');
      return res.body.data.id;
    });
  }

  /** The MM id of a customer pushed through the integration API (rides, orders and bookings name MM customers). */
  pushedCustomer(): Promise<number> {
    return this.once('pushedCustomer', async () => {
      const id = uniqueId();
      const res = await this.app.http.put(`/api/integrations/customers/${id}`, { name: 'Pushed Owner', email: `pushed-${id}@example.test` }, { token: this.serviceToken });
      if (res.status !== 200) throw new Error(`push customer: ${res.status} ${res.text}`);
      return id;
    });
  }

  async freshOrder(): Promise<number> {
    return (await this.factories.order(this.people.owner.user.id, 'munch', { status: 'pending' })).id;
  }

  notification(): Promise<number> {
    return this.once('notification', async () => {
      const [row] = await this.db.query(
        `INSERT INTO notifications (user_id, outbox_event_id, kind, locale, title, body) VALUES ($1, $2, 'ticket_created', 'en', 'Ticket created', 'We got it') RETURNING id`,
        [this.people.owner.user.id, uniqueId()],
      );
      return Number(row.id);
    });
  }

  faq(): Promise<number> {
    return this.once('faq', () => this.freshFaq());
  }

  async freshFaq(): Promise<number> {
    const [row] = await this.db.query(`INSERT INTO faqs (question, answer, category) VALUES ('Where is my parcel?', 'On its way.', 'late') RETURNING id`);
    return row.id;
  }

  async builtInCalendar(): Promise<number> {
    const [row] = await this.db.query(`SELECT id FROM sla_calendars WHERE built_in`);
    return row.id;
  }

  /** A calendar no policy uses (so an admin may delete it). */
  async freshCalendar(): Promise<number> {
    const [row] = await this.db.query(`INSERT INTO sla_calendars (name, timezone, weekly_hours) VALUES ('Matrix hours', 'Europe/Paris', '[{"day":1,"start":"09:00","end":"18:00"}]') RETURNING id`);
    return row.id;
  }

  /** An inactive policy: it sets no clock on the matrix's tickets. */
  /** Inactive: it acts on no ticket of the other routes. */
  async freshAutomation(): Promise<number> {
    const [row] = await this.db.query(
      `INSERT INTO automations (name, position, active, "on", conditions, actions) VALUES ('Matrix automation', 99, false, 'ticket.created', '{}', '[{"type":"add_tags","value":["matrix"]}]') RETURNING id`,
    );
    return row.id;
  }

  async freshSlaPolicy(): Promise<number> {
    const [row] = await this.db.query(
      `INSERT INTO sla_policies (name, position, calendar_id, targets, breach_action, active)
       SELECT 'Matrix policy', 99, id, '{"low":{"firstReplyMinutes":60}}', 'notify', false FROM sla_calendars WHERE built_in RETURNING id`,
    );
    return row.id;
  }

  async freshUnapprovedAgent(): Promise<number> {
    return (await this.factories.unapprovedAgent()).user.id;
  }

  /** An approved agent of its own: deactivating the matrix's agents would end their tokens. */
  async freshAgent(): Promise<number> {
    return (await this.factories.agent()).user.id;
  }

  /** A shared macro or view (everyone on staff reads and applies it). */
  sharedOf(kind: 'macro' | 'view'): Promise<number> {
    return this.once(kind, () => this.freshOf(kind, 'anonymous'));
  }

  /** A macro or view the caller may change: their own personal one (callers without a user get a shared one; they are refused first). */
  async freshOf(kind: 'macro' | 'view', role: MatrixRole): Promise<number> {
    const owner = role === 'anonymous' || role === 'service' ? null : this.people[role].user.id;
    const visibility = owner === null ? 'shared' : 'personal';
    const [row] =
      kind === 'macro'
        ? await this.db.query(`INSERT INTO macros (title, visibility, owner_id, body) VALUES ('Matrix', $1, $2, 'Hello {{customer.name}}') RETURNING id`, [visibility, owner])
        : await this.db.query(`INSERT INTO saved_views (name, visibility, owner_id, sort, "order") VALUES ('Matrix', $1, $2, 'created_at', 'desc') RETURNING id`, [visibility, owner]);
    return row.id;
  }

  /** A paused webhook endpoint (so nothing is delivered) and one delivery of it. */
  webhook(): Promise<number> {
    return this.once('webhook', async () => {
      const [row] = await this.db.query(`INSERT INTO webhook_endpoints (url, events, active, secret) VALUES ('https://93.184.215.14/hooks', '{ticket.created}', false, 'whsec_matrix') RETURNING id`);
      return row.id;
    });
  }

  webhookDelivery(): Promise<number> {
    return this.once('webhookDelivery', async () => {
      const [row] = await this.db.query(`INSERT INTO webhook_deliveries (endpoint_id, event_id, type, body) VALUES ($1, 'evt_matrix', 'ticket.created', '{}') RETURNING id`, [await this.webhook()]);
      return Number(row.id);
    });
  }

  private get db(): DataSource {
    return this.app.running.app.get(DataSource);
  }
}

interface CellRequest {
  path: string;
  body?: unknown;
}

/** How to call a route for one caller, and what it acts on (its row part of the rule). */
interface RouteSpec {
  resource: Resource;
  request(w: World, role: MatrixRole, factories: Factories): Promise<CellRequest>;
}

const none: Resource = { kind: 'none' };
const ticket = (intent: TicketIntent, state: TicketState = 'assigned'): Resource => ({ kind: 'ticket', intent, state });
const email = () => `matrix-${randomBytes(5).toString('hex')}@example.test`;
const at = (path: string, body?: unknown) => async (): Promise<CellRequest> => ({ path, body });
/** A route on the shared ticket: `{id}` in the path is its id. */
const onTicket = (path: string, body?: unknown, state: TicketState = 'assigned') => async (w: World) => ({ path: path.replace('{id}', String(await w.ticket(state))), body });
/** A route that changes the ticket: a fresh one per cell. */
const onFreshTicket = (state: TicketState, path: string, body?: (id: number) => unknown) => async (w: World) => {
  const id = await w.freshTicket(state);
  return { path: path.replace('{id}', String(id)), body: body?.(id) };
};

const description = 'Charged twice for the same thing, please refund';

const SPECS: Record<string, RouteSpec> = {
  // auth, health, rewards, notifications, integrations (the default error format)
  'POST /api/auth/register': { resource: none, request: async () => ({ path: '/api/auth/register', body: { email: email(), password: 'Passw0rd!long', name: 'New Customer' } }) },
  'POST /api/auth/login': { resource: none, request: async (w) => ({ path: '/api/auth/login', body: { email: w.people.owner.user.email, password: w.people.owner.password } }) },
  'GET /api/auth/me': { resource: none, request: at('/api/auth/me') },
  'GET /health/live': { resource: none, request: at('/health/live') },
  'GET /health/ready': { resource: none, request: at('/health/ready') },
  'GET /api/customer/rewards': { resource: none, request: at('/api/customer/rewards') },
  'GET /api/notifications': { resource: none, request: at('/api/notifications') },
  'PATCH /api/notifications/:id/read': { resource: { kind: 'notification' }, request: async (w) => ({ path: `/api/notifications/${await w.notification()}/read` }) },
  'POST /api/notifications/read-all': { resource: none, request: at('/api/notifications/read-all') },
  'PUT /api/integrations/customers/:id': { resource: none, request: async () => ({ path: `/api/integrations/customers/${uniqueId()}`, body: { name: 'Pushed Customer', email: email() } }) },
  'PUT /api/integrations/rides/:id': {
    resource: none,
    request: async (w) => ({
      path: `/api/integrations/rides/${uniqueId()}`,
      body: { customerId: await w.pushedCustomer(), pickupLocation: '1 Main St', dropoffLocation: '2 Elm St', status: 'completed' },
    }),
  },
  'PUT /api/integrations/orders/:id': {
    resource: none,
    request: async (w) => {
      const id = uniqueId();
      return { path: `/api/integrations/orders/${id}`, body: { customerId: await w.pushedCustomer(), orderNumber: `ORD-${id}`, vertical: 'munch', status: 'pending' } };
    },
  },
  'PUT /api/integrations/bookings/:id': {
    resource: none,
    request: async (w) => {
      const id = uniqueId();
      return { path: `/api/integrations/bookings/${id}`, body: { customerId: await w.pushedCustomer(), bookingNumber: `BKG-${id}`, status: 'confirmed' } };
    },
  },

  // munch (seed 000)
  'POST /api/customer/munch/support/ticket': {
    resource: none,
    request: async (w, role, f) => {
      const customer = w.customer(role);
      const orderId = customer ? (await f.order(customer.user.id, 'munch')).id : 1;
      return { path: '/api/customer/munch/support/ticket', body: { orderId, issueType: 'PAYMENT_ISSUE', description } };
    },
  },
  'GET /api/customer/munch/support/ticket/:ticketId/status': { resource: ticket('read'), request: onTicket('/api/customer/munch/support/ticket/{id}/status') },
  'PUT /api/customer/munch/support/ticket/escalate': {
    resource: ticket('owner'),
    request: onFreshTicket('assigned', '/api/customer/munch/support/ticket/escalate', (ticketId) => ({ ticketId })),
  },

  // mtxi (seed 001)
  'POST /api/customer/mtxi/support': {
    resource: none,
    request: async (w, role, f) => {
      const customer = w.customer(role);
      const rideId = customer ? (await f.ride(customer.user.id)).id : 1;
      return { path: '/api/customer/mtxi/support', body: { serviceType: 'ride', issueType: 'PAYMENT_ISSUE', description, rideId } };
    },
  },
  'POST /api/customer/mtxi/support/escalate': { resource: ticket('owner'), request: onFreshTicket('assigned', '/api/customer/mtxi/support/escalate', (ticketId) => ({ ticketId })) },
  'POST /api/customer/mtxi/support/close': { resource: ticket('owner', 'resolved'), request: onFreshTicket('resolved', '/api/customer/mtxi/support/close', (ticketId) => ({ ticketId })) },
  'GET /api/customer/mtxi/support/:ticketId': { resource: ticket('read'), request: onTicket('/api/customer/mtxi/support/{id}') },

  // mtables (seed 002)
  'POST /api/customer/mtables/support/tickets': {
    resource: none,
    request: async (w, role, f) => {
      const customer = w.customer(role);
      const bookingId = customer ? (await f.booking(customer.user.id)).id : 1;
      return { path: '/api/customer/mtables/support/tickets', body: { bookingId, issueType: 'payment_issue', description } };
    },
  },
  'GET /api/customer/mtables/support/tickets/:ticketId': { resource: ticket('read'), request: onTicket('/api/customer/mtables/support/tickets/{id}') },
  'POST /api/customer/mtables/support/tickets/:ticketId/escalate': {
    resource: ticket('owner'),
    request: onFreshTicket('assigned', '/api/customer/mtables/support/tickets/{id}/escalate', () => ({})),
  },

  // helpdesk (seed 003)
  'POST /api/support-tickets': { resource: none, request: at('/api/support-tickets', { subject: 'Charged twice', description }) },
  'GET /api/support-tickets': { resource: none, request: at('/api/support-tickets') },
  'GET /api/support-tickets/navbar/count': { resource: none, request: at('/api/support-tickets/navbar/count') },
  'GET /api/support-tickets/navbar/latest': { resource: none, request: at('/api/support-tickets/navbar/latest') },
  'GET /api/support-tickets/:ticket': { resource: ticket('read'), request: onTicket('/api/support-tickets/{id}') },
  'GET /api/support-tickets/:ticket/messages': { resource: ticket('read'), request: onTicket('/api/support-tickets/{id}/messages') },
  'POST /api/support-tickets/:ticket/messages': { resource: ticket('message'), request: onTicket('/api/support-tickets/{id}/messages', { message: 'Hello there' }) },
  'PUT /api/support-messages/:message/read': { resource: { kind: 'message' }, request: async (w) => ({ path: `/api/support-messages/${await w.message()}/read` }) },
  'POST /api/orders/:order/cancel': { resource: { kind: 'order' }, request: async (w) => ({ path: `/api/orders/${await w.freshOrder()}/cancel`, body: { reason: 'Changed my mind' } }) },

  // console (seed 004)
  'POST /api/support/tickets/create': { resource: none, request: at('/api/support/tickets/create/', { subject: 'Damaged', description, category: 'Damaged' }) },
  'GET /api/support/tickets': { resource: none, request: at('/api/support/tickets/') },
  'GET /api/support/tickets/:ticket_id': { resource: ticket('read'), request: onTicket('/api/support/tickets/{id}/') },
  'PUT /api/support/tickets/:ticket_id/update-status': {
    resource: ticket('work'),
    request: onFreshTicket('assigned', '/api/support/tickets/{id}/update-status/', () => ({ status: 'On Hold' })),
  },
  'POST /api/support/tickets/:ticket_id/assign-self': { resource: ticket('pick_up', 'queue'), request: onFreshTicket('queue', '/api/support/tickets/{id}/assign-self/') },
  'POST /api/support/tickets/:ticket_id/reassign': {
    resource: ticket('work'),
    request: async (w) => ({ path: `/api/support/tickets/${await w.freshTicket('assigned')}/reassign/`, body: { agent_id: String(w.people.otherAgent.user.id) } }),
  },
  'POST /api/support/tickets/:ticket_id/add-note': { resource: ticket('work'), request: onTicket('/api/support/tickets/{id}/add-note/', { note: 'Checked the payment logs' }) },
  'POST /api/support/tickets/:ticket_id/feedback': {
    resource: ticket('owner', 'resolved'),
    request: onFreshTicket('resolved', '/api/support/tickets/{id}/feedback/', () => ({ rating: '4', comment: 'Fine' })),
  },
  'GET /api/agent/tickets': { resource: none, request: at('/api/agent/tickets/') },
  'GET /api/admin/support/tickets': { resource: none, request: at('/api/admin/support/tickets/') },
  'GET /api/support/faq': { resource: none, request: at('/api/support/faq/') },
  'POST /api/admin/faq': { resource: none, request: at('/api/admin/faq/', { question: 'Is it late?', answer: 'A little.', category: 'Late' }) },
  'PUT /api/admin/faq/:faq_id': { resource: none, request: async (w) => ({ path: `/api/admin/faq/${await w.faq()}/`, body: { question: 'Lost?', answer: 'Found.', category: 'Lost' } }) },
  'DELETE /api/admin/faq/:faq_id': { resource: none, request: async (w) => ({ path: `/api/admin/faq/${await w.freshFaq()}/` }) },
  'POST /api/support/register-agent': { resource: none, request: async () => ({ path: '/api/support/register-agent/', body: { email: email(), password: 'Passw0rd!long', name: 'New Agent' } }) },
  'POST /api/admin/approve-agent/:agent_id': { resource: none, request: async (w) => ({ path: `/api/admin/approve-agent/${await w.freshUnapprovedAgent()}/` }) },
  'GET /api/admin/agents': { resource: none, request: at('/api/admin/agents/?status=pending') },
  'POST /api/admin/reject-agent/:agent_id': { resource: none, request: async (w) => ({ path: `/api/admin/reject-agent/${await w.freshUnapprovedAgent()}/` }) },
  'POST /api/admin/deactivate-agent/:agent_id': { resource: none, request: async (w) => ({ path: `/api/admin/deactivate-agent/${await w.freshAgent()}/` }) },
  // desk (SPEC section 7): the default format; a ticket the caller does not see is 404
  'GET /api/desk/tickets': { resource: none, request: at('/api/desk/tickets?assignee=me&sort=priority') },
  'GET /api/desk/tickets/:id': { resource: ticket('read'), request: onTicket('/api/desk/tickets/{id}') },
  'PUT /api/desk/tickets/:id/tags': { resource: ticket('work'), request: onFreshTicket('assigned', '/api/desk/tickets/{id}/tags', () => ({ tags: ['matrix'] })) },
  'GET /api/desk/audit-log': { resource: none, request: at('/api/desk/audit-log?limit=5') },
  // macros, views, bulk, merge (SPEC 7.4): personal ones are their owner's, so each caller changes their own
  'GET /api/desk/macros': { resource: none, request: at('/api/desk/macros?search=matrix') },
  'POST /api/desk/macros': { resource: none, request: at('/api/desk/macros', { title: 'Mine', visibility: 'personal', body: 'Hi {{customer.firstName}}' }) },
  'GET /api/desk/macros/:id': { resource: none, request: async (w) => ({ path: `/api/desk/macros/${await w.sharedOf('macro')}` }) },
  'GET /api/desk/macros/:id/preview': { resource: ticket('read'), request: async (w) => ({ path: `/api/desk/macros/${await w.sharedOf('macro')}/preview?ticketId=${await w.ticket('assigned')}` }) },
  'PATCH /api/desk/macros/:id': { resource: none, request: async (w, role) => ({ path: `/api/desk/macros/${await w.freshOf('macro', role)}`, body: { title: 'Renamed' } }) },
  'DELETE /api/desk/macros/:id': { resource: none, request: async (w, role) => ({ path: `/api/desk/macros/${await w.freshOf('macro', role)}` }) },
  'GET /api/desk/views': { resource: none, request: at('/api/desk/views') },
  'GET /api/desk/views/counts': { resource: none, request: at('/api/desk/views/counts') },
  'POST /api/desk/views': { resource: none, request: at('/api/desk/views', { name: 'Mine', visibility: 'personal', filters: { assignee: 'me' } }) },
  'GET /api/desk/views/:id': { resource: none, request: async (w) => ({ path: `/api/desk/views/${await w.sharedOf('view')}` }) },
  'GET /api/desk/views/:id/tickets': { resource: none, request: async (w) => ({ path: `/api/desk/views/${await w.sharedOf('view')}/tickets` }) },
  'PATCH /api/desk/views/:id': { resource: none, request: async (w, role) => ({ path: `/api/desk/views/${await w.freshOf('view', role)}`, body: { name: 'Renamed' } }) },
  'DELETE /api/desk/views/:id': { resource: none, request: async (w, role) => ({ path: `/api/desk/views/${await w.freshOf('view', role)}` }) },
  // Bulk reports each ticket in its results: the request itself is every staff member's.
  'POST /api/desk/tickets/bulk': { resource: none, request: async (w) => ({ path: '/api/desk/tickets/bulk', body: { ids: [await w.freshTicket('assigned')], set: { priority: 'high' } } }) },
  'POST /api/desk/tickets/:id/apply-macro': {
    resource: ticket('message'),
    request: async (w) => ({ path: `/api/desk/tickets/${await w.freshTicket('assigned')}/apply-macro`, body: { macroId: await w.sharedOf('macro') } }),
  },
  'POST /api/desk/tickets/:id/merge': {
    resource: ticket('work'),
    request: async (w) => ({ path: `/api/desk/tickets/${await w.freshTicket('assigned')}/merge`, body: { intoTicketId: await w.freshTicket('assigned') } }),
  },
  'GET /api/desk/calendars': { resource: none, request: at('/api/desk/calendars') },
  'GET /api/desk/calendars/:id': { resource: none, request: async (w) => ({ path: `/api/desk/calendars/${await w.freshCalendar()}` }) },
  'POST /api/desk/calendars': { resource: none, request: at('/api/desk/calendars', { name: 'Matrix', timezone: 'UTC', weeklyHours: [{ day: 2, start: '08:00', end: '17:00' }], holidays: [] }) },
  'PATCH /api/desk/calendars/:id': { resource: none, request: async (w) => ({ path: `/api/desk/calendars/${await w.freshCalendar()}`, body: { name: 'Matrix renamed' } }) },
  'DELETE /api/desk/calendars/:id': { resource: none, request: async (w) => ({ path: `/api/desk/calendars/${await w.freshCalendar()}` }) },
  'GET /api/desk/sla-policies': { resource: none, request: at('/api/desk/sla-policies') },
  'GET /api/desk/sla-policies/:id': { resource: none, request: async (w) => ({ path: `/api/desk/sla-policies/${await w.freshSlaPolicy()}` }) },
  'POST /api/desk/sla-policies': {
    resource: none,
    request: async (w) => ({
      path: '/api/desk/sla-policies',
      body: { name: 'Matrix', position: 99, match: {}, calendarId: await w.builtInCalendar(), targets: { low: { firstReplyMinutes: 60 } }, breachAction: 'notify', active: false },
    }),
  },
  'PATCH /api/desk/sla-policies/:id': { resource: none, request: async (w) => ({ path: `/api/desk/sla-policies/${await w.freshSlaPolicy()}`, body: { name: 'Matrix renamed' } }) },
  'DELETE /api/desk/sla-policies/:id': { resource: none, request: async (w) => ({ path: `/api/desk/sla-policies/${await w.freshSlaPolicy()}` }) },
  'GET /api/desk/automations': { resource: none, request: at('/api/desk/automations') },
  'POST /api/desk/automations': {
    resource: none,
    request: at('/api/desk/automations', { name: 'Matrix', active: false, on: 'ticket.created', conditions: {}, actions: [{ type: 'add_tags', value: ['matrix'] }] }),
  },
  'GET /api/desk/automations/:id': { resource: none, request: async (w) => ({ path: `/api/desk/automations/${await w.freshAutomation()}` }) },
  'PATCH /api/desk/automations/:id': { resource: none, request: async (w) => ({ path: `/api/desk/automations/${await w.freshAutomation()}`, body: { name: 'Matrix renamed' } }) },
  'DELETE /api/desk/automations/:id': { resource: none, request: async (w) => ({ path: `/api/desk/automations/${await w.freshAutomation()}` }) },
  'POST /api/desk/automations/:id/test': { resource: none, request: async (w) => ({ path: `/api/desk/automations/${await w.freshAutomation()}/test`, body: { ticketId: await w.ticket('assigned') } }) },
  'GET /api/desk/me/availability': { resource: none, request: at('/api/desk/me/availability') },
  'PUT /api/desk/me/availability': { resource: none, request: at('/api/desk/me/availability', { status: 'away' }) },
  'GET /api/desk/agents': { resource: none, request: at('/api/desk/agents') },
  'PATCH /api/desk/agents/:id': { resource: none, request: async (w) => ({ path: `/api/desk/agents/${w.people.assignedAgent.user.id}`, body: { capacity: 10 } }) },
  'GET /api/desk/routing': { resource: none, request: at('/api/desk/routing') },
  'PUT /api/desk/routing': { resource: none, request: at('/api/desk/routing', { mode: 'off' }) },
  'GET /api/desk/reports/summary': { resource: none, request: at('/api/desk/reports/summary?origin=munch') },
  'GET /api/desk/reports/timeseries': { resource: none, request: at('/api/desk/reports/timeseries?metric=created&interval=week') },
  'GET /api/desk/reports/agents': { resource: none, request: at('/api/desk/reports/agents') },
  'GET /api/desk/webhooks': { resource: none, request: at('/api/desk/webhooks') },
  'POST /api/desk/webhooks': { resource: none, request: at('/api/desk/webhooks', { url: 'https://93.184.215.14/hooks', events: ['ticket.created'], active: false }) },
  'GET /api/desk/webhooks/:id': { resource: none, request: async (w) => ({ path: `/api/desk/webhooks/${await w.webhook()}` }) },
  'PATCH /api/desk/webhooks/:id': { resource: none, request: async (w) => ({ path: `/api/desk/webhooks/${await w.webhook()}`, body: { description: 'matrix' } }) },
  'POST /api/desk/webhooks/:id/rotate-secret': { resource: none, request: async (w) => ({ path: `/api/desk/webhooks/${await w.webhook()}/rotate-secret` }) },
  'GET /api/desk/webhooks/:id/deliveries': { resource: none, request: async (w) => ({ path: `/api/desk/webhooks/${await w.webhook()}/deliveries` }) },
  'POST /api/desk/webhooks/:id/deliveries/:deliveryId/retry': {
    resource: none,
    request: async (w) => ({ path: `/api/desk/webhooks/${await w.webhook()}/deliveries/${await w.webhookDelivery()}/retry` }),
  },
  'GET /api/desk/export/tickets': { resource: none, request: at('/api/desk/export/tickets?limit=5') },
};

describe('hardening: authorization matrix (every route × every caller)', () => {
  const { app, factories, desk } = useTestApp();
  let world: World;
  let routes: RouteInfo[];

  beforeAll(async () => {
    world = new World(app, factories, desk);
    await world.init();
    routes = routesOf(app.running.app.get(ModulesContainer));
  });

  it('has a rule of its row part for every route the app serves, and none for routes it does not', () => {
    const served = routes.map((r) => r.key);
    const missing = served.filter((key) => !SPECS[key]);
    const stale = Object.keys(SPECS).filter((key) => !served.includes(key));
    if (missing.length || stale.length) {
      throw new Error(
        `test/hardening/authz-matrix.e2e-spec.ts SPECS is out of date.\n` +
          (missing.length ? `Routes without a spec (say how to call them and what they act on):\n  ${missing.join('\n  ')}\n` : '') +
          (stale.length ? `Specs of routes that no longer exist:\n  ${stale.join('\n  ')}\n` : '') +
          `Then regenerate the matrix: ${REGENERATE}`,
      );
    }
  });

  it('docs/authorization-matrix.md is the matrix the access rules give', () => {
    const known = routes.filter((r) => SPECS[r.key]);
    const rendered = renderMatrix(known, (route) => SPECS[route.key].resource);
    if (process.env.UPDATE_AUTHZ_MATRIX === 'true') writeFileSync(DOC, rendered);
    const committed = readFileSync(DOC, 'utf8');
    if (committed !== rendered) {
      throw new Error(`docs/authorization-matrix.md differs from what the access rules give (a route or a rule changed who may call what). Review and regenerate: ${REGENERATE}`);
    }
  });

  it('answers every cell as the matrix says, refusals in the surface’s own format', async () => {
    const differences: string[] = [];
    for (const route of routes.filter((r) => SPECS[r.key])) {
      const spec = SPECS[route.key];
      await Promise.all(
        MATRIX_ROLES.map(async (role) => {
          const outcome = expectedOutcome(route.rule, spec.resource, role);
          const expected = expectedStatus(outcome, route.path, route.successStatus);
          const request = await spec.request(world, role, factories);
          const res = await app.http.request(route.method, request.path, request.body, { token: world.token(role) });
          const formatProblems = res.status >= 400 ? errorFormatProblems(request.path, res.status, res.body) : [];
          if (res.status !== expected || formatProblems.length) {
            differences.push(
              `${route.key} as ${role}: expected ${expected} (${outcome}), got ${res.status} ${formatProblems.length ? `[format: ${formatProblems.join('; ')}] ` : ''}${res.text.slice(0, 160)}`,
            );
          }
        }),
      );
    }
    if (differences.length) throw new Error(`${differences.length} cell(s) differ from the matrix:\n${differences.join('\n')}\n(the expectations come from the access rules: ${REGENERATE} only after fixing the rule or the model)`);
  });
});
