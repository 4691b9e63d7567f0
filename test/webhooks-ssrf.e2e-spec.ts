import { LookupAddress } from 'node:dns';
import { DataSource } from 'typeorm';
import { sendWebhook } from '@mm/webhooks';
import { Factories, Person } from './support/factories';
import { Desk } from './support/desk';
import { useTestApp } from './support/harness';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

/** A resolver that answers `addresses` for every name (what a hostile or rebinding DNS could answer). */
const resolvingTo = (...addresses: string[]) =>
  ((_host: string, _options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) =>
    callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))) as never;

/** The SSRF guard (SPEC 7.6) with WEBHOOK_ALLOW_PRIVATE_TARGETS unset: only public addresses are called. */
describe('webhooks: private targets refused', () => {
  // Other suites' events must not reach these endpoints.
  const { app } = useTestApp({ ownDatabase: true, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
  let admin: Person;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    admin = await new Factories(app).admin();
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('refuses to save an endpoint whose address is private, loopback, link-local or multicast (400 on url, nothing saved)', async () => {
    const urls = [
      receiver.url,
      'http://localhost:8080/hooks',
      'http://api.localhost/hooks',
      'http://[::1]/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://10.1.2.3/hooks',
      'http://172.16.0.9/hooks',
      'http://192.168.1.1/hooks',
      'http://169.254.169.254/latest/meta-data',
      'http://[fe80::1]/hooks',
      'http://224.0.0.1/hooks',
      'http://0.0.0.0/hooks',
    ];
    const count = async () => (await app.http.get('/api/desk/webhooks', { token: admin.token })).body.data.length;
    const before = await count();
    for (const url of urls) {
      const res = await app.http.post('/api/desk/webhooks', { url, events: ['ticket.created'] }, { token: admin.token });
      expect({ url, status: res.status, fields: Object.keys(res.body.errors ?? res.body.fields ?? {}) }).toEqual({ url, status: 400, fields: expect.arrayContaining(['url']) });
    }
    expect(await count()).toBe(before);
    expect((await app.http.post('/api/desk/webhooks', { url: 'https://93.184.215.14/hooks', events: ['ticket.created'], active: false }, { token: admin.token })).status).toBe(201);
  });

  it('checks the resolved address when it connects: a name that resolves to 127.0.0.1 now is refused, and the receiver hears nothing', async () => {
    // As if saved while the name resolved to a public address: the row is written directly.
    const port = new URL(receiver.url).port;
    const db = app.running.app.get(DataSource);
    const [{ id }] = await db.query(
      `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '{ticket.created}', 'whsec_${Buffer.alloc(32, 7).toString('base64')}') RETURNING id`,
      [`http://localhost:${port}/hooks`],
    );
    const customer = await new Factories(app).customer();
    const ticketId = await new Desk(app, new Factories(app)).createTicket(customer);
    const [delivery] = await eventually(async () => {
      const rows = (await app.http.get(`/api/desk/webhooks/${id}/deliveries`, { token: admin.token })).body.data;
      return rows[0]?.lastError ? rows : null;
    });
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: null, lastError: expect.stringMatching(/127\.0\.0\.1|::1/) });
    expect(receiver.about(ticketId)).toHaveLength(0);
    await db.query('UPDATE webhook_endpoints SET active = false WHERE id = $1', [id]);
  });

  it('refuses when any resolved address is private (DNS rebinding), and connects to what the resolver answered when allowed', async () => {
    const options = { timeoutMs: 2000, allowPrivate: false, maxResponseBytes: 65536 };
    const url = `http://partner.example.com:${new URL(receiver.url).port}/hooks`;
    const body = JSON.stringify({ type: 'ticket.created', timestamp: new Date().toISOString(), data: { id: -1 } });
    const before = receiver.received.length;
    expect(await sendWebhook(url, {}, body, { ...options, resolve: resolvingTo('127.0.0.1') })).toEqual({ status: null, error: expect.stringContaining('127.0.0.1') });
    expect(await sendWebhook(url, {}, body, { ...options, resolve: resolvingTo('93.184.215.14', '127.0.0.1') })).toEqual({ status: null, error: expect.stringContaining('127.0.0.1') });
    expect(await sendWebhook(url, {}, body, { ...options, resolve: resolvingTo('::ffff:10.0.0.1') })).toEqual({ status: null, error: expect.stringContaining('10.0.0.1') });
    expect(await sendWebhook(receiver.url, {}, body, options)).toEqual({ status: null, error: expect.stringContaining('127.0.0.1') });
    expect(receiver.received.length).toBe(before);
    expect(await sendWebhook(url, {}, body, { ...options, allowPrivate: true, resolve: resolvingTo('127.0.0.1') })).toEqual({ status: 200, error: null });
    expect(receiver.received.length).toBe(before + 1);
  });
});
