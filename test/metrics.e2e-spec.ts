import { DataSource } from 'typeorm';
import { countRoutedAssignment, countWebhookDelivery } from '@mm/core';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { connectSocket } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';

const METRICS_TOKEN = 'scrape-token-for-the-e2e-suite';

/** The value of one sample line of a Prometheus text exposition (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[3] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[4]);
  }
  return undefined;
}

/** `GET /metrics` (SPEC 7.7): Prometheus text behind METRICS_TOKEN, bounded labels. */
describe('GET /metrics', () => {
  const { app, factories } = useTestApp({ env: { METRICS_TOKEN } });
  let admin: Person;
  const scrape = async () => {
    const response = await app.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text;
  };

  beforeAll(async () => {
    admin = await factories.admin();
  });

  it('refuses a missing or wrong token with 401, in Prometheus text with the right one', async () => {
    expect((await app.http.get('/metrics')).status).toBe(401);
    expect((await app.http.get('/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await app.http.get('/metrics', { token: admin.token })).status).toBe(401); // a user's JWT is not the scrape token
    const response = await app.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('# TYPE mm_http_request_duration_seconds histogram');
  });

  it('times requests by route template and status, never by raw path', async () => {
    const customer = await factories.customer();
    const ticket = await factories.ticket(customer);
    for (let i = 0; i < 3; i++) expect((await app.http.get(`/api/desk/tickets/${ticket.id}`, { token: admin.token })).status).toBe(200);
    expect((await app.http.get('/api/desk/tickets/2147483000', { token: admin.token })).status).toBe(404);
    expect((await app.http.get(`/no/such/route/${ticket.id}`)).status).toBe(404);

    const text = await scrape();
    expect(sample(text, 'mm_http_request_duration_seconds_count', { method: 'GET', route: '/api/desk/tickets/:id', status_code: '200' })).toBe(3);
    expect(sample(text, 'mm_http_request_duration_seconds_count', { method: 'GET', route: '/api/desk/tickets/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'mm_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(`/api/desk/tickets/${ticket.id}"`);
    expect(text).not.toContain('/no/such/route');
  });

  it('reports the outbox backlog and its oldest age, the pool, sockets, the event loop and memory', async () => {
    const db = app.running.app.get(DataSource);
    const customer = await factories.customer();
    const ticket = await factories.ticket(customer);
    // An event due in an hour stays undelivered: the backlog holds it, and its age is at least 2 minutes.
    await db.query(
      `INSERT INTO outbox_events (type, ticket_id, payload, created_at, available_at) VALUES ('ticket.updated', $1, '{}'::jsonb, now() - interval '2 minutes', now() + interval '1 hour')`,
      [ticket.id],
    );
    const socket = await connectSocket(app.url, { token: customer.token });
    try {
      const text = await scrape();
      expect(sample(text, 'mm_outbox_pending_events')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'mm_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(120);
      expect(sample(text, 'mm_outbox_parked_events')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'mm_db_pool_connections_in_use')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'mm_db_pool_waiting')).toBe(0);
      expect(sample(text, 'mm_socket_connections')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'mm_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'mm_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    } finally {
      socket.close();
      await db.query(`DELETE FROM outbox_events WHERE ticket_id = $1 AND payload = '{}'::jsonb`, [ticket.id]);
    }
  });

  it('exposes the counters that webhooks, SLA breaches and routing increment', async () => {
    const before = await scrape();
    const delivered = sample(before, 'mm_webhook_deliveries_total', { result: 'delivered' }) ?? 0;
    countWebhookDelivery('delivered');
    countWebhookDelivery('parked');
    countRoutedAssignment('round_robin');
    const after = await scrape();
    expect(sample(after, 'mm_webhook_deliveries_total', { result: 'delivered' })).toBe(delivered + 1);
    expect(sample(after, 'mm_webhook_deliveries_total', { result: 'parked' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'mm_routed_assignments_total', { strategy: 'round_robin' })).toBeGreaterThanOrEqual(1);
    expect(after).toContain('# TYPE mm_sla_breaches_total counter');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN: '' });
  });
  afterAll(() => app?.close());

  it('is 404, whatever the header', async () => {
    expect((await app.http.get('/metrics')).status).toBe(404);
    expect((await app.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });
});
