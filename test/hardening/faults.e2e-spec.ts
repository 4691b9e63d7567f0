import { randomBytes } from 'node:crypto';
import { Factories, Person } from '../support/factories';
import { HttpResponse } from '../support/http';
import { connectSocket, describeWithPostgres, ownDatabase, RecordingSocket, settle, TEST_REDIS_URL } from '../support/socket';
import { NetworkMode, TcpProxy } from '../support/tcp-proxy';
import { startTestApp, TestApp } from '../support/test-app';
import { expectSurfaceError } from './support/surfaces';

/**
 * Redis or PostgreSQL stops answering — frozen (bytes
 * held, then delivered) or silently dropped (bytes gone, connections dead for
 * good, no reset) — behind a TCP proxy the test controls, with two instances.
 * Every request answers within a bound meanwhile, and both instances recover
 * once the network passes again, without a restart.
 */
const FAULT_MS = 2_500;

async function timed(request: () => Promise<HttpResponse>): Promise<{ res: HttpResponse; ms: number }> {
  const started = Date.now();
  const res = await request();
  return { res, ms: Date.now() - started };
}

/** Polls `check` until it holds (recovery), failing after `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await settle(100);
  }
}

describeWithPostgres('faults: Redis and PostgreSQL that stop answering, two instances', () => {
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await ownDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  describe('Redis', () => {
    const BOUND_MS = 1_500;
    /** How long a reply may take to reach the delivering instance's sockets while Redis is away (the first waits out the command timeout). */
    const LOCAL_MS = 3_000;
    let proxy: TcpProxy;
    let instances: TestApp[];
    let factories: Factories;
    let customer: Person;
    let admin: Person;
    const sockets: RecordingSocket[] = [];

    beforeAll(async () => {
      const redis = new URL(TEST_REDIS_URL);
      proxy = await TcpProxy.start({ host: redis.hostname, port: Number(redis.port || 6379) });
      const env = {
        DATABASE_URL: db.url,
        REDIS_URL: proxy.via(TEST_REDIS_URL),
        REDIS_KEY_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
        REDIS_COMMAND_TIMEOUT_MS: '300',
        HEALTH_TIMEOUT_MS: '1000',
        RATE_LIMIT_ENABLED: 'true',
        RATE_LIMIT_CREATE: '1000',
        OUTBOX_MAX_ATTEMPTS: '100',
      };
      // Only the first instance delivers events, so which sockets get them while Redis is away is known.
      instances = [await startTestApp(env), await startTestApp({ ...env, OUTBOX_DISPATCH: 'false' })];
      factories = new Factories(instances[0]);
      [customer, admin] = [await factories.customer(), await factories.admin()];
    });
    afterEach(() => sockets.splice(0).forEach((s) => s.close()));
    afterAll(async () => {
      proxy.set('pass');
      await Promise.all(instances.map((app) => app.close()));
      await proxy.close();
    });

    it.each<NetworkMode>(['freeze', 'drop'])('%s: every request answers in time, readiness says degraded, realtime goes on locally and catches up after', async (mode) => {
      const [a, b] = instances;
      const ticket = await a.http.post('/api/support-tickets', { subject: 'Charged twice', description: 'Please refund the second charge' }, { token: customer.token });
      expect(ticket.status).toBe(201);
      const ticketId = ticket.body.data.id;
      const [local, listener] = [await connectSocket(a.url, { token: customer.token }), await connectSocket(b.url, { token: customer.token })];
      sockets.push(local, listener);
      for (const socket of [local, listener]) expect(await socket.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });
      const sentDuring = (socket: RecordingSocket, n: number) => socket.received('support:message_created').filter((p) => JSON.stringify(p).includes(`During the ${mode} #${n}"`));

      proxy.set(mode);
      const faultEnds = Date.now() + FAULT_MS;
      let sent = 0;
      while (Date.now() < faultEnds) {
        for (const app of instances) {
          const calls = await Promise.all([
            timed(() => app.http.get('/api/auth/me', { token: customer.token })),
            timed(() => app.http.get(`/api/support-tickets/${ticketId}`, { token: customer.token })),
            timed(() => app.http.get('/health/ready')),
          ]);
          for (const { res, ms } of calls) {
            expect({ status: res.status, inTime: ms < BOUND_MS }).toEqual({ status: 200, inTime: true });
          }
        }
        const reply = await timed(() => a.http.post(`/api/support-tickets/${ticketId}/messages`, { message: `During the ${mode} #${++sent}` }, { token: admin.token }));
        expect({ status: reply.res.status, inTime: reply.ms < BOUND_MS }).toEqual({ status: 201, inTime: true });
        await settle(200);
      }
      const ready = await b.http.get('/health/ready');
      expect(ready.body.info.redis).toEqual({ status: 'up', degraded: true });
      expect(ready.body.info.database).toEqual({ status: 'up' });
      // Degraded to one instance: the sockets of the instance that delivers get every reply while Redis is still away,
      // in order, none held back behind an earlier event of the ticket that Redis did not take.
      for (let n = 1; n <= sent; n++) await local.next('support:message_created', (p) => JSON.stringify(p).includes(`During the ${mode} #${n}"`), LOCAL_MS);
      const order = local.received('support:message_created').map((p) => Number(/During the \w+ #(\d+)"/.exec(JSON.stringify(p))?.[1]));
      expect(order).toEqual(Array.from({ length: sent }, (_, i) => i + 1));

      proxy.set('pass');
      for (const app of instances) {
        await eventually(async () => (await app.http.get('/health/ready')).body.info.redis.degraded === false, 10_000, 'Redis back in readiness');
      }
      // Every reply sent during the fault reaches the socket on the other instance once Redis is back.
      for (let n = 1; n <= sent; n++) await listener.next('support:message_created', (p) => JSON.stringify(p).includes(`During the ${mode} #${n}"`), 15_000);
      const after = await a.http.post(`/api/support-tickets/${ticketId}/messages`, { message: `After the ${mode}` }, { token: admin.token });
      expect(after.status).toBe(201);
      for (const socket of [local, listener]) await socket.next('support:message_created', (p) => JSON.stringify(p).includes(`After the ${mode}`), 10_000);
      // What the local sockets got while Redis was away is not delivered to them again when it is sent to the others.
      for (let n = 1; n <= sent; n++) {
        const [near, far] = [sentDuring(local, n).length, sentDuring(listener, n).length];
        expect({ n, near, reachedFar: far >= 1 }).toEqual({ n, near: 1, reachedFar: true });
      }
    }, 60_000);
  });

  describe('PostgreSQL', () => {
    const BOUND_MS = 3_000;
    let proxy: TcpProxy;
    let instances: TestApp[];
    let customer: Person;
    let agent: Person;
    let munchTicket: number;

    beforeAll(async () => {
      const postgres = new URL(db.url);
      proxy = await TcpProxy.start({ host: postgres.hostname, port: Number(postgres.port || 5432) });
      const env = {
        DATABASE_URL: proxy.via(db.url),
        DATABASE_POOL_SIZE: '3',
        DATABASE_CONNECT_TIMEOUT_MS: '700',
        DATABASE_QUERY_TIMEOUT_MS: '700',
        HEALTH_TIMEOUT_MS: '1000',
        OUTBOX_DISPATCH: 'false',
      };
      instances = [await startTestApp(env), await startTestApp(env)];
      const factories = new Factories(instances[0]);
      [customer, agent] = [await factories.customer(), await factories.agent()];
      const order = await factories.order(customer.user.id, 'munch');
      const created = await instances[0].http.post('/api/customer/munch/support/ticket', { orderId: order.id, issueType: 'OTHER', description: 'Where is my food?' }, { token: customer.token });
      expect(created.status).toBe(200);
      munchTicket = created.body.data.ticketId;
    });
    afterAll(async () => {
      proxy.set('pass');
      await Promise.all(instances.map((app) => app.close()));
      await proxy.close();
    });

    const requests = () => [
      { path: '/api/auth/me', token: customer.token },
      { path: '/api/support-tickets', token: customer.token },
      { path: '/api/agent/tickets/', token: agent.token },
      { path: `/api/customer/munch/support/ticket/${munchTicket}/status`, token: customer.token },
    ];

    it.each<NetworkMode>(['freeze', 'drop'])('%s: 503 with Retry-After in each surface’s format, readiness answers in time, then recovery', async (mode) => {
      proxy.set(mode);
      const faultEnds = Date.now() + FAULT_MS;
      while (Date.now() < faultEnds) {
        for (const app of instances) {
          const calls = await Promise.all(requests().map(async ({ path, token }) => ({ path, ...(await timed(() => app.http.get(path, { token }))) })));
          for (const { path, res, ms } of calls) {
            expect({ path, status: res.status, inTime: ms < BOUND_MS }).toEqual({ path, status: 503, inTime: true });
            expect(res.headers.get('retry-after')).toBe('5');
            expectSurfaceError(path, res, 503);
          }
          const ready = await timed(() => app.http.get('/health/ready'));
          expect({ status: ready.res.status, inTime: ready.ms < 1_500 }).toEqual({ status: 503, inTime: true });
        }
      }

      proxy.set('pass');
      for (const app of instances) {
        await eventually(async () => (await app.http.get('/health/ready')).status === 200, 10_000, 'readiness after the fault');
        await eventually(async () => {
          const answers = await Promise.all(requests().map(({ path, token }) => app.http.get(path, { token })));
          return answers.every((res) => res.status === 200);
        }, 10_000, 'every surface after the fault');
      }
    }, 60_000);
  });
});
