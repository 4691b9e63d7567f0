import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const BUILT = join(ROOT, 'dist/apps/api/main.js');
/**
 * The bench runs a private copy of the built bundle: dist/ is rebuilt (and
 * first deleted) by any `npm run build` in this working tree. It stays in the
 * working tree, so the bundle's requires resolve as from dist/; not under
 * node_modules, which several working trees may share.
 */
const BENCH_BUILD = join(ROOT, '.bench-build');
const ENTRY = join(BENCH_BUILD, 'main.js');
/** The baseline (bench/baseline), bundled the same way: one file, node_modules external. */
export const BASELINE_ENTRY = join(BENCH_BUILD, 'baseline.js');

/** Copies the freshly built bundle (webpack: one file, node_modules external) to where the bench runs it from. */
export function takeBuild(): void {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build (or drop --skip-build)`);
  mkdirSync(join(ENTRY, '..'), { recursive: true });
  copyFileSync(BUILT, ENTRY);
}

/** Bundles bench/baseline/main.ts with esbuild, so that it runs as plain JavaScript, as the built service does. */
export function buildBaseline(): void {
  // esbuild is a devDependency; required here so that only the bench loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [join(ROOT, 'bench/baseline/main.ts')],
    outfile: BASELINE_ENTRY,
    bundle: true,
    platform: 'node',
    target: 'node24',
    packages: 'external',
    logLevel: 'warning',
  });
}

export interface MemorySample {
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), MB. */
  peakMb: number;
}

/** The real service, built and started as its own process (`node dist/apps/api/main.js`), the way production runs it. */
export class BenchService {
  private output = '';

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => this.keep(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.keep(chunk));
  }

  /** The service, or another server (the baseline) given its entry. */
  static async start(env: Record<string, string>, nodeFlags: string[] = [], entry = ENTRY): Promise<BenchService> {
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeFlags, entry], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new BenchService(`http://127.0.0.1:${port}`, child);
    await service.waitUntilReady();
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** What the service printed (warnings and errors only, at LOG_LEVEL=warn). */
  log(): string {
    return this.output;
  }

  memory(): MemorySample {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /** User + system CPU seconds the service has used so far. */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  private keep(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-20_000);
  }

  private async waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the service exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(`${this.url}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    this.child.kill('SIGKILL');
    throw new Error(`the service did not become ready within ${timeoutMs / 1000} s:\n${this.output}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** User + system CPU seconds of a process so far (0 when it is gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the command name), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by the PostgreSQL backends serving `database`
 * (read from /proc: PostgreSQL runs on this machine). Backends opened and
 * closed between two readings are missed, which the pool's long-lived
 * connections make rare.
 */
export async function databaseCpuSeconds(adminUrl: string, database: string): Promise<Map<number, number>> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    return new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid)]));
  } finally {
    await client.end();
  }
}
