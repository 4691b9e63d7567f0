import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { committedDocumentValidator } from './support/openapi-validator';
import { settle } from './support/socket';
import { eventually, ReceivedWebhook, useReceivers, WebhookReceiver } from './support/webhook-receiver';

/**
 * The webhook events that are not plain ticket changes: `ticket.merged` from a merge and
 * `feedback.created` from a customer's rating, each written to the outbox in its change's
 * transaction; and the admins' notification of an endpoint disabled for failing, pushed live.
 */
describe('webhook events: merges, feedback, and the disabled-endpoint notification', () => {
  // A database of its own: other suites' apps would otherwise deliver their events to these endpoints too.
  const { app, factories, desk, sockets } = useTestApp({
    ownDatabase: true,
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_SCHEDULE_MS: '200,400', WEBHOOK_DISABLE_AFTER_MS: '1500', WEBHOOK_TIMEOUT_MS: '2000' },
  });
  let admin: Person;
  let agent: Person;

  const db = () => app.running.app.get(DataSource);
  const receiver = useReceivers();
  const createEndpoint = async (url: string, events: string[]) => {
    const res = await app.http.post('/api/desk/webhooks', { url, events }, { token: admin.token });
    expect(res.status).toBe(201);
    return res.body as { id: number; secret: string };
  };
  const pause = (endpointId: number) => app.http.patch(`/api/desk/webhooks/${endpointId}`, { active: false }, { token: admin.token });
  const ofType = (r: WebhookReceiver, type: string, ticketId: number) => r.about(ticketId).filter((h) => h.json.type === type);
  const outboxEvents = async (type: string, ticketId: number) =>
    ((await db().query('SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND ticket_id = $2', [type, ticketId])) as { n: number }[])[0].n;
  const addNote = (ticketId: number, note: string) => app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note }, { token: agent.token });
  /** Signed with the endpoint's secret and shaped as docs/openapi.json's `webhooks` entry says. */
  const expectSignedAndDocumented = (hook: ReceivedWebhook, secret: string) => {
    expect(new Webhook(secret).verify(hook.body, hook.headers)).toEqual(hook.json);
    expect(committedDocumentValidator().webhookProblems(hook.json)).toEqual([]);
  };

  beforeAll(async () => {
    [admin, agent] = await Promise.all([factories.admin(), factories.agent()]);
  });

  it('a merge delivers ticket.merged (the merged ticket, mergedIntoId the target) to subscribed endpoints only, without notes or another customer', async () => {
    const [customer, stranger] = await Promise.all([factories.customer(), factories.customer()]);
    const subscribed = await receiver();
    const other = await receiver();
    const merged = await createEndpoint(subscribed.url, ['ticket.merged']);
    const unsubscribed = await createEndpoint(other.url, ['ticket.status_changed', 'ticket.updated']);
    const source = await desk.assigned(await desk.createTicket(customer), agent);
    const target = await desk.assigned(await desk.createTicket(customer), agent);
    const foreign = await desk.assigned(await desk.createTicket(stranger), agent);
    expect((await addNote(source, 'NOTE-ON-SOURCE refund fraud suspected')).status).toBe(201);
    expect((await addNote(target, 'NOTE-ON-TARGET vip customer')).status).toBe(201);

    // A refused merge (another customer's ticket) commits nothing, so no event.
    expect((await app.http.post(`/api/desk/tickets/${source}/merge`, { intoTicketId: foreign }, { token: agent.token })).status).toBe(400);
    expect(await outboxEvents('ticket.merged', source)).toBe(0);

    const res = await app.http.post(`/api/desk/tickets/${source}/merge`, { intoTicketId: target }, { token: agent.token });
    expect(res.status).toBe(200);
    expect(await outboxEvents('ticket.merged', source)).toBe(1);
    const [hook] = await eventually(() => (ofType(subscribed, 'ticket.merged', source).length > 0 ? ofType(subscribed, 'ticket.merged', source) : null), 10_000, 'ticket.merged');
    expectSignedAndDocumented(hook, merged.secret);
    expect(hook.json).toEqual({ type: 'ticket.merged', timestamp: expect.any(String), data: { ...res.body, updatedAt: expect.any(String) } });
    expect(hook.json.data).toMatchObject({ id: source, status: 'closed', mergedIntoId: target, customer: { id: customer.user.id } });
    expect(hook.body).not.toContain('NOTE-ON');
    expect(hook.body).not.toContain(stranger.user.email);

    // The other endpoint hears the source closed and the target updated, never the merge.
    const closing = () => ofType(other, 'ticket.status_changed', source).some((h) => h.json.data.status === 'closed');
    await eventually(() => closing() && ofType(other, 'ticket.updated', target).length === 1, 10_000, 'the closing and the update');
    await settle(700);
    expect(other.received.map((h) => h.json.type)).not.toContain('ticket.merged');
    expect(subscribed.received.map((h) => h.json.type)).toEqual(['ticket.merged']);
    const log = (await app.http.get(`/api/desk/webhooks/${merged.id}/deliveries`, { token: admin.token })).body.data;
    expect(log).toEqual([expect.objectContaining({ type: 'ticket.merged', eventId: hook.headers['webhook-id'] })]);
    await pause(merged.id);
    await pause(unsubscribed.id);
  });

  it('a rating delivers feedback.created (the feedback and its ticket id) to subscribed endpoints only, once', async () => {
    const customer = await factories.customer();
    const subscribed = await receiver();
    const other = await receiver();
    const feedback = await createEndpoint(subscribed.url, ['feedback.created']);
    const unsubscribed = await createEndpoint(other.url, ['ticket.status_changed', 'message.created']);
    const ticketId = await desk.assigned(await desk.createTicket(customer), agent);
    expect((await addNote(ticketId, 'NOTE-ON-RATED agent was rude')).status).toBe(201);
    expect((await desk.updateStatus(ticketId, agent, { status: 'Resolved' })).status).toBe(200);

    const rated = await app.http.post(`/api/support/tickets/${ticketId}/feedback/`, { rating: '4', comment: 'Quick and kind' }, { token: customer.token });
    expect(rated.status).toBe(201);
    const [hook] = await eventually(() => (ofType(subscribed, 'feedback.created', ticketId).length > 0 ? ofType(subscribed, 'feedback.created', ticketId) : null), 10_000, 'feedback.created');
    expectSignedAndDocumented(hook, feedback.secret);
    expect(hook.json).toEqual({
      type: 'feedback.created',
      timestamp: expect.any(String),
      data: { id: Number(rated.body.feedback.id), ticketId, customerId: customer.user.id, rating: 4, comment: 'Quick and kind', createdAt: expect.any(String) },
    });
    expect(hook.body).not.toContain('NOTE-ON');

    // A second rating is refused and writes no event.
    expect((await app.http.post(`/api/support/tickets/${ticketId}/feedback/`, { rating: '1' }, { token: customer.token })).status).toBe(400);
    expect(await outboxEvents('feedback.created', ticketId)).toBe(1);
    await eventually(() => ofType(other, 'ticket.status_changed', ticketId).length >= 1, 10_000, 'the resolution');
    await settle(700);
    expect(ofType(subscribed, 'feedback.created', ticketId)).toHaveLength(1);
    expect(other.received.map((h) => h.json.type)).not.toContain('feedback.created');
    await pause(feedback.id);
    await pause(unsubscribed.id);
  });

  it('pushes the "endpoint disabled" notification to connected admins at once, and to no agent or customer', async () => {
    const customer = await factories.customer();
    const [adminSocket, agentSocket, customerSocket] = await Promise.all([sockets.connect(admin), sockets.connect(agent), sockets.connect(customer)]);
    const failing = await receiver();
    failing.respond = (_, res) => res.writeHead(500).end();
    const endpoint = await createEndpoint(failing.url, ['ticket.created']);
    await desk.createTicket(customer);

    const pushed = await adminSocket.next('notification:created', (n) => n.kind === 'webhook_disabled' && n.body.includes(failing.url), 30_000);
    expect((await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body).toMatchObject({ active: false, disabledReason: 'failing' });
    const stored = (await app.http.get('/api/notifications?unread=true', { token: admin.token })).body.data.find((n: { id: number }) => n.id === pushed.id);
    expect(pushed).toEqual(stored);
    expect(pushed).toMatchObject({ kind: 'webhook_disabled', title: 'Webhook endpoint disabled', ticketId: null, ticketNumber: null, readAt: null });

    await settle(700);
    for (const socket of [agentSocket, customerSocket]) expect(socket.received('notification:created').filter((n) => n.kind === 'webhook_disabled')).toEqual([]);
    expect(adminSocket.received('notification:created').filter((n) => n.kind === 'webhook_disabled')).toHaveLength(1);
  }, 40_000);
});
