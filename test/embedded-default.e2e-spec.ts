import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { ServiceProcess, startServiceProcess } from './support/service-process';

/** The service as a newcomer runs it: no DATABASE_URL, so PGlite in DATA_DIR. */
describe('embedded default database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-embedded-'));
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'false' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves on PGlite, shuts down cleanly on SIGTERM, and starts again on the same data', async () => {
    const first = await startServiceProcess(env);
    expect(first.output()).toContain(`embedded PGlite in ${dataDir}`);
    expect((await first.http.get('/health/ready')).status).toBe(200);
    // On its one connection, an Idempotency-Key create (the key, the ticket and the response in one transaction) and its replay.
    const registered = await first.http.post('/api/auth/register', { email: 'pglite@example.com', password: 'Passw0rd!long', name: 'Pat Lite' });
    const create = () =>
      first.http.post(
        '/api/support-tickets',
        { subject: 'Charged twice', description: 'Please refund the second charge' },
        { token: registered.body.accessToken, headers: { 'idempotency-key': 'pglite-1' } },
      );
    const created = await create();
    expect(created.status).toBe(201);
    const replayed = await create();
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(created.body);
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await startServiceProcess(env);
    try {
      expect((await second.http.get('/health/ready')).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 180_000);
});

/** The printed demo logins (a box): label → email, and the one password. */
function demoLogins(output: string): { emails: Record<string, string>; password: string } {
  const block = output
    .slice(output.indexOf('MM Support Service: demo data'))
    .split('\n')
    .map((line) => line.replace(/^│ /, '').replace(/\s*│$/, ''))
    .join('\n');
  const emails: Record<string, string> = {};
  for (const match of block.matchAll(/^ {2}(\S.*?) {2,}(\S+@\S+)$/gm)) emails[match[1].trim()] = match[2];
  return { emails, password: block.match(/^ {2}password +(\S+)$/m)![1] };
}

/** The box is printed just after the "listening" line that startServiceProcess waits for. */
async function demoBox(service: ServiceProcess): Promise<string> {
  for (let waited = 0; !service.output().includes('└') && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500)); // anything printed after it would be here by now
  return service.output();
}

async function login(service: ServiceProcess, email: string, password: string) {
  return service.http.post('/api/auth/login', { email, password });
}

