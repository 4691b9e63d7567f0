import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from './support/service-process';

/** The service as a newcomer runs it: no DATABASE_URL, so PGlite in DATA_DIR. */
describe('embedded default database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-embedded-'));
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'false' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves on PGlite, shuts down cleanly on SIGTERM, and starts again on the same data', async () => {
    const first = await startServiceProcess(env);
    expect(first.output()).toContain(`embedded PGlite in ${dataDir}`);
    expect((await first.http.get('/health/ready')).status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await startServiceProcess(env);
    try {
      expect((await second.http.get('/health/ready')).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
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
