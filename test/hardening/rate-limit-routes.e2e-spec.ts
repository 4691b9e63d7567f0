import { randomBytes } from 'node:crypto';
import { Factories, Person } from '../support/factories';
import { useTestApp } from '../support/harness';
import { HttpResponse } from '../support/http';
import { itWithPostgres, redisAnswers, TEST_REDIS_URL } from '../support/socket';
import { startTestApp, TestApp } from '../support/test-app';
import { expectSurfaceError } from './support/surfaces';

/**
 * SPEC section 6 and issue 7: rate limits per user and per IP on every route,
 * stricter on creates (and on login: test/auth-rate-limit.e2e-spec.ts),
 * 429 with Retry-After in each surface's own format, shared by instances
 * through Redis, off with RATE_LIMIT_ENABLED=false. The e2e setup turns them
 * off; these apps turn them on with small limits.
 */
const PER_USER = 6;
const PER_IP = 10;
const CREATES = 3;
const env = {
  RATE_LIMIT_ENABLED: 'true',
  // The test client stands in for a load balancer on loopback, so X-Forwarded-For picks the client IP.
  TRUST_PROXY: '127.0.0.1',
  RATE_LIMIT_PER_USER: String(PER_USER),
  RATE_LIMIT_PER_IP: String(PER_IP),
  RATE_LIMIT_CREATE: String(CREATES),
  RATE_LIMIT_WINDOW_SECONDS: '60',
  REDIS_URL: '',
};

/** Each test sends from addresses of its own (the app trusts X-Forwarded-For, as behind a load balancer). */
const newIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

function expectLimited(path: string, res: HttpResponse): void {
  expectSurfaceError(path, res, 429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

/** One read of each surface (and of the routes in the default format), all allowed for a customer. */
const READS = [
  '/api/support-tickets',
  '/api/support/tickets',
  '/api/customer/munch/support/ticket/1/status',
  '/api/customer/mtxi/support/1',
  '/api/customer/mtables/support/tickets/1',
  '/api/customer/rewards',
  '/api/auth/me',
  '/api/notifications',
];

describe('hardening: rate limits on every route', () => {
  const { app, factories } = useTestApp({ env });
  const get = (target: TestApp, path: string, ip: string, who?: Person) => target.http.get(path, { token: who?.token, headers: { 'x-forwarded-for': ip } });

  it('counts each user across every route and answers 429 with Retry-After in each surface’s format', async () => {
    const customer = await factories.customer();
    for (let i = 0; i < PER_USER; i++) expect((await get(app, READS[i % READS.length], newIp(), customer)).status).toBeLessThan(429);
    // Over the user's limit wherever the request comes from and whichever surface it reaches.
    for (const path of READS) expectLimited(path, await get(app, path, newIp(), customer));

    const other = await factories.customer();
    expect((await get(app, '/api/support-tickets', newIp(), other)).status).toBe(200);
  });

  it('counts each IP across every route, with or without a token (limited before authentication)', async () => {
    const ip = newIp();
    const people = [await factories.customer(), await factories.agent()];
    for (let i = 0; i < PER_IP; i++) expect((await get(app, '/api/support/faq', ip, i % 3 === 2 ? undefined : people[i % 2])).status).toBe(200);

    expectLimited('/api/support/faq', await get(app, '/api/support/faq', ip));
    expectLimited('/api/support-tickets', await get(app, '/api/support-tickets', ip)); // no token: 429, not 401
    expectLimited('/api/agent/tickets', await get(app, '/api/agent/tickets', ip, people[1]));
    expectLimited('/health/live', await get(app, '/health/live', ip));

    expect((await get(app, '/api/support/faq', newIp())).status).toBe(200);
    expect((await get(app, '/api/support-tickets', newIp())).status).toBe(401);
  });

  it('is stricter on creates: POSTs per user, and per IP without a token', async () => {
    const customer = await factories.customer();
    const ticket = { subject: 'Charged twice', description: 'I was charged twice for one order', category: 'Quality' };
    for (let i = 0; i < CREATES; i++) {
      const res = await app.http.post('/api/support/tickets/create/', ticket, { token: customer.token, headers: { 'x-forwarded-for': newIp() } });
      expect(res.status).toBe(201);
    }
    const path = '/api/support-tickets';
    expectLimited(path, await app.http.post(path, { subject: 'Again', description: 'Still charged twice for one order' }, { token: customer.token, headers: { 'x-forwarded-for': newIp() } }));
    // Reads have their own, larger allowance.
    expect((await get(app, '/api/support/tickets', newIp(), customer)).status).toBe(200);

    const ip = newIp();
    const register = () =>
      app.http.post('/api/auth/register', { email: `rl-${randomBytes(5).toString('hex')}@example.test`, password: 'long enough password', name: 'R L' }, { headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < CREATES; i++) expect((await register()).status).toBe(201);
    expectLimited('/api/auth/register', await register());
  });

  // Two apps at once need a real PostgreSQL (the embedded one serves one connection).
  itWithPostgres('limits nothing with RATE_LIMIT_ENABLED=false', async () => {
    const unlimited = await startTestApp({ ...env, RATE_LIMIT_ENABLED: 'false' });
    try {
      const customer = await new Factories(unlimited).customer();
      const ip = newIp();
      for (let i = 0; i < PER_IP + 2; i++) expect((await get(unlimited, '/api/support-tickets', ip, customer)).status).toBe(200);
      for (let i = 0; i < CREATES + 1; i++) {
        expect((await unlimited.http.post('/api/support-tickets', { subject: 'S', description: 'Described at length' }, { token: customer.token, headers: { 'x-forwarded-for': ip } })).status).toBe(201);
      }
    } finally {
      await unlimited.close();
    }
  });

  itWithPostgres('shares the counters of two instances through Redis', async () => {
    if (!(await redisAnswers(TEST_REDIS_URL))) {
      if (process.env.CI) throw new Error(`No Redis at ${TEST_REDIS_URL}`);
      process.stdout.write(`No Redis at ${TEST_REDIS_URL}: the shared-counter case is not run.\n`);
      return;
    }
    const shared = { ...env, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: `mm-rl-${randomBytes(4).toString('hex')}` };
    const [first, second] = [await startTestApp(shared), await startTestApp(shared)];
    try {
      const customer = await new Factories(first).customer();
      for (let i = 0; i < PER_USER; i++) expect((await get(i % 2 ? first : second, '/api/support-tickets', newIp(), customer)).status).toBe(200);
      expectLimited('/api/support-tickets', await get(first, '/api/support-tickets', newIp(), customer));
      expectLimited('/api/support/tickets', await get(second, '/api/support/tickets', newIp(), customer));

      const ip = newIp();
      for (let i = 0; i < PER_IP; i++) expect((await get(i % 2 ? first : second, '/api/support/faq', ip)).status).toBe(200);
      expectLimited('/api/support/faq', await get(second, '/api/support/faq', ip));
      expectLimited('/api/support/faq', await get(first, '/api/support/faq', ip));
    } finally {
      await first.close();
      await second.close();
    }
  });
});
