import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ROOT, runCli } from './support/cli';
import { useTestApp } from './support/harness';

const email = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.test`;

describe('CLI', () => {
  const { app, factories } = useTestApp();

  it('`npm run -s cli -- service-token --name munch` prints a token that reaches only the integration API', async () => {
    const result = spawnSync('npm', ['run', '-s', 'cli', '--', 'service-token', '--name', 'munch'], { cwd: ROOT, env: process.env, encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'service:munch', role: 'service', exp: expect.any(Number) });

    const customer = await factories.pushedCustomer();
    const put = await app.http.put('/api/integrations/orders/1999999911', { customerId: customer.user.mmCustomerId, orderNumber: 'ORD-CLI-1', vertical: 'munch', status: 'pending' }, { token });
    expect(put.status).toBe(200);
    for (const [method, path] of [['GET', '/api/auth/me'], ['GET', '/api/support-tickets'], ['GET', '/api/agent/tickets/'], ['POST', '/api/admin/approve-agent/1/']]) {
      expect((await app.http.request(method, path, undefined, { token })).status).toBe(403);
    }
  }, 120_000);

  it('refuses a bad service name and an unknown command with the usage (exit 2)', () => {
    const bad = runCli(['service-token', '--name', 'Not A Name']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--name must be lower-case letters');
    expect(bad.stderr).toContain('Usage:');
    expect(runCli(['create-admin', '--email', 'a@b.c']).stderr).toContain('--password is required');
  });

  const onRealPostgres = process.env.E2E_EMBEDDED === 'true' ? it.skip : it;

  onRealPostgres('create-admin creates an admin once; running it again changes nothing', async () => {
    const address = email('cli-admin');
    const first = runCli(['create-admin', '--email', address, '--password', 'first password', '--name', 'Cli Admin']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^Admin ${address} created \\(id \\d+\\)\\.\\n$`));

    const again = runCli(['create-admin', '--email', address.toUpperCase(), '--password', 'second password']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already exists');

    const login = await app.http.post('/api/auth/login', { email: address, password: 'first password' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ email: address, name: 'Cli Admin', role: 'admin' });
    expect((await app.http.post('/api/auth/login', { email: address, password: 'second password' })).status).toBe(401);
  });

  onRealPostgres('create-admin refuses an email that belongs to a customer (exit 1)', async () => {
    const customer = await factories.customer();
    const result = runCli(['create-admin', '--email', customer.user.email, '--password', 'whatever pw']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('belongs to a customer account');
    const login = await app.http.post('/api/auth/login', { email: customer.user.email, password: customer.password });
    expect(login.body.user.role).toBe('customer');
  });
});
