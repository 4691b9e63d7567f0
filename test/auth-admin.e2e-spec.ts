import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Factories } from './support/factories';
import { startTestApp } from './support/test-app';

/** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD at start-up, once. */
describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  const onRealPostgres = process.env.E2E_EMBEDDED === 'true' ? it.skip : it;

  onRealPostgres('is created at start-up, once, even when two instances start together; a restart never resets its password', async () => {
    const email = `first-admin-${randomBytes(5).toString('hex')}@Example.test`;
    const [a, b] = await Promise.all([
      startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'the first password' }),
      startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'the first password' }),
    ]);
    try {
      const rows = await a.running.app.get(DataSource).query('SELECT role, name FROM users WHERE lower(email) = lower($1)', [email]);
      expect(rows).toEqual([{ role: 'admin', name: 'Administrator' }]);
      const login = await b.http.post('/api/auth/login', { email, password: 'the first password' });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ email: email.toLowerCase(), role: 'admin' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }

    const restarted = await startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'a changed password' });
    try {
      expect((await restarted.http.post('/api/auth/login', { email, password: 'the first password' })).status).toBe(200);
      expect((await restarted.http.post('/api/auth/login', { email, password: 'a changed password' })).status).toBe(401);
      const [{ count }] = await restarted.running.app.get(DataSource).query('SELECT count(*)::int AS count FROM users WHERE lower(email) = lower($1)', [email]);
      expect(count).toBe(1);
    } finally {
      await restarted.close();
    }
  });

  it('leaves an existing non-admin account with that email as it is', async () => {
    const probe = await startTestApp();
    const customer = await new Factories(probe).customer();
    await probe.close();
    const app = await startTestApp({ ADMIN_EMAIL: customer.user.email, ADMIN_PASSWORD: 'not their password' });
    try {
      const login = await app.http.post('/api/auth/login', { email: customer.user.email, password: customer.password });
      expect(login.body.user.role).toBe('customer');
    } finally {
      await app.close();
    }
  });
});
