import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Ticket } from '@mm/ticket';
import { Factories, Person } from './support/factories';
import { itWithPostgres, ownDatabase, RecordingSocket, recordSyntheticEvent, settle, TEST_REDIS_URL } from './support/socket';
import { Sockets } from './support/harness';
import { startTestApp, TestApp } from './support/test-app';

/** The outbox dispatcher: per-ticket order with several dispatchers, no concurrent double delivery, retries and parking. */
describe('outbox delivery', () => {
  let db: { url: string; drop(): Promise<void> };
  const apps: TestApp[] = [];
  const sockets = new Sockets();

  beforeAll(async () => {
    db = await ownDatabase();
  });
  afterEach(async () => {
    sockets.closeAll();
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  afterAll(() => db.drop());

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    const app = await startTestApp({ DATABASE_URL: db.url, ...env });
    apps.push(app);
    return app;
  }

  /** A customer of `app` with a socket connected and a ticket of theirs. */
  async function customerWithTicket(app: TestApp): Promise<{ customer: Person; socket: RecordingSocket; ticket: Ticket }> {
    const factories = new Factories(app);
    const customer = await factories.customer();
    const socket = await sockets.connect(customer, { url: app.url });
    return { customer, socket, ticket: await factories.ticket(customer) };
  }

  async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await settle(50);
    }
  }

  itWithPostgres('delivers every event once and in commit order per ticket while two instances dispatch at once', async () => {
    const redis = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    const first = await start(redis);
    const second = await start(redis);
    const factories = new Factories(first);
    const customer = await factories.customer();
    // One socket on each instance: each gets some events from its own dispatcher and some through the stream.
    const onBoth = await Promise.all([first, second].map((app) => sockets.connect(customer, { url: app.url })));
    const tickets = await Promise.all([1, 2, 3].map(() => factories.ticket(customer)));

    const perTicket = 15;
    for (let step = 1; step <= perTicket; step++) {
      await Promise.all(tickets.map((t) => recordSyntheticEvent(first, 'ticket.updated', t, customer, { changes: { step: { from: step - 1, to: step } } })));
    }
    const total = perTicket * tickets.length;
    for (const socket of onBoth) {
      await socket.next('support:ticket_updated', () => socket.received('support:ticket_updated').length >= total, 15_000);
    }
    await settle(300);

    for (const socket of onBoth) {
      const updates = socket.received('support:ticket_updated');
      expect(updates).toHaveLength(total);
      expect(new Set(updates.map((u) => u.eventId)).size).toBe(total);
      for (const ticket of tickets) {
        const steps = updates.filter((u) => u.ticketId === ticket.id).map((u) => u.details.changes.step.to);
        expect(steps).toEqual(Array.from({ length: perTicket }, (_, i) => i + 1));
      }
    }
    const rows = await waitFor(async () => {
      const found: { attempts: number; delivered: boolean }[] = await first.running.app
        .get(DataSource)
        .query('SELECT attempts, delivered_at IS NOT NULL AS delivered FROM outbox_events WHERE ticket_id = ANY($1)', [tickets.map((t) => t.id)]);
      return found.every((r) => r.delivered) ? found : undefined;
    });
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  it('retries a failing event with backoff, parks it after OUTBOX_MAX_ATTEMPTS, counts it in /health/ready, and goes on with the ticket', async () => {
    const app = await start({ OUTBOX_MAX_ATTEMPTS: '3' });
    const { customer, socket, ticket } = await customerWithTicket(app);
    const dataSource = app.running.app.get(DataSource);
    const before = (await app.http.get('/health/ready')).body.info.outbox.parked;

    // An event no consumer can handle (its ticket snapshot is missing), then a good one for the same ticket.
    const [{ id }] = await dataSource.query(`INSERT INTO outbox_events (type, ticket_id, payload) VALUES ('ticket.created', $1, '{"type":"ticket.created"}') RETURNING id`, [ticket.id]);
    await recordSyntheticEvent(app, 'ticket.status_changed', { ...ticket, status: 'in_progress' } as Ticket, customer, { from: 'open', to: 'in_progress' });

    const parked = await waitFor(async () => {
      const [row] = await dataSource.query(
        'SELECT attempts, parked_at IS NOT NULL AS parked, delivered_at, last_error, extract(epoch FROM parked_at - created_at) * 1000 AS took_ms FROM outbox_events WHERE id = $1',
        [id],
      );
      return row.parked ? row : undefined;
    });
    expect(parked).toMatchObject({ attempts: 3, delivered_at: null, last_error: expect.stringContaining('Cannot read properties of undefined') });
    // Two retries after 50 ms and 100 ms (OUTBOX_POLL_MS=50 in the tests, doubled each time).
    expect(Number(parked.took_ms)).toBeGreaterThanOrEqual(150);
    // The ticket's next event waited behind the failing one (per-ticket order), then went out.
    const update = await socket.next('support:ticket_updated', (p) => p.ticketId === ticket.id);
    expect(update).toMatchObject({ change: 'status_changed', status: 'in_progress' });

    const ready = await app.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.outbox).toEqual({ status: 'up', pending: expect.any(Number), parked: before + 1 });
  });

  itWithPostgres('analyzes the queue tables from a sample of 3,000 rows, not 30,000 (SmallAnalyzeSampleForQueues migration)', async () => {
    await start();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO outbox_events (type, payload, delivered_at) SELECT 'test.analyze', '{}', now() FROM generate_series(1, 4000)`);
      await client.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, locked_until, expires_at)
         SELECT 'test:analyze', 'key-' || n, 'hash', now(), now() + interval '1 hour' FROM generate_series(1, 4000) n`,
      );
      const sampled: Record<string, number> = {};
      client.on('notice', (notice) => {
        const found = /"(\w+)": scanned .* (\d+) rows in sample/.exec(notice.message ?? '');
        if (found) sampled[found[1]] = Number(found[2]);
      });
      await client.query('ANALYZE VERBOSE outbox_events, idempotency_keys');
      expect(sampled).toEqual({ outbox_events: 3000, idempotency_keys: 3000 });
    } finally {
      await client.end();
    }
  });

  itWithPostgres('pushes a committed change at once: the commit nudges the dispatcher, the poll is only the safety net', async () => {
    const app = await start({ OUTBOX_POLL_MS: '60000' });
    const { customer, socket, ticket } = await customerWithTicket(app);
    await settle(200); // the dispatcher's first poll, at start, is behind us: the next one is a minute away
    await recordSyntheticEvent(app, 'ticket.created', ticket, customer);
    const pushed = await socket.next('support:ticket_updated', undefined, 5_000);
    expect(pushed).toMatchObject({ ticketId: ticket.id });
  });

  itWithPostgres('keeps events of an instance that does not dispatch (OUTBOX_DISPATCH=false) until one that does delivers them', async () => {
    const writer = await start({ OUTBOX_DISPATCH: 'false' });
    const { customer, socket, ticket } = await customerWithTicket(writer);
    await recordSyntheticEvent(writer, 'ticket.created', ticket, customer);
    await settle(500);
    expect(socket.received('support:ticket_updated')).toEqual([]);
    const [row] = await writer.running.app.get(DataSource).query('SELECT delivered_at, attempts FROM outbox_events WHERE ticket_id = $1', [ticket.id]);
    expect(row).toEqual({ delivered_at: null, attempts: 0 });

    const dispatcher = await start();
    await waitFor(async () => {
      const res = await dispatcher.http.get('/api/notifications', { token: customer.token });
      return res.body.meta.total === 1 ? true : undefined;
    });
  });
});
