/**
 * The bench's baseline: a bare Fastify + `pg` server (no Nest, no ORM, hand-written SQL) doing the
 * measured operations on the service's own tables with the service's observable behaviour: the same
 * token checks (HS256, JWT_SECRET, the user's role and deactivation read from the database), the same
 * access rule, validation, status codes and bodies. baseline.e2e-spec.ts proves the answers are equal.
 *
 *   GET  /api/customer/munch/support/ticket/:ticketId/status   (seed 000)
 *   POST /api/customer/munch/support/ticket                     (seed 000, Idempotency-Key)
 *   GET  /api/support-tickets                                   (seed 003, first page, staff)
 *   GET  /api/desk/tickets                                      (desk API, first page)
 *
 * Only what the bench sends is covered: the list routes answer their first page without filters.
 */
import { createHash, createSecretKey, randomInt } from 'node:crypto';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import jwt from 'jsonwebtoken';
import { Pool, PoolClient } from 'pg';

export interface BaselineOptions {
  databaseUrl: string;
  jwtSecret: string;
  poolSize?: number;
}

type Role = 'customer' | 'agent' | 'admin' | 'service';
interface Actor {
  id: number;
  role: Role;
  approved: boolean;
  permissions: Set<string>;
  locale: string;
}

const MAX_ID = 2_147_483_647;
const CUSTOMER = ['create_support_ticket', 'track_support_ticket', 'view_support_ticket', 'escalate_support_ticket', 'close_support_ticket', 'send_support_message', 'submit_support_feedback', 'cancel_order', 'view_notifications', 'view_rewards'];
const AGENT = ['view_support_ticket', 'send_support_message', 'cancel_order', 'view_notifications', 'manage_support_ticket', 'assign_support_ticket', 'add_internal_note', 'use_desk'];
const ADMIN = [...AGENT, 'reassign_support_ticket', 'approve_agent', 'manage_faq', 'manage_reference_data', 'manage_sla', 'manage_routing', 'manage_automations', 'manage_webhooks', 'view_reports', 'export_tickets', 'manage_shared_macros'];
const GRANTS: Record<Role, Set<string>> = { customer: new Set(CUSTOMER), agent: new Set(AGENT), admin: new Set(ADMIN), service: new Set(['manage_reference_data', 'export_tickets']) };
const KNOWN = new Set([...ADMIN, ...CUSTOMER]);
const UNAPPROVED = 'Your agent account is awaiting admin approval';

const ISSUE_TYPES = ['payment_issue', 'delivery_issue', 'service_quality', 'order_issue', 'technical', 'other'];
const DAILY_CAP = 5;

/** Each surface's error body. */
type Surface = 'munch' | 'helpdesk' | 'desk';
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(String(status));
  }
}
const MUNCH_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: 'Unauthorized',
  PERMISSION_DENIED: 'Forbidden',
  INVALID_REQUEST: 'Invalid request parameters',
  INVALID_ISSUE_TYPE: 'Invalid issue type',
  ORDER_NOT_FOUND: 'Order not found',
  TICKET_NOT_FOUND: 'Ticket not found',
};
const munchError = (status: number, code: string, errors?: Record<string, string[]>) =>
  new Refusal(status, { status: 'error', code, message: MUNCH_MESSAGES[code], ...(errors ? { errors } : {}) });
