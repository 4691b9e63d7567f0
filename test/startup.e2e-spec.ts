import { spawn } from 'node:child_process';
import { startServiceProcess } from './support/service-process';
import { ROOT } from './support/cli';

const DATABASE_URL = process.env.E2E_DATABASE_URL!;

/** The service as an operator starts it (its own process): what it refuses, and how it waits. */
describe('production start', () => {
  const refusal = (env: Record<string, string>) =>
    startServiceProcess({ DATABASE_URL, ...env }).then(
      async (service) => {
        await service.stop();
        throw new Error('the service started');
      },
      (error: Error) => error.message,
    );

  it.each([
    ['unset', { JWT_SECRET: '', NODE_ENV: 'development' }, 'Invalid configuration: JWT_SECRET is required when DATABASE_URL is set'],
    ['the published development default', { JWT_SECRET: 'mm-support-development-secret-change-me', NODE_ENV: '' }, 'Invalid configuration: JWT_SECRET is the published development default'],
    ['shorter than 32 bytes', { JWT_SECRET: 'only-twenty-bytes-ok', NODE_ENV: 'test' }, 'Invalid configuration: JWT_SECRET must be at least 32 bytes, got 20'],
  ])('with DATABASE_URL set, JWT_SECRET %s stops the start with one line naming it, whatever NODE_ENV says', async (_, env, line) => {
    const message = await refusal(env);
    expect(message).toContain('service exited with 1 before listening');
    expect(message).toContain(line);
  });

  it('an unreachable DATABASE_URL: one JSON line naming the variable and host:port (never the password), then retries', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: 'postgres://ops:hunter2-secret@127.0.0.1:1/mm_support' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while (output.split('\n').filter((l) => l.includes('cannot reach PostgreSQL')).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const lines = output.split('\n').filter((l) => l.includes('cannot reach PostgreSQL'));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const first = JSON.parse(lines[0]);
      expect(first).toMatchObject({ level: 50, address: '127.0.0.1:1', attempt: 1, reason: 'ECONNREFUSED' });
      expect(first.msg).toBe('DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED); retrying in 1 s');
      expect(JSON.parse(lines[1])).toMatchObject({ attempt: 2 });
      expect(output).not.toContain('hunter2');
      expect(child.exitCode).toBeNull(); // still waiting, not crashed
    } finally {
      child.kill('SIGKILL');
    }
  });
});
