import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { Factories } from './support/factories';
import { startServiceProcess, ServiceProcess } from './support/service-process';
import { describeWithPostgres, ownDatabase, RecordingSocket, recordSyntheticEvent, settle, TEST_REDIS_URL } from './support/socket';
import { Sockets } from './support/harness';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Two real service processes on different ports sharing PostgreSQL and Redis:
 * only instance A dispatches, so everything a socket on instance B receives
 * crossed over the socket.io Redis adapter.
 */
describeWithPostgres('realtime across instances (Redis adapter)', () => {
  let db: { url: string; drop(): Promise<void> };
  let helper: TestApp;
  let factories: Factories;
  let a: ServiceProcess;
  let b: ServiceProcess;
  const sockets = new Sockets();

  beforeAll(async () => {
    db = await ownDatabase();
    const shared = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-test-${randomBytes(4).toString('hex')}` };
    // In this process: factories (users, tokens) only; it never dispatches.
    helper = await startTestApp({ ...shared, OUTBOX_DISPATCH: 'false' });
    factories = new Factories(helper);
    [a, b] = await Promise.all([startServiceProcess({ ...shared, OUTBOX_DISPATCH: 'true' }), startServiceProcess({ ...shared, OUTBOX_DISPATCH: 'false' })]);
  }, 120_000);
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await helper?.close();
    await db?.drop();
  });

  const connect = (url: string, token: string) => sockets.connect(token, { url });

  it('runs on different ports', () => {
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
  });

  it('delivers an event dispatched by instance A to sockets held by instance B (user rooms and ticket rooms)', async () => {
    const customer = await factories.customer({ locale: 'fr' });
    const admin = await factories.admin();
    const ticket = await factories.ticket(customer);
    const customerOnB = await connect(b.url, customer.token);
    const adminOnB = await connect(b.url, admin.token);
    expect(await adminOnB.emitWithAck('join', { ticketId: ticket.id })).toMatchObject({ ok: true });
    const adminOnA = await connect(a.url, admin.token);

    await recordSyntheticEvent(helper, 'ticket.status_changed', { ...ticket, status: 'in_progress' }, admin, { from: 'open', to: 'in_progress' });
    expect(await customerOnB.next('support:ticket_updated')).toMatchObject({ ticketId: ticket.id, status: 'in_progress' });
    expect(await customerOnB.next('notification:created')).toMatchObject({ locale: 'fr', title: `Ticket ${ticket.ticketNumber} mis à jour` });
    expect(await adminOnB.next('support:ticket_updated')).toMatchObject({ ticketId: ticket.id });
    expect(await adminOnA.next('support:ticket_updated')).toMatchObject({ ticketId: ticket.id });

    await recordSyntheticEvent(helper, 'note.created', { ...ticket, status: 'in_progress' }, admin, { noteId: 1 });
    expect(await adminOnB.next('support:note_created')).toMatchObject({ ticketId: ticket.id, noteId: 1 });
    await settle();
    expect(customerOnB.received('support:note_created')).toEqual([]);
    expect(customerOnB.received('support:ticket_updated')).toHaveLength(1);
  });

  it('carries a request on one instance to the customer socket on the other (munch create on A, escalate on B)', async () => {
    const customer = await factories.customer();
    const order = await factories.order(customer.user.id, 'munch');
    const onB = await connect(b.url, customer.token);
    const created = await a.http.post(
      '/api/customer/munch/support/ticket',
      { orderId: order.id, issueType: 'DELIVERY_ISSUE', description: 'The order never arrived at my door' },
      { token: customer.token },
    );
    expect(created.status).toBe(200);
    const { ticketId, ticketNumber } = created.body.data;
    expect(await onB.next('support:ticket:created')).toEqual({ ticketId, ticketNumber, status: 'open', customerId: String(customer.user.id) });

    const escalated = await b.http.put('/api/customer/munch/support/ticket/escalate', { ticketId }, { token: customer.token });
    expect(escalated.status).toBe(200);
    expect(await onB.next('support:ticket:escalated')).toEqual({ ticketId, ticketNumber, status: 'escalated', customerId: String(customer.user.id) });
  });

  it('answers the notification API on either instance', async () => {
    const customer = await factories.customer();
    const ticket = await factories.ticket(customer);
    await recordSyntheticEvent(helper, 'ticket.created', ticket, customer);
    const deadline = Date.now() + 10_000;
    let total = 0;
    while (total === 0 && Date.now() < deadline) {
      total = (await b.http.get('/api/notifications', { token: customer.token })).body.meta.total;
      if (total === 0) await settle(100);
    }
    expect(total).toBe(1);
    expect((await a.http.get('/api/notifications', { token: customer.token })).body.meta.total).toBe(1);
  });

  it('recovers missed events through the Redis streams adapter after a reconnect', async () => {
    const customer = await factories.customer();
    const ticket = await factories.ticket(customer);
    const socket = new RecordingSocket(io(b.url, { transports: ['websocket'], auth: { token: customer.token }, reconnectionDelay: 1500, reconnectionDelayMax: 1500, forceNew: true }));
    sockets.track(socket);
    await socket.next('session:ready');
    const reconnected = new Promise<void>((resolve) => socket.socket.io.once('reconnect', () => resolve()));
    socket.socket.io.engine.close();
    await recordSyntheticEvent(helper, 'ticket.created', ticket, customer);
    await reconnected;
    expect(await socket.next('support:ticket_updated')).toMatchObject({ ticketId: ticket.id, change: 'created' });
    expect(socket.socket.recovered).toBe(true);
  });
});