function unauthorized(surface: Surface): Refusal {
  if (surface === 'munch') return munchError(401, 'UNAUTHORIZED');
  if (surface === 'helpdesk') return new Refusal(401, { success: false, message: 'Unauthenticated.' });
  return new Refusal(401, { error: 'Unauthorized' });
}
function forbidden(surface: Surface, message: string): Refusal {
  if (surface === 'munch') return munchError(403, 'PERMISSION_DENIED');
  if (surface === 'helpdesk') return new Refusal(403, { success: false, message });
  return new Refusal(403, { error: message });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const laravel = (d: Date | null) => (d ? d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') : null);
const humanize = (category: string) => category.charAt(0).toUpperCase() + category.slice(1).replace(/_/g, ' ');

function ticketNumber(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += alphabet[randomInt(0, alphabet.length)];
  return `TKT-${String(randomInt(0, 1_000_000)).padStart(6, '0')}-${suffix}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function buildBaseline(options: BaselineOptions): { app: FastifyInstance; pool: Pool } {
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  const key = createSecretKey(Buffer.from(options.jwtSecret));
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  async function authenticate(request: FastifyRequest, surface: Surface, roles: Role[], permissions: string[]): Promise<Actor> {
    const match = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw unauthorized(surface);
    let claims: Record<string, unknown>;
    try {
      const decoded = jwt.decode(match[1], { complete: true });
      if (decoded?.header.alg !== 'HS256') throw new Error('algorithm');
      claims = jwt.verify(match[1], key, { algorithms: ['HS256'] }) as Record<string, unknown>;
    } catch {
      throw unauthorized(surface);
    }
    const { sub, role, exp } = claims;
    if (!claims || typeof claims !== 'object' || typeof exp !== 'number') throw unauthorized(surface);
    if ((typeof sub !== 'string' && typeof sub !== 'number') || String(sub) === '' || typeof role !== 'string' || !(role in GRANTS)) throw unauthorized(surface);
    if (claims.permissions !== undefined && !Array.isArray(claims.permissions)) throw unauthorized(surface);
    if (role === 'service') throw forbidden(surface, 'Forbidden');
    const id = /^[1-9]\d{0,9}$/.test(String(sub)) ? Number(sub) : NaN;
    if (!(id <= MAX_ID)) throw unauthorized(surface);
    const { rows } = await pool.query<{ id: number; role: Role; approved: boolean; active: boolean; locale: string }>(
      { name: 'actor', text: 'SELECT id, role, approved_at IS NOT NULL AS approved, deactivated_at IS NULL AS active, locale FROM users WHERE id = $1' },
      [id],
    );
    const user = rows[0];
    if (!user || user.role !== role || !user.active) throw unauthorized(surface);
    const granted = GRANTS[user.role];
    const claimed = claims.permissions as unknown[] | undefined;
    const actor: Actor = {
      id: user.id,
      role: user.role,
      approved: user.role !== 'agent' || user.approved,
      permissions: claimed ? new Set(claimed.filter((p): p is string => typeof p === 'string' && KNOWN.has(p) && granted.has(p))) : granted,
      locale: user.locale,
    };
    if (!roles.includes(actor.role)) throw forbidden(surface, 'Forbidden');
    if (!actor.approved) throw forbidden(surface, UNAPPROVED);
    if (permissions.some((p) => !actor.permissions.has(p))) throw forbidden(surface, 'Permission denied');
    return actor;
  }

  const send = (reply: FastifyReply, error: unknown) => {
    if (error instanceof Refusal) return reply.code(error.status).send(error.body);
    throw error;
  };

  app.get('/health/ready', async () => ({ status: 'ok' }));

  app.get<{ Params: { ticketId: string } }>('/api/customer/munch/support/ticket/:ticketId/status', async (request, reply) => {
    try {
      const actor = await authenticate(request, 'munch', ['customer'], ['track_support_ticket']);
      const raw = request.params.ticketId;
      const id = /^-?(0|[1-9]\d*)$/.test(raw) ? Number(raw) : NaN;
      const errors: string[] = [];
      if (!Number.isInteger(id)) errors.push('ticketId must be an integer number');
      if (!(id >= 1)) errors.push('ticketId must not be less than 1');
      if (!(id <= MAX_ID)) errors.push('ticketId must not be greater than 2147483647');
      if (errors.length) throw munchError(400, 'INVALID_REQUEST', { ticketId: errors.reverse() });
      const { rows } = await pool.query(
        {
          name: 'track',
          text: `SELECT t.id, t.ticket_number, t.status, t.priority, t.category, t.order_id, o.order_number, t.resolution_details, t.created_at
                 FROM tickets t LEFT JOIN orders o ON o.id = t.order_id
                 WHERE t.id = $2 AND (t.customer_id = $1 OR t.group_customer_ids @> ARRAY[$1]::int[])`,
        },
        [actor.id, id],
      );
      const t = rows[0];
      if (!t) throw munchError(404, 'TICKET_NOT_FOUND');
      return {
        status: 'success',
        data: {
          ticketId: t.id,
          ticketNumber: t.ticket_number,
          status: t.status,
          priority: t.priority,
          issueType: t.category.toUpperCase(),
          orderId: t.order_id,
          orderNumber: t.order_number,
          resolutionDetails: t.resolution_details,
          createdAt: t.created_at.toISOString(),
        },
      };
    } catch (error) {
      return send(reply, error);
    }
  });

  app.post<{ Body: Record<string, unknown> }>('/api/customer/munch/support/ticket', async (request, reply) => {
    try {
      const actor = await authenticate(request, 'munch', ['customer'], ['create_support_ticket']);
      const header = request.headers['idempotency-key'];
      const idempotencyKey = Array.isArray(header) ? header[0] : header;
      if (idempotencyKey !== undefined && (!idempotencyKey || idempotencyKey.length > 255 || !/^[\x21-\x7e]+$/.test(idempotencyKey))) {
        throw munchError(400, 'INVALID_REQUEST', { 'Idempotency-Key': ['must be 1 to 255 visible ASCII characters'] });
      }
      const body = request.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw munchError(400, 'INVALID_REQUEST', { body: ['Request body must be a JSON object'] });
      const errors: Record<string, string[]> = {};
      for (const field of Object.keys(body)) if (!['orderId', 'issueType', 'description'].includes(field)) errors[field] = [`property ${field} should not exist`];
      const orderId = body.orderId;
      const orderErrors = [
        ...(Number.isInteger(orderId) ? [] : ['orderId must be an integer number']),
        ...(typeof orderId === 'number' && orderId >= 1 ? [] : ['orderId must not be less than 1']),
        ...(typeof orderId === 'number' && orderId <= MAX_ID ? [] : ['orderId must not be greater than 2147483647']),
      ];
      if (orderErrors.length) errors.orderId = orderErrors.reverse();
      const issueType = body.issueType;
      const issueErrors = [...(issueType === '' || issueType === undefined || issueType === null ? ['issueType should not be empty'] : []), ...(typeof issueType === 'string' ? [] : ['issueType must be a string'])];
      if (issueErrors.length) errors.issueType = issueErrors;
      const description = typeof body.description === 'string' ? body.description.trim() : body.description;
      const descriptionErrors = [
        ...(typeof description === 'string' && description.length > 1000 ? ['description must be shorter than or equal to 1000 characters'] : []),
        ...(typeof description !== 'string' || description.length < 10 ? ['description must be longer than or equal to 10 characters'] : []),
        ...(typeof description === 'string' ? [] : ['description must be a string']),
      ];
      if (descriptionErrors.length) errors.description = descriptionErrors;
      if (Object.keys(errors).length) throw munchError(400, 'INVALID_REQUEST', errors);
      const category = ISSUE_TYPES.find((t) => t === (issueType as string).trim().toLowerCase());
      if (!category) throw munchError(400, 'INVALID_ISSUE_TYPE');

      const scope = `customer:${actor.id}`;
      const hash = createHash('sha256').update(`POST ${request.url}\n${canonicalJson(body)}`).digest('hex');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        try {
          const result = await createTicket(client, actor, orderId as number, category, description as string, idempotencyKey ? { scope, key: idempotencyKey, hash } : undefined);
          await client.query('COMMIT');
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          return reply.code(result.status).send(result.body);
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      } finally {
        client.release();
      }
    } catch (error) {
      return send(reply, error);
    }
  });

  app.get('/api/support-tickets', async (request, reply) => {
    try {
      const actor = await authenticate(request, 'helpdesk', ['customer', 'agent', 'admin'], ['view_support_ticket']);
      if (actor.role === 'customer') throw new Refusal(501, { success: false, message: 'the baseline lists for staff only' });
      const queue = actor.role === 'agent';
      const where = queue ? 'WHERE assignee_id = $1 OR assignee_id IS NULL' : '';
      const params = queue ? [actor.id] : [];
      const [page, count] = await Promise.all([
        pool.query(
          {
            name: `helpdesk-page-${actor.role}`,
            text: `SELECT t.id, t.ticket_number, t.customer_id, t.assignee_id, t.subject, t.description, t.status, t.priority, t.category, t.message_count,
                          t.is_customer_read, t.is_admin_read, t.resolved_at, t.closed_at, t.last_replied_at, t.last_replied_by, t.created_at, t.updated_at,
                          c.name AS customer_name, c.email AS customer_email, a.name AS assignee_name, a.email AS assignee_email
                   FROM (SELECT * FROM tickets ${where} ORDER BY created_at DESC, id DESC LIMIT 15) t
                   LEFT JOIN users c ON c.id = t.customer_id LEFT JOIN users a ON a.id = t.assignee_id
                   ORDER BY t.created_at DESC, t.id DESC`,
          },
          params,
        ),
        pool.query({ name: `helpdesk-total-${actor.role}`, text: `SELECT COALESCE(SUM(tickets), 0)::int AS total FROM ticket_counts ${where}` }, params),
      ]);
      const total: number = count.rows[0].total;
      const data = page.rows.map((t) => ({
        id: t.id,
        ticket_number: t.ticket_number,
        customer_id: t.customer_id,
        assigned_to: t.assignee_id,
        subject: t.subject,
        description: t.description,
        status: t.status,
        priority: t.priority,
        category: t.category,
        message_count: t.message_count,
        is_customer_read: t.is_customer_read,
        is_admin_read: t.is_admin_read,
        resolved_at: laravel(t.resolved_at),
        closed_at: laravel(t.closed_at),
        last_replied_at: laravel(t.last_replied_at),
        last_replied_by: t.last_replied_by,
        created_at: laravel(t.created_at),
        updated_at: laravel(t.updated_at),
        customer: t.customer_id === null ? null : { id: t.customer_id, name: t.customer_name, email: t.customer_email },
        assigned_admin: t.assignee_id === null ? null : { id: t.assignee_id, name: t.assignee_name, email: t.assignee_email },
      }));
      const path = '/api/support-tickets';
      const lastPage = Math.max(1, Math.ceil(total / 15));
      return {
        success: true,
        data: {
          current_page: 1,
          data,
          first_page_url: `${path}?page=1`,
          from: data.length ? 1 : null,
          last_page: lastPage,
          last_page_url: `${path}?page=${lastPage}`,
          next_page_url: lastPage > 1 ? `${path}?page=2` : null,
          path,
          per_page: 15,
          prev_page_url: null,
          to: data.length ? data.length : null,
          total,
        },
      };
    } catch (error) {
      return send(reply, error);
    }
  });

  app.get('/api/desk/tickets', async (request, reply) => {
    try {
      const actor = await authenticate(request, 'desk', ['agent', 'admin'], ['use_desk']);
      const queue = actor.role === 'agent';
      const { rows } = await pool.query(
        {
          name: `desk-page-${actor.role}`,
          text: `SELECT t.id, t.ticket_number, t.origin, t.subject, t.description, t.status, t.priority, t.category, t.escalation_level, t.customer_id,
                        c.name AS customer_name, c.email AS customer_email, c.locale AS customer_locale, t.assignee_id, a.name AS assignee_name,
                        t.group_customer_ids, t.order_id, o.order_number, t.booking_id, b.booking_number, t.ride_id, t.tags, t.possible_duplicate_of,
                        t.merged_into_id, t.version, t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.created_at::text AS keyset_0
                 FROM tickets t
                 LEFT JOIN users c ON c.id = t.customer_id LEFT JOIN users a ON a.id = t.assignee_id
                 LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN bookings b ON b.id = t.booking_id
                 ${queue ? 'WHERE t.assignee_id = $1 OR t.assignee_id IS NULL' : ''}
                 ORDER BY t.created_at DESC, t.id DESC LIMIT 26`,
        },
        queue ? [actor.id] : [],
      );
      const more = rows.length > 25;
      const items = more ? rows.slice(0, 25) : rows;
      const slas = new Map<number, ReturnType<typeof emptySla>>();
      if (items.length) {
        const clocks = await pool.query(
          {
            name: 'desk-slas',
            text: `SELECT c.ticket_id, c.metric, c.policy_id, p.name AS policy_name, c.running_since, c.stopped_at, c.due_at, c.breached_at
                   FROM sla_clocks c JOIN sla_policies p ON p.id = c.policy_id WHERE c.ticket_id = ANY($1) ORDER BY c.ticket_id, c.metric`,
          },
          [items.map((t) => t.id)],
        );
        for (const c of clocks.rows) {
          const sla = slas.get(c.ticket_id) ?? emptySla(c.policy_id, c.policy_name);
          const pending = c.running_since !== null ? iso(c.due_at) : null;
          if (c.metric === 'first_reply') sla.firstReplyDueAt = pending;
          if (c.metric === 'next_reply') sla.nextReplyDueAt = pending;
          if (c.metric === 'resolution') sla.resolutionDueAt = pending;
          if (c.running_since === null && c.stopped_at === null) sla.paused = true;
          if (c.breached_at && c.due_at) sla.breaches.push({ metric: c.metric, dueAt: c.due_at.toISOString(), breachedAt: c.breached_at.toISOString() });
          slas.set(c.ticket_id, sla);
        }
      }
      const last = items[items.length - 1];
      return {
        data: items.map((t) => ({
          id: t.id,
          ticketNumber: t.ticket_number,
          origin: t.origin,
          subject: t.subject,
          description: t.description,
          status: t.status,
          priority: t.priority,
          category: t.category,
          escalationLevel: t.escalation_level,
          customer: { id: t.customer_id, name: t.customer_name, email: t.customer_email, locale: t.customer_locale },
          assignee: t.assignee_id === null ? null : { id: t.assignee_id, name: t.assignee_name },
          groupCustomerIds: t.group_customer_ids,
          reference:
            t.order_id !== null
              ? { type: 'order', id: t.order_id, number: t.order_number }
              : t.booking_id !== null
                ? { type: 'booking', id: t.booking_id, number: t.booking_number }
                : t.ride_id !== null
                  ? { type: 'ride', id: t.ride_id, number: null }
                  : null,
          tags: t.tags,
          sla: slas.get(t.id) ?? null,
          possibleDuplicateOf: t.possible_duplicate_of,
          mergedIntoId: t.merged_into_id,
          version: t.version,
          createdAt: t.created_at.toISOString(),
          updatedAt: t.updated_at.toISOString(),
          resolvedAt: iso(t.resolved_at),
          closedAt: iso(t.closed_at),
        })),
        nextCursor: more ? Buffer.from(JSON.stringify(['created_at.desc', last.keyset_0, String(last.id)])).toString('base64url') : null,
      };
    } catch (error) {
      return send(reply, error);
    }
  });

  return { app, pool };
}

function emptySla(policyId: number, policyName: string) {
  return {
    policyId,
    policyName,
    firstReplyDueAt: null as string | null,
    nextReplyDueAt: null as string | null,
    resolutionDueAt: null as string | null,
    paused: false,
    breaches: [] as Array<{ metric: string; dueAt: string; breachedAt: string }>,
  };
}

/**
 * The service's create, in one transaction: the idempotency key claimed, the order checked, the
 * duplicate looked up, the ticket, its history entry and outbox event, the reward within the daily
 * cap, the key with its response; and, as the service's outbox dispatcher does after the commit,
 * the customer's notification and the event marked delivered. The ticket counters follow by trigger.
 */
async function createTicket(
  db: PoolClient,
  actor: Actor,
  orderId: number,
  category: string,
  description: string,
  idempotency?: { scope: string; key: string; hash: string },
): Promise<{ status: number; body: unknown; replayed?: boolean }> {
  if (idempotency) {
    const lock = await db.query({ name: 'idem-lock', text: 'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked' }, [`idempotency ${idempotency.scope} ${idempotency.key}`]);
    if (!lock.rows[0].locked) throw munchError(409, 'CONFLICT');
    const existing = (
      await db.query(
        { name: 'idem-get', text: 'SELECT request_hash, response_status, response_body, expires_at > now() AS live FROM idempotency_keys WHERE scope = $1 AND key = $2' },
        [idempotency.scope, idempotency.key],
      )
    ).rows[0];
    if (existing?.live) {
      if (existing.request_hash !== idempotency.hash) throw munchError(422, 'UNPROCESSABLE');
      return { status: existing.response_status, body: existing.response_body, replayed: true };
    }
    if (existing) await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [idempotency.scope, idempotency.key]);
  }
  const now = new Date();
  const order = (await db.query({ name: 'order', text: 'SELECT id, customer_id, order_number, vertical FROM orders WHERE id = $1' }, [orderId])).rows[0];
  if (!order || order.customer_id !== actor.id || order.vertical !== 'munch') throw munchError(404, 'ORDER_NOT_FOUND');
  const duplicate = (
    await db.query(
      { name: 'duplicate', text: `SELECT id FROM tickets WHERE order_id = $1 AND customer_id = $2 AND status NOT IN ('resolved', 'closed') ORDER BY id DESC LIMIT 1` },
      [order.id, actor.id],
    )
  ).rows[0];
  const subject = `${humanize(category)} — order ${order.order_number}`;
  const ticket = (
    await db.query(
      {
        name: 'ticket',
        text: `INSERT INTO tickets (ticket_number, origin, service_type, customer_id, group_customer_ids, subject, description, category, priority, order_id, possible_duplicate_of, created_at, updated_at)
               VALUES ($1, 'munch', NULL, $2, '{}', $3, $4, $5, 'medium', $6, $7, $8, $8)
               RETURNING id, ticket_number, status, priority, escalation_level`,
      },
      [ticketNumber(), actor.id, subject, description, category, order.id, duplicate?.id ?? null, now],
    )
  ).rows[0];
  const event = {
    type: 'ticket.created',
    ticket: { id: ticket.id, ticketNumber: ticket.ticket_number, origin: 'munch', serviceType: null, status: ticket.status, priority: ticket.priority, customerId: actor.id, groupCustomerIds: [], assigneeId: null, escalationLevel: ticket.escalation_level },
    actor: { id: actor.id, role: 'customer' },
    occurredAt: now.toISOString(),
    data: { from: null, to: ticket.status },
  };
  const outbox = (
    await db.query(
      {
        name: 'history-event',
        text: `WITH alongside AS (INSERT INTO ticket_history (ticket_id, actor_id, actor_role, type, from_value, to_value, created_at) VALUES ($1, $2, 'customer', 'created', NULL, $3, $4))
               INSERT INTO outbox_events (type, ticket_id, payload) VALUES ('ticket.created', $1, $5) RETURNING id`,
      },
      [ticket.id, actor.id, ticket.status, now, JSON.stringify(event)],
    )
  ).rows[0];
  await db.query(
    {
      name: 'reward',
      text: `WITH slot AS (
               INSERT INTO reward_daily_counters (customer_id, day, interactions) VALUES ($1, $2, 1)
               ON CONFLICT (customer_id, day) DO UPDATE SET interactions = reward_daily_counters.interactions + 1
               WHERE reward_daily_counters.interactions < $3
               RETURNING customer_id)
             INSERT INTO reward_ledger (customer_id, ticket_id, reason, action, points, credit_minor, created_at)
             SELECT customer_id, $4, 'ticket_created', 'support_interaction', 10, 20, $5 FROM slot`,
    },
    [actor.id, now.toISOString().slice(0, 10), DAILY_CAP, ticket.id, now],
  );
  await db.query(
    {
      name: 'notify',
      text: `WITH note AS (INSERT INTO notifications (user_id, outbox_event_id, ticket_id, ticket_number, kind, locale, title, body)
               VALUES ($1, $2, $3, $4, 'ticket_created', $5, $6, 'We received your support request. An agent will get back to you soon.'))
             UPDATE outbox_events SET delivered_at = now() WHERE id = $2`,
    },
    [actor.id, outbox.id, ticket.id, ticket.ticket_number, actor.locale, `Ticket ${ticket.ticket_number} received`],
  );
  const body = { status: 'success', data: { ticketId: ticket.id, ticketNumber: ticket.ticket_number, status: ticket.status } };
  if (idempotency) {
    await db.query(
      {
        name: 'idem-put',
        text: `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, locked_until, committed_at, completed_at, expires_at)
               VALUES ($1, $2, $3, 200, $4, now(), now(), now(), now() + make_interval(hours => 24))`,
      },
      [idempotency.scope, idempotency.key, idempotency.hash, JSON.stringify(body)],
    );
  }
  return { status: 200, body };
}
