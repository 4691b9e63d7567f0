import { Factories } from './support/factories';
import { connectSocket, ownDatabase, RecordingSocket } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An Idempotency-Key request runs in one transaction whose commands are
 * savepoints (IdempotencyStore): its events go out right after the real
 * commit, from the dispatcher's own connection, as without the key.
 */
describe('events of an idempotent request', () => {
  let app: TestApp;
  let db: { url: string; drop(): Promise<void> };
  let socket: RecordingSocket | undefined;

  beforeAll(async () => {
    db = await ownDatabase();
    // Polling once a minute: only the commit's nudge can deliver within the test.
    app = await startTestApp({ DATABASE_URL: db.url, OUTBOX_POLL_MS: '60000' });
  });
  afterAll(async () => {
    socket?.close();
    await app.close();
    await db.drop();
  });

  it('delivers them at once after the commit, and marks them delivered', async () => {
    const customer = await new Factories(app).customer();
    socket = await connectSocket(app.url, { token: customer.token });
    const created = await app.http.post(
      '/api/support-tickets',
      { subject: 'Charged twice', description: 'Please refund the second charge' },
      { token: customer.token, headers: { 'idempotency-key': 'events-1' } },
    );
    expect(created.status).toBe(201);
    await socket.next('support:ticket_updated', (p) => p.ticket?.id === created.body.data.id || p.id === created.body.data.id || JSON.stringify(p).includes(created.body.data.ticket_number), 3_000);
    const pending = await app.http.get('/health/ready');
    expect(pending.body.info.outbox.pending).toBe(0);
  });
});
