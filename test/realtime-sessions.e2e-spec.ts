import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { RecordingSocket, settle, TEST_REDIS_URL } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A recovered socket session (`pid` + `offset`) is restored
 * only for the user who owned it and only with rooms that user may still be
 * in; otherwise the socket starts fresh. Socket events count against the
 * HTTP rate limits, per socket and per user, across instances.
 */
describe('realtime: socket sessions and event limits', () => {
  const { app, factories, desk, sockets, databaseUrl } = useTestApp({ ownDatabase: true, env: { OUTBOX_POLL_MS: '50' } });

  /** The session a client would resume with, then a network drop (the server keeps the session for recovery). */
  async function drop(socket: RecordingSocket): Promise<{ pid: string; offset: string }> {
    const client = socket.socket as unknown as { _pid: string; _lastOffset: string };
    const session = { pid: client._pid, offset: client._lastOffset };
    expect(session.pid).toEqual(expect.any(String));
    socket.socket.io.engine.close();
    await settle(200);
    return session;
  }

  /** Reconnects with `token` and the given session, as socket.io-client does after a drop. */
  async function resume(token: string, session: { pid: string; offset: string }): Promise<RecordingSocket> {
    const socket = new RecordingSocket(io(app.url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token, ...session } }));
    sockets.track(socket);
    await socket.next('session:ready');
    return socket;
  }

  const openTicket = (customer: Person) => desk.openTicket(customer, { subject: 'Charged twice', description: 'Please refund the second charge' });

  it("does not restore a ticket room the agent lost while away: no missed messages or notes, no live events, a fresh session", async () => {
    const [customer, agent, colleague, admin] = [await factories.customer(), await factories.agent(), await factories.agent(), await factories.admin()];
    const ticketId = await openTicket(customer);
    const watcher = await sockets.connect(admin);
    expect(await watcher.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });
    const away = await sockets.connect(agent);
    expect(await away.emitWithAck('join', { ticketId })).toMatchObject({ ok: true }); // the unassigned queue is readable
    const session = await drop(away);

    expect((await app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: colleague.token })).status).toBe(200);
    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Any news?' }, { token: customer.token })).status).toBe(201);
    expect((await app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Refund approved by finance' }, { token: colleague.token })).status).toBe(201);
    await watcher.next('support:note_created');
    expect((await app.http.get(`/api/support-tickets/${ticketId}`, { token: agent.token })).status).toBe(403);

    const back = await resume(agent.token, session);
    expect(back.received('session:ready')).toEqual([{ userId: agent.user.id, role: 'agent', recovered: false }]);
    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Hello?' }, { token: customer.token })).status).toBe(201);
    await watcher.next('support:message_created', (p) => JSON.stringify(p).includes('Hello?'));
    await settle(300);
    expect(back.events.map((e) => e.name).filter((name) => name !== 'session:ready' && name !== 'notification:created')).toEqual([]);
    expect(JSON.stringify(back.events)).not.toContain('Refund approved');
  });

  it("does not give a socket another user's session, whatever pid and offset it sends", async () => {
    const [victim, attacker, admin] = [await factories.customer(), await factories.customer(), await factories.admin()];
    const ticketId = await openTicket(victim);
    const victimSocket = await sockets.connect(victim);
    expect(await victimSocket.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });
    const watcher = await sockets.connect(admin);
    expect(await watcher.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });
    const session = await drop(victimSocket);

    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Your refund of 42 EUR is on its way' }, { token: admin.token })).status).toBe(201);
    await watcher.next('support:message_created');

    const stolen = await resume(attacker.token, session);
    expect(stolen.received('session:ready')).toEqual([{ userId: attacker.user.id, role: 'customer', recovered: false }]);
    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'And a voucher' }, { token: admin.token })).status).toBe(201);
    await watcher.next('support:message_created', (p) => JSON.stringify(p).includes('voucher'));
    await settle(300);
    expect(stolen.events.map((e) => e.name)).toEqual(['session:ready']);
  });

  it('still restores the owner\'s own session with its rooms and missed events', async () => {
    const [customer, admin] = [await factories.customer(), await factories.admin()];
    const ticketId = await openTicket(customer);
    const socket = await sockets.connect(customer);
    expect(await socket.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });
    const watcher = await sockets.connect(admin);
    expect(await watcher.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });
    const session = await drop(socket);
    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Missed reply' }, { token: admin.token })).status).toBe(201);
    await watcher.next('support:message_created');

    const back = await resume(customer.token, session);
    expect(back.received('session:ready')).toEqual([{ userId: customer.user.id, role: 'customer', recovered: true }]);
    await back.next('support:message_created', (p) => JSON.stringify(p).includes('Missed reply'));
  });

  describe('event limits, two instances sharing Redis', () => {
    const PER_USER = 12;
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      const env = { DATABASE_URL: databaseUrl(), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `limits-${randomBytes(4).toString('hex')}`, RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_USER: String(PER_USER), RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_CREATE: '100000' };
      [first, second] = [await startTestApp(env), await startTestApp(env)];
    });
    afterAll(async () => {
      sockets.closeAll();
      await first?.close();
      await second?.close();
    });

    it("limits a user's socket events across sockets and instances, with the HTTP counter, and nobody else's", async () => {
      const [flooder, bystander] = [await factories.customer(), await factories.customer()];
      const ticketId = await openTicket(flooder);
      const [a, b, other] = [await sockets.connect(flooder, { url: first.url }), await sockets.connect(flooder, { url: second.url }), await sockets.connect(bystander, { url: first.url })];
      const acks = [];
      for (let i = 0; i < PER_USER + 4; i++) acks.push(await (i % 2 ? a : b).emitWithAck('join', { ticketId }));
      expect(acks.slice(0, PER_USER).every((ack) => ack.ok)).toBe(true);
      for (const ack of acks.slice(PER_USER)) {
        expect(ack).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: 'Too many requests', retryAfter: expect.any(Number) } });
        expect(ack.error.retryAfter).toBeGreaterThanOrEqual(1);
      }
      // The same per-user budget as HTTP: the flooder's requests are refused too, a bystander's are not.
      const http = await second.http.get('/api/auth/me', { token: flooder.token });
      expect(http.status).toBe(429);
      expect((await other.emitWithAck('join', { ticketId: ticketId + 1_000_000 })).error.code).toBe('TICKET_NOT_FOUND');
      expect((await first.http.get('/api/auth/me', { token: bystander.token })).status).toBe(200);
    });
  });
});
