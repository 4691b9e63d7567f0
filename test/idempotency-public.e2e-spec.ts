import { DataSource } from 'typeorm';
import { useTestApp } from './support/harness';

describe('Idempotency-Key on public routes', () => {
  const { app, factories } = useTestApp();

  it('never stores a login response (it carries a token): each call runs and nothing is kept', async () => {
    const customer = await factories.customer();
    const headers = { 'idempotency-key': `login-${customer.user.id}` };
    const body = { email: customer.user.email, password: customer.password };
    const first = await app.http.post('/api/auth/login', body, { headers });
    const second = await app.http.post('/api/auth/login', body, { headers });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    const rows = await app.running.app.get(DataSource).query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [headers['idempotency-key']]);
    expect(rows[0].n).toBe(0);
  });
});
