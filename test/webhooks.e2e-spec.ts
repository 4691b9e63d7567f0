import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { committedDocumentValidator } from './support/openapi-validator';
import { eventually, useReceivers } from './support/webhook-receiver';

/**
 * Webhooks (SPEC 7.6) against receivers on 127.0.0.1 (so this app allows
 * private targets), with a shortened retry schedule and failure window: the
 * real schedule is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h for 3 days.
 */
describe('webhooks', () => {
  const SCHEDULE = [200, 400, 800];
  const DISABLE_AFTER_MS = 5000;
  // A database of its own: other suites' apps would otherwise deliver their events to these endpoints too.
  const { app, factories, desk } = useTestApp({
    ownDatabase: true,
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_SCHEDULE_MS: SCHEDULE.join(','), WEBHOOK_DISABLE_AFTER_MS: String(DISABLE_AFTER_MS), WEBHOOK_TIMEOUT_MS: '2000' },
  });
  let admin: Person;
  let customer: Person;

  const db = () => app.running.app.get(DataSource);
  const receiver = useReceivers();
  const createEndpoint = async (url: string, events = ['ticket.created'], as = admin) => {
    const res = await app.http.post('/api/desk/webhooks', { url, events, description: 'test receiver' }, { token: as.token });
    expect(res.status).toBe(201);
    return res.body as { id: number; secret: string; url: string; active: boolean };
  };
  const deliveries = async (endpointId: number) => (await app.http.get(`/api/desk/webhooks/${endpointId}/deliveries?limit=100`, { token: admin.token })).body.data as any[];
  const pause = (endpointId: number) => app.http.patch(`/api/desk/webhooks/${endpointId}`, { active: false }, { token: admin.token });

  beforeAll(async () => {
    [admin, customer] = await Promise.all([factories.admin(), factories.customer()]);
  });

  describe('endpoints', () => {
    it('shows the secret once, audits the changes (without the secret) and is for admins with manage_webhooks only', async () => {
      const r = await receiver();
      const created = await createEndpoint(r.url, ['ticket.created', 'message.created']);
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const read = await app.http.get(`/api/desk/webhooks/${created.id}`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        id: created.id,
        url: r.url,
        events: ['ticket.created', 'message.created'],
        active: true,
        description: 'test receiver',
        disabledReason: null,
        previousSecretExpiresAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const listed = (await app.http.get('/api/desk/webhooks', { token: admin.token })).body.data;
      expect(listed.find((e: { id: number }) => e.id === created.id)).not.toHaveProperty('secret');
      expect((await pause(created.id)).body.active).toBe(false);

      const audit = (await app.http.get('/api/desk/audit-log?limit=100', { token: admin.token })).body.data.filter((e: any) => e.entityType === 'webhook' && e.entityId === String(created.id));
      expect(audit.map((e: any) => e.action)).toEqual(['webhook.updated', 'webhook.created']);
      expect(JSON.stringify(audit)).not.toContain(created.secret);

      const agent = await factories.agent();
      for (const token of [agent.token, customer.token, factories.serviceToken()]) {
        expect((await app.http.get('/api/desk/webhooks', { token })).status).toBe(403);
        expect((await app.http.post('/api/desk/webhooks', { url: r.url, events: ['ticket.created'] }, { token })).status).toBe(403);
      }
    });

    it('refuses bad input with 400 naming the field, and changes nothing', async () => {
      const before = (await app.http.get('/api/desk/webhooks', { token: admin.token })).body.data.length;
      const bad = [
        [{ url: 'ftp://example.com/x', events: ['ticket.created'] }, 'url'],
        [{ url: 'not a url', events: ['ticket.created'] }, 'url'],
        [{ url: 'https://user:pw@example.com/x', events: ['ticket.created'] }, 'url'],
        [{ url: 'https://example.com/x', events: [] }, 'events'],
        [{ url: 'https://example.com/x', events: ['ticket.deleted'] }, 'events'],
        [{ url: 'https://example.com/x', events: ['ticket.created'], active: 'yes' }, 'active'],
      ] as const;
      for (const [body, field] of bad) {
        const res = await app.http.post('/api/desk/webhooks', body, { token: admin.token });
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(JSON.stringify(res.body)).toContain(field);
      }
      expect((await app.http.get('/api/desk/webhooks', { token: admin.token })).body.data.length).toBe(before);
      expect((await app.http.get('/api/desk/webhooks/2147483647', { token: admin.token })).status).toBe(404);
      expect((await app.http.get('/api/desk/webhooks/abc', { token: admin.token })).status).toBe(400);
    });
  });

  describe('deliveries', () => {
    it('signs per Standard Webhooks: the spec library verifies them, and so does a plain HMAC of id.timestamp.body', async () => {
      const r = await receiver();
      const endpoint = await createEndpoint(r.url);
      const ticketId = await desk.createTicket(customer);
      const [hook] = await eventually(() => (r.about(ticketId).length > 0 ? r.about(ticketId) : null), 10_000, 'the delivery');
      expect(hook.json).toEqual({ type: 'ticket.created', timestamp: expect.any(String), data: expect.objectContaining({ id: ticketId, status: 'open', customer: expect.objectContaining({ id: customer.user.id }) }) });
      expect(new Webhook(endpoint.secret).verify(hook.body, hook.headers)).toEqual(hook.json);
      expect(committedDocumentValidator().webhookProblems(hook.json)).toEqual([]);
      const key = Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64');
      const expected = createHmac('sha256', key).update(`${hook.headers['webhook-id']}.${hook.headers['webhook-timestamp']}.${hook.body}`).digest('base64');
      expect(hook.headers['webhook-signature']).toBe(`v1,${expected}`);
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(hook.body, hook.headers)).toThrow();

      const log = await eventually(async () => {
        const rows = await deliveries(endpoint.id);
        return rows.some((d) => d.status === 'succeeded') ? rows : null;
      });
      expect(log[0]).toEqual({
        id: expect.any(Number),
        eventId: hook.headers['webhook-id'],
        type: 'ticket.created',
        status: 'succeeded',
        attempts: 1,
        lastResponseStatus: 200,
        lastError: null,
        nextAttemptAt: null,
        createdAt: expect.any(String),
      });
      await pause(endpoint.id);
    });

    it('after a rotation signs with both secrets for the overlap, so a receiver holding either verifies', async () => {
      const r = await receiver();
      const endpoint = await createEndpoint(r.url);
      const rotated = await app.http.post(`/api/desk/webhooks/${endpoint.id}/rotate-secret`, undefined, { token: admin.token });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      const ticketId = await desk.createTicket(customer);
      const [hook] = await eventually(() => (r.about(ticketId).length > 0 ? r.about(ticketId) : null));
      expect(hook.headers['webhook-signature'].split(' ')).toHaveLength(2);
      expect(new Webhook(rotated.body.secret).verify(hook.body, hook.headers)).toEqual(hook.json);
      expect(new Webhook(endpoint.secret).verify(hook.body, hook.headers)).toEqual(hook.json);

      // After the 24 hours only the new secret signs.
      await db().query(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [endpoint.id]);
      const later = await desk.createTicket(customer);
      const [next] = await eventually(() => (r.about(later).length > 0 ? r.about(later) : null));
      expect(next.headers['webhook-signature'].split(' ')).toHaveLength(1);
      expect(new Webhook(rotated.body.secret).verify(next.body, next.headers)).toEqual(next.json);
      expect(() => new Webhook(endpoint.secret).verify(next.body, next.headers)).toThrow();
      expect((await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body.previousSecretExpiresAt).toBeNull();
      await pause(endpoint.id);
    });

    it('carries public messages on message.created, never internal notes', async () => {
      const r = await receiver();
      const endpoint = await createEndpoint(r.url, ['message.created']);
      const created = await app.http.post('/api/support-tickets', { subject: 'Wrong product', description: 'I received the wrong product in my order.' }, { token: customer.token });
      const ticketId = Number(created.body.data.id);
      expect((await app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Customer seems to be lying' }, { token: admin.token })).status).toBeLessThan(300);
      expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Any news?' }, { token: customer.token })).status).toBeLessThan(300);
      expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Looking into it' }, { token: admin.token })).status).toBeLessThan(300);
      const hooks = (await eventually(() => (r.about(ticketId).length >= 2 ? r.about(ticketId) : null)));
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(r.about(ticketId).map((h) => h.json.type)).toEqual(['message.created', 'message.created']);
      expect(hooks.map((h) => h.json.data).sort((a, b) => a.id - b.id)).toEqual([
        { id: expect.any(Number), ticketId, senderId: customer.user.id, senderType: 'customer', body: 'Any news?', attachments: [], createdAt: expect.any(String) },
        { id: expect.any(Number), ticketId, senderId: admin.user.id, senderType: 'admin', body: 'Looking into it', attachments: [], createdAt: expect.any(String) },
      ]);
      expect(JSON.stringify(r.received)).not.toContain('lying');
      for (const hook of hooks) expect(committedDocumentValidator().webhookProblems(hook.json)).toEqual([]);
      await pause(endpoint.id);
    });

    it('retries a failing receiver on the schedule with the same webhook-id and body, then succeeds', async () => {
      const r = await receiver();
      let calls = 0;
      r.respond = (_, res) => (++calls <= 3 ? res.writeHead(503).end('down') : res.writeHead(204).end());
      const endpoint = await createEndpoint(r.url);
      const ticketId = await desk.createTicket(customer);
      const hooks = (await eventually(() => (r.about(ticketId).length >= 4 ? r.about(ticketId) : null), 15_000, 'four attempts'));
      expect(new Set(hooks.map((h) => h.headers['webhook-id'])).size).toBe(1);
      expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
      const gaps = hooks.slice(1).map((h, i) => h.at - hooks[i].at);
      // Each wait is at least its step of the schedule (plus the queue's polling).
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(SCHEDULE[i] - 20));
      const [log] = await eventually(async () => {
        const rows = await deliveries(endpoint.id);
        return rows[0]?.status === 'succeeded' ? rows : null;
      });
      expect(log).toMatchObject({ status: 'succeeded', attempts: 4, lastResponseStatus: 204, lastError: null });
      await pause(endpoint.id);
    });

    it('shows a pending retry in the log with the error and the next attempt; a manual retry delivers now', async () => {
      const r = await receiver();
      let fail = true;
      r.respond = (_, res) => (fail ? res.writeHead(500).end('boom') : res.writeHead(200).end());
      const endpoint = await createEndpoint(r.url);
      const ticketId = await desk.createTicket(customer);
      const [pending] = await eventually(async () => {
        const rows = await deliveries(endpoint.id);
        return rows[0]?.lastResponseStatus === 500 ? rows : null;
      });
      expect(pending).toMatchObject({ status: 'pending', lastResponseStatus: 500, lastError: 'HTTP 500' });
      expect(Date.parse(pending.nextAttemptAt)).toBeGreaterThan(Date.parse(pending.createdAt));
      fail = false;
      const retried = await app.http.post(`/api/desk/webhooks/${endpoint.id}/deliveries/${pending.id}/retry`, undefined, { token: admin.token });
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: pending.id, status: 'pending' });
      await eventually(async () => (await deliveries(endpoint.id))[0].status === 'succeeded');
      expect(r.about(ticketId).every((h) => h.headers['webhook-id'] === pending.eventId)).toBe(true);
      expect((await app.http.post(`/api/desk/webhooks/${endpoint.id}/deliveries/999999999/retry`, undefined, { token: admin.token })).status).toBe(404);
      expect((await app.http.post(`/api/desk/webhooks/${endpoint.id}/deliveries/x1/retry`, undefined, { token: admin.token })).status).toBe(400);
      await pause(endpoint.id);
    });

    it('disables an endpoint that answers 410 Gone and stops delivering to it', async () => {
      const r = await receiver();
      r.respond = (_, res) => res.writeHead(410).end();
      const endpoint = await createEndpoint(r.url);
      const first = await desk.createTicket(customer);
      await eventually(async () => (await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body.active === false);
      const read = (await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body;
      expect(read).toMatchObject({ active: false, disabledReason: 'gone' });
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'failed', attempts: 1, lastResponseStatus: 410 });
      const second = await desk.createTicket(customer);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(r.about(first)).toHaveLength(1);
      expect(r.about(second)).toHaveLength(0);
    });

    it('disables an endpoint failing for the whole window (3 days; shortened here) and notifies the admins', async () => {
      const r = await receiver();
      r.respond = (_, res) => res.writeHead(500).end();
      const endpoint = await createEndpoint(r.url);
      const ticketId = await desk.createTicket(customer);
      const started = Date.now();
      await eventually(async () => (await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body.active === false, 40_000, 'the endpoint disabled');
      expect(Date.now() - started).toBeGreaterThanOrEqual(DISABLE_AFTER_MS);
      expect((await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body.disabledReason).toBe('failing');
      const attempts = r.about(ticketId).length;
      expect(attempts).toBeGreaterThanOrEqual(4);
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'failed', attempts, nextAttemptAt: null });
      const notes = await db().query(`SELECT title, body FROM notifications WHERE user_id = $1 AND kind = 'webhook_disabled' AND body LIKE '%' || $2 || '%'`, [admin.user.id, r.url]);
      expect(notes).toEqual([{ title: 'Webhook endpoint disabled', body: expect.stringContaining(r.url) }]);
      const listed = (await app.http.get('/api/notifications', { token: admin.token })).body;
      expect(JSON.stringify(listed)).toContain('Webhook endpoint disabled');

      // An admin turns it on again: failures count afresh.
      r.respond = (_, res) => res.writeHead(200).end();
      const on = await app.http.patch(`/api/desk/webhooks/${endpoint.id}`, { active: true }, { token: admin.token });
      expect(on.body).toMatchObject({ active: true, disabledReason: null });
      const next = await desk.createTicket(customer);
      await eventually(() => r.about(next).length === 1);
      await pause(endpoint.id);
    }, 90_000);

    it('a slow receiver delays neither the other endpoints nor the socket events (outbox)', async () => {
      const slow = await receiver();
      slow.respond = () => undefined; // never answers: each attempt waits for the timeout
      const fast = await receiver();
      const slowEndpoint = await createEndpoint(slow.url);
      const fastEndpoint = await createEndpoint(fast.url);
      const started = Date.now();
      const tickets = await Promise.all([1, 2, 3, 4, 5].map(() => desk.createTicket(customer)));
      await eventually(() => tickets.every((id) => fast.about(id).length === 1), 5_000, 'the fast endpoint');
      expect(Date.now() - started).toBeLessThan(2000 + 3000);
      const undelivered = await db().query(`SELECT count(*)::int AS n FROM outbox_events WHERE ticket_id = ANY($1) AND delivered_at IS NULL`, [tickets]);
      expect(undelivered).toEqual([{ n: 0 }]);
      expect(tickets.filter((id) => slow.about(id).length > 0).length).toBeLessThanOrEqual(5);
      await pause(slowEndpoint.id);
      await pause(fastEndpoint.id);
    });

    it('follows no redirect and reads at most 64 KB of a response', async () => {
      const target = await receiver();
      const redirecting = await receiver();
      redirecting.respond = (_, res) => res.writeHead(307, { location: target.url }).end();
      const huge = await receiver();
      huge.respond = (_, res) => {
        res.writeHead(200);
        res.end(Buffer.alloc(5 * 1024 * 1024, 'x'));
      };
      const redirectEndpoint = await createEndpoint(redirecting.url);
      const hugeEndpoint = await createEndpoint(huge.url);
      const ticketId = await desk.createTicket(customer);
      await eventually(async () => (await deliveries(redirectEndpoint.id))[0]?.lastResponseStatus === 307);
      await eventually(async () => (await deliveries(hugeEndpoint.id))[0]?.status === 'succeeded');
      expect(target.about(ticketId)).toHaveLength(0);
      await pause(redirectEndpoint.id);
      await pause(hugeEndpoint.id);
    });
  });

  it('purges delivery records older than 30 days', async () => {
    const r = await receiver();
    const endpoint = await createEndpoint(r.url);
    const ticketId = await desk.createTicket(customer);
    await eventually(async () => (await deliveries(endpoint.id))[0]?.status === 'succeeded');
    await db().query(`UPDATE webhook_deliveries SET created_at = now() - interval '31 days' WHERE endpoint_id = $1`, [endpoint.id]);
    const { WebhookDeliveries } = await import('@mm/webhooks');
    expect(await app.running.app.get(WebhookDeliveries).purge()).toBeGreaterThanOrEqual(1);
    expect(await deliveries(endpoint.id)).toEqual([]);
    expect(r.about(ticketId)).toHaveLength(1);
    await pause(endpoint.id);
  });
});
