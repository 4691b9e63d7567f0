import { randomBytes } from 'node:crypto';
import { useTestApp } from './support/harness';
import { redisAnswers } from './support/socket';
import { startTestApp, TestApp } from './support/test-app';
import { itWithPostgres } from './support/database-mode';

const LIMIT = 3; // RATE_LIMIT_LOGIN: per email; per IP it is 5 times as many
const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;
const unknownEmail = () => `nobody-${randomBytes(5).toString('hex')}@example.test`;

function login(app: TestApp, email: string, password: string, ip = randomIp()) {
  return app.http.post('/api/auth/login', { email, password }, { headers: { 'x-forwarded-for': ip } });
}

describe('login rate limit', () => {
  const env = { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60', REDIS_URL: '', TRUST_PROXY: '127.0.0.1' }; // the test client stands in for a proxy on loopback
  const { app, factories } = useTestApp({ env });

  it('refuses the attempt after the limit for one email, from any IP, with 429 and Retry-After', async () => {
    const person = await factories.customer();
    for (let i = 0; i < LIMIT; i++) expect((await login(app, person.user.email, 'wrong password')).status).toBe(401);
    const refused = await login(app, person.user.email.toUpperCase(), person.password);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'Too many requests, please retry later' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const other = await factories.customer();
    expect((await login(app, other.user.email, other.password)).status).toBe(200);
  });

  it('refuses one IP trying many emails', async () => {
    const ip = randomIp();
    for (let i = 0; i < LIMIT * 5; i++) expect((await login(app, unknownEmail(), 'whatever1', ip)).status).toBe(401);
    const refused = await login(app, unknownEmail(), 'whatever1', ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await login(app, unknownEmail(), 'whatever1', randomIp())).status).toBe(401);
  });

  itWithPostgres('does not limit the other routes, nor logins when RATE_LIMIT_ENABLED=false', async () => {
    const person = await factories.customer();
    for (let i = 0; i < LIMIT + 2; i++) expect((await app.http.get('/api/auth/me', { token: person.token })).status).toBe(200);

    const unlimited = await startTestApp({ ...env, RATE_LIMIT_ENABLED: 'false' });
    try {
      for (let i = 0; i < LIMIT + 2; i++) expect((await login(unlimited, person.user.email, 'wrong password', '10.9.9.9')).status).toBe(401);
    } finally {
      await unlimited.close();
    }
  });

  itWithPostgres('shares the counters between instances through Redis when REDIS_URL is set', async () => {
    if (!(await redisAnswers(REDIS_URL))) {
      process.stdout.write(`No Redis at ${REDIS_URL}: the shared-counter case is not run.\n`);
      return;
    }
    const first = await startTestApp({ ...env, REDIS_URL });
    const second = await startTestApp({ ...env, REDIS_URL });
    try {
      const email = unknownEmail();
      for (let i = 0; i < LIMIT; i++) expect((await login(i % 2 ? first : second, email, 'whatever1')).status).toBe(401);
      const refused = await login(first, email, 'whatever1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await login(second, email, 'whatever1')).status).toBe(429);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('client IP without a trusted proxy', () => {
  it('ignores X-Forwarded-For, so a caller cannot dodge the per-IP login limit by inventing addresses', async () => {
    const app = await startTestApp({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN: '2', RATE_LIMIT_WINDOW_SECONDS: '60', REDIS_URL: '' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await app.http.post(
          '/api/auth/login',
          { email: `nobody-${i}@example.test`, password: 'wrong password' },
          { headers: { 'x-forwarded-for': `198.51.100.${i}` } },
        );
        statuses.push(res.status);
      }
      expect(statuses).toContain(429);
    } finally {
      await app.close();
    }
  });
});
