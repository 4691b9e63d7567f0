import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Factories } from './support/factories';
import { startServiceProcess, ServiceProcess } from './support/service-process';
import { connectSocket, describeWithPostgres, ownDatabase, RecordingSocket, settle, TEST_REDIS_URL } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Crash safety: the event of a committed change survives the process being
 * killed before delivery. Instance 1 holds delivery (OUTBOX_DISPATCH=false),
 * commits a ticket and is killed with SIGKILL; instance 2 starts and delivers.
 * The customer's socket lives on a third instance (this process), so it sees
 * the event cross the Redis adapter whenever it is delivered.
 */
describeWithPostgres('outbox: crash between commit and delivery', () => {
  let db: { url: string; drop(): Promise<void> };
  let listener: TestApp;
  let factories: Factories;
  let shared: Record<string, string>;
  const processes: ServiceProcess[] = [];
  let socket: RecordingSocket | undefined;

  beforeAll(async () => {
    db = await ownDatabase();
    shared = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    listener = await startTestApp({ ...shared, OUTBOX_DISPATCH: 'false' });
    factories = new Factories(listener);
  });
  afterAll(async () => {
    socket?.close();
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await listener?.close();
    await db?.drop();
  });

  it('delivers the event after a restart when the process was killed after commit and before delivery', async () => {
    const customer = await factories.customer();
    const order = await factories.order(customer.user.id, 'munch');
    socket = await connectSocket(listener.url, { token: customer.token });
    const dataSource = listener.running.app.get(DataSource);

    const first = await startServiceProcess({ ...shared, OUTBOX_DISPATCH: 'false' });
    processes.push(first);
    const created = await first.http.post(
      '/api/customer/munch/support/ticket',
      { orderId: order.id, issueType: 'PAYMENT_ISSUE', description: 'I was charged twice for this order' },
      { token: customer.token },
    );
    expect(created.status).toBe(200);
    const ticketId = created.body.data.ticketId;
    const pending = await dataSource.query('SELECT type, delivered_at FROM outbox_events WHERE ticket_id = $1', [ticketId]);
    expect(pending).toEqual([{ type: 'ticket.created', delivered_at: null }]);

    await first.stop('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    // A poison event is parked (and logged) by the restarted instance without holding the good one back.
    await dataSource.query(`INSERT INTO outbox_events (type, ticket_id, payload) VALUES ('ticket.created', NULL, '{"type":"ticket.created"}')`);
    await settle(300);
    expect(socket.received('support:ticket:created')).toEqual([]);

    const second = await startServiceProcess({ ...shared, OUTBOX_DISPATCH: 'true', OUTBOX_MAX_ATTEMPTS: '2' });
    processes.push(second);
    expect(await socket.next('support:ticket:created', undefined, 15_000)).toEqual({
      ticketId,
      ticketNumber: created.body.data.ticketNumber,
      status: 'open',
      customerId: String(customer.user.id),
    });
    expect(await socket.next('notification:created')).toMatchObject({ kind: 'ticket_created', ticketId });
    const deadline = Date.now() + 15_000;
    const delivered = async () => (await dataSource.query('SELECT 1 FROM outbox_events WHERE ticket_id = $1 AND delivered_at IS NOT NULL', [ticketId])).length === 1;
    while (!(await delivered()) && Date.now() < deadline) await settle(50);
    expect(await delivered()).toBe(true);

    while (!/parked after 2 failed attempts/.test(second.output()) && Date.now() < deadline) await settle(100);
    expect(second.output()).toMatch(/Outbox event \d+ parked after 2 failed attempts/);
    expect((await second.http.get('/health/ready')).body.info.outbox.parked).toBe(1);
  });
});
