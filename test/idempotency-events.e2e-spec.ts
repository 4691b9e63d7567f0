import { Factories } from './support/factories';
import { useTestApp } from './support/harness';
import { connectSocket, RecordingSocket } from './support/socket';

/**
 * An Idempotency-Key request runs in one transaction whose commands are
 * savepoints (IdempotencyStore): its events go out right after the real
 * commit, from the dispatcher's own connection, as without the key.
 */
describe('events of an idempotent request', () => {
  const { app } = useTestApp({ ownDatabase: true, env: { OUTBOX_POLL_MS: '60000' } });
  let socket: RecordingSocket | undefined;

  beforeAll(async () => {
    // Polling once a minute: only the commit's nudge can deliver within the test.
  });
  afterAll(async () => {
    socket?.close();
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