describe('demo data on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-demo-'));
  // SEED_DEMO unset: on by default without DATABASE_URL.
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: '' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fills an empty database once and prints the logins last, in a box; they work, the CLI shows them again, and they survive a restart', async () => {
    const first = await startServiceProcess(env);
    let logins: ReturnType<typeof demoLogins>;
    try {
      const output = await demoBox(first);
      expect(output).toContain('MM Support Service: demo data');
      expect(output.trimEnd().split('\n').pop()).toMatch(/^└─+┘$/);
      logins = demoLogins(output);
      expect(logins.emails).toEqual({
        admin: 'admin@demo.test',
        'agent (approved)': 'agent@demo.test',
        'agent (awaiting approval)': 'new.agent@demo.test',
        customer: 'bob@demo.test',
      });
      expect(first.output()).toContain('alice@demo.test');
      // Shown again while the service runs (the CLI reads DATA_DIR, not the database), from a file only its owner reads.
      const again = runCli(['demo-logins'], { DATABASE_URL: '', DATA_DIR: dataDir });
      expect(again.status).toBe(0);
      expect(demoLogins(again.stdout)).toEqual(logins);
      expect(statSync(join(dataDir, 'demo-logins.json')).mode & 0o777).toBe(0o600);

      const admin = await login(first, 'admin@demo.test', logins.password);
      expect(admin.status).toBe(200);
      expect(admin.body.user.role).toBe('admin');
      const agent = await login(first, 'agent@demo.test', logins.password);
      const queue = await first.http.get('/api/agent/tickets/', { token: agent.body.accessToken });
      expect(queue.status).toBe(200);
      expect(queue.body.tickets).toHaveLength(2);
      // The desk on PGlite: keyset cursor pages, the version trigger, If-Match.
      const page = await first.http.get('/api/desk/tickets?limit=1&sort=priority', { token: admin.body.accessToken });
      expect(page.status).toBe(200);
      const next = await first.http.get(`/api/desk/tickets?limit=1&sort=priority&cursor=${page.body.nextCursor}`, { token: admin.body.accessToken });
      expect(next.body.data[0].id).not.toBe(page.body.data[0].id);
      const deskTicket = page.body.data[0];
      const tagged = await first.http.put(`/api/desk/tickets/${deskTicket.id}/tags`, { tags: ['demo'] }, { token: admin.body.accessToken, headers: { 'if-match': `"${deskTicket.version}"` } });
      expect(tagged.body).toMatchObject({ tags: ['demo'], version: deskTicket.version + 1 });
      const stale = await first.http.put(`/api/desk/tickets/${deskTicket.id}/tags`, { tags: [] }, { token: admin.body.accessToken, headers: { 'if-match': `"${deskTicket.version}"` } });
      expect(stale.status).toBe(412);
      const waiting = await login(first, 'new.agent@demo.test', logins.password);
      expect((await first.http.get('/api/agent/tickets/', { token: waiting.body.accessToken })).status).toBe(403);
      for (const customer of ['alice@demo.test', 'bob@demo.test']) {
        const res = await login(first, customer, logins.password);
        expect(res.body.user.role).toBe('customer');
        const tickets = await first.http.get('/api/support-tickets', { token: res.body.accessToken });
        expect(tickets.body.data.total).toBe(1);
      }
    } finally {
      expect(await first.stop()).toBe(0);
    }

    // The CLI writes to the same DATA_DIR while the service is stopped.
    const cli = runCli(['create-admin', '--email', 'ops@example.com', '--password', 'ops password', '--name', 'Ops'], { DATABASE_URL: '', DATA_DIR: dataDir });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/^Admin ops@example.com created/);

    const second = await startServiceProcess({ ...env, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root password' });
    try {
      expect(second.output()).not.toContain('demo data');
      expect(second.output()).not.toContain(logins.password);
      expect((await login(second, 'agent@demo.test', logins.password)).status).toBe(200);
      expect((await login(second, 'ops@example.com', 'ops password')).body.user.role).toBe('admin');
      expect((await login(second, 'root@example.com', 'root password')).body.user.role).toBe('admin');
      const agent = await login(second, 'agent@demo.test', logins.password);
      expect((await second.http.get('/api/agent/tickets/', { token: agent.body.accessToken })).body.tickets).toHaveLength(2);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 240_000);

  it('never seeds a database that is not empty, nor when SEED_DEMO=false', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-no-demo-'));
    try {
      const off = await startServiceProcess({ DATABASE_URL: '', DATA_DIR: dir, SEED_DEMO: 'false', ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root password' });
      expect(off.output()).not.toContain('demo data');
      expect(await off.stop()).toBe(0);
      const none = runCli(['demo-logins'], { DATABASE_URL: '', DATA_DIR: dir });
      expect(none.status).toBe(1);
      expect(none.stderr).toContain(`No demo logins in ${dir}`);

      const on = await startServiceProcess({ DATABASE_URL: '', DATA_DIR: dir, SEED_DEMO: 'true' });
      try {
        expect(on.output()).not.toContain('demo data');
        expect((await login(on, 'root@example.com', 'root password')).status).toBe(200);
        expect((await login(on, 'admin@demo.test', 'anything at all')).status).toBe(401);
      } finally {
        expect(await on.stop()).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('configuration errors at boot', () => {
  it('stops the process with one line naming the variable', () => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
      { cwd: join(__dirname, '..'), env: { ...process.env, PORT: 'not-a-port' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: PORT must be a whole number, got "not-a-port"');
  });
});
