/**
 * `npm run bench [-- options]`: seeds a dataset into a fresh database on the
 * local PostgreSQL, starts the built service as its own process and measures
 * it with autocannon and 1,000 socket.io clients from this process. Prints
 * requests/s, p50/p99 latency and the service's peak memory, and writes them
 * to docs/benchmarks.md. Exits non-zero when a request failed or an event
 * never arrived (not when a target is missed: targets are figures to read).
 *
 *   --tickets N        dataset size (default 100000; 1000000 for the large run)
 *   --duration S       seconds per scenario (default 10), after --warmup S (default 3)
 *   --connections N    concurrent HTTP connections (default 50)
 *   --sockets N        socket.io clients of the event scenario (default 1000)
 *   --calm-wait S      before each scenario, wait at most S s for the hypervisor's steal to drop to 10 % (default 180; 0: never wait)
 *   --rate R           also measure each HTTP scenario at a steady rate: R requests/s, or half
 *                      the closed-loop throughput if that is lower (default 0: not measured)
 *   --only a,b         only the scenarios whose name contains one of these words (`--only baseline`: the comparison below)
 *   --compare          only the comparison with the baseline (same as --only baseline)
 *   --rounds N         alternating rounds of that comparison (default 3)
 *   --pool N           DATABASE_POOL_SIZE of the service (default: the service's own)
 *   --node-flags F     Node's command-line flags for the service (default: the heap settings the README recommends
 *                      for production, PRODUCTION_NODE_FLAGS; --node-flags= for Node's own defaults)
 *   --database-url U   use this database: seeded earlier with --keep and the same --tickets (seeding is skipped when it has tickets)
 *   --keep             keep the database afterwards (prints its URL)
 *   --skip-build       use the existing dist/ instead of `npm run build`
 *   --docs PATH        where to write the figures (default docs/benchmarks.md); --no-docs to write nothing
 *   --section NAME     the section of that document to (re)write (default: the ticket count)
 *
 * The `sla` scenario (last; in --only too) puts SLA clocks on 5 % of the tickets (50,000 at 1,000,000), measures
 * the indexed "what is due" statements and a storm of 1 % (10,000) clocks due in the same second (--sla-storm N: N clocks).
 *
 * The comparison (bench/compare.ts) runs the baseline (bench/baseline: bare Fastify + pg) and the
 * service alternately on the same database, `--rounds` times each, and prints per operation the ratio
 * of the medians, req/s, p50/p99 and peak RSS. It runs after the HTTP and event scenarios, before `sla`.
 *
 * Before each scenario the tables the scenarios churn are vacuumed when the server's autovacuum is off.
 *
 * The admin connection is BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
 * The figures in docs/benchmarks.md are measured on a server started by scripts/bench-postgres.sh
 * (README.md's production settings): BENCH_DATABASE_URL=$(scripts/bench-postgres.sh start).
 */
import { execSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createFreshDatabase, DEFAULT_TEST_DATABASE_URL, dropDatabase, migrate } from '../test/support/test-database';
import { datasetFor } from './dataset';
import { measureEventLatency } from './event-latency';
import { runLoad } from './load';
import { leastStolen, runPaced, untilCalm } from './paced';
import { Machine, printTable, RunFigures, ScenarioFigures, writeDocs } from './report';
import { seed } from './seed';
import { measureSla } from './sla';
import { httpScenarios, loadSamples, Tokens } from './scenarios';
import { compareWithBaseline, comparedOperations, ComparedFigures } from './compare';
import { BASELINE_ENTRY, BenchService, buildBaseline, databaseCpuSeconds, takeBuild } from './service';

const ROOT = join(__dirname, '..');
const JWT_SECRET = 'bench-secret-0123456789abcdef0123456789';
/** As README.md recommends for production ("Running against an existing PostgreSQL"). */
const PRODUCTION_NODE_FLAGS = '--max-old-space-size=192 --max-semi-space-size=16';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    sockets: { type: 'string', default: '1000' },
    'calm-wait': { type: 'string', default: '180' },
    rate: { type: 'string', default: '0' },
    only: { type: 'string' },
    compare: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    pool: { type: 'string' },
    'node-flags': { type: 'string', default: PRODUCTION_NODE_FLAGS },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    docs: { type: 'string', default: 'docs/benchmarks.md' },
    'no-docs': { type: 'boolean', default: false },
    section: { type: 'string' },
    'sla-storm': { type: 'string' },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const positive = (name: string, raw: string | undefined): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${raw}"`);
  return value;
};

async function main(): Promise<number> {
  const dataset = datasetFor(positive('tickets', args.tickets));
  const durationSeconds = positive('duration', args.duration);
  const warmupSeconds = positive('warmup', args.warmup);
  const connections = positive('connections', args.connections);
  const sockets = Math.min(positive('sockets', args.sockets), dataset.customers);
  const rate = positive('rate', args.rate);
  const calmWaitSeconds = positive('calm-wait', args['calm-wait']);
  const only = (args.compare ? 'baseline' : args.only)?.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
  const wanted = (name: string) => !only || only.some((w) => name.toLowerCase().includes(w));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

  // The server of the measured database: --database-url may name another than the admin connection's.
  const machine = await describeMachine(args['database-url'] ?? adminUrl);
  log(`bench: ${dataset.tickets} tickets, ${connections} connections, ${durationSeconds} s per scenario; ${machine.cpus} CPUs, load ${machine.loadBefore.toFixed(2)}`);

  if (!args['skip-build']) {
    log('building (npm run build) ...');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  takeBuild();
  buildBaseline();

  const url = args['database-url'] ?? (await createFreshDatabase(adminUrl, `mm_bench_${dataset.tickets}`));
  const ownDatabase = !args['database-url'];
  let service: BenchService | undefined;
  let baseline: BenchService | undefined;
  try {
    const seedStarted = Date.now();
    if ((await countTickets(url)) === null) {
      await migrate(url);
    }
    if (!(await countTickets(url))) {
      log(`seeding ${url} ...`);
      await seed(url, dataset, log);
    } else {
      // The scenarios address customers, orders and pages by the dataset's size: it must be the one seeded.
      const customers = await countRows(url, "SELECT count(*) AS n FROM users WHERE role = 'customer'");
      if (customers !== dataset.customers) {
        throw new Error(`${url} holds ${customers} customers, not the ${dataset.customers} of ${dataset.tickets} tickets: pass the --tickets it was seeded with`);
      }
      log(`using the data already in ${url}`);
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const messages = await countRows(url, 'SELECT count(*) AS n FROM ticket_messages');
    const samples = await loadSamples(url, dataset, sockets);
    const tokens = new Tokens(JWT_SECRET);

    const serverEnv = { DATABASE_URL: url, JWT_SECRET, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', ...(args.pool ? { DATABASE_POOL_SIZE: args.pool } : {}) };
    const nodeFlags = args['node-flags'].split(/\s+/).filter(Boolean);
    service = await BenchService.start(serverEnv, nodeFlags);
    log(`service started (pid ${service.pid}) at ${service.url}`);
    const operations = comparedOperations(httpScenarios(dataset, samples, tokens), (n) => tokens.agent(n)).filter((o) => wanted(`baseline · ${o.name}`));
    if (operations.length) {
      baseline = await BenchService.start(serverEnv, nodeFlags, BASELINE_ENTRY);
      log(`baseline started (pid ${baseline.pid}) at ${baseline.url}`);
    }

    const scenarios: ScenarioFigures[] = [];
    let loadMax = machine.loadBefore;
    const database = new URL(url).pathname.slice(1);
    const measure = async <T>(work: () => Promise<T>) => {
      const load = loadavg()[0];
      loadMax = Math.max(loadMax, load);
      const cpuBefore = service!.cpuSeconds();
      const dbBefore = await databaseCpuSeconds(adminUrl, database);
      const started = performance.now();
      const result = await work();
      const cpuSeconds = service!.cpuSeconds() - cpuBefore;
      const dbAfter = await databaseCpuSeconds(adminUrl, database);
      const dbCpuSeconds = [...dbAfter].reduce((sum, [pid, seconds]) => sum + seconds - (dbBefore.get(pid) ?? 0), 0);
      return { result, serviceCpu: cpuSeconds / ((performance.now() - started) / 1000), cpuSeconds, dbCpuSeconds, rssMb: service!.memory().rssMb, loadAvg: load };
    };

    // Reads first, on the data as seeded; then the writes, which add tickets and messages.
    const all = httpScenarios(dataset, samples, tokens);
    const ordered = [...all.filter((s) => s.target !== 'create' && s.target !== 'message'), ...all.filter((s) => s.target === 'create' || s.target === 'message')];
    for (const scenario of ordered.filter((s) => wanted(s.name))) {
      await vacuumIfNoAutovacuum(url);
      await untilCalm(calmWaitSeconds, log);
      const scenarioConnections = scenario.connections ?? connections;
      if (warmupSeconds) await runLoad(service.url, scenario.request, { connections: scenarioConnections, durationSeconds: warmupSeconds });
      const { result, serviceCpu, cpuSeconds, dbCpuSeconds, rssMb, loadAvg } = await measure(() =>
        runLoad(service!.url, scenario.request, { connections: scenarioConnections, durationSeconds }),
      );
      const cpuMsPerRequest = (cpuSeconds * 1000) / Math.max(1, result.requests);
      const dbCpuMsPerRequest = (dbCpuSeconds * 1000) / Math.max(1, result.requests);
      log(
        `  ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
          `CPU per request: service ${cpuMsPerRequest.toFixed(2)} ms, PostgreSQL ${dbCpuMsPerRequest.toFixed(2)} ms; ${result.failures} failures (load ${loadAvg.toFixed(2)})`,
      );
      const pacedRate = Math.min(rate, Math.floor(result.requestsPerSecond / 2));
      const paced =
        pacedRate >= 1
          ? await leastStolen(async () => {
              await outboxDrained(url);
              await vacuumIfNoAutovacuum(url);
              await untilCalm(calmWaitSeconds, log);
              return runPaced(service!.url, scenario.request, { rate: pacedRate, durationSeconds, connections, warmupSeconds });
            }, log)
          : undefined;
      if (paced) {
        log(
          `    at a steady ${paced.rate} req/s: p50 ${paced.p50.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms, ${paced.failures} failures ` +
            `(issued late p99 ${paced.issueLateP99.toFixed(1)} ms, steal ${(paced.steal * 100).toFixed(0)} %)`,
        );
      }
      scenarios.push({ name: scenario.name, about: scenario.about, target: scenario.target, result, serviceCpu, cpuMsPerRequest, dbCpuMsPerRequest, rssMb, loadAvg, paced });
    }

    let events: RunFigures['events'];
    if (wanted('event latency') && sockets > 0) {
      await vacuumIfNoAutovacuum(url);
      await untilCalm(calmWaitSeconds, log);
      const measured = await measure(() => measureEventLatency(service!.url, sockets, samples, tokens, { connections, durationSeconds }, log));
      const requests = Math.max(1, measured.result.load.requests);
      events = {
        ...measured.result,
        serviceCpu: measured.serviceCpu,
        cpuMsPerRequest: (measured.cpuSeconds * 1000) / requests,
        dbCpuMsPerRequest: (measured.dbCpuSeconds * 1000) / requests,
        rssMb: measured.rssMb,
        loadAvg: measured.loadAvg,
      };
      log(`  event latency: p50 ${events.p50.toFixed(1)} ms, p99 ${events.p99.toFixed(1)} ms, ${events.missing} missing`);
    }

    let comparison: ComparedFigures[] | undefined;
    if (baseline) {
      comparison = await compareWithBaseline(
        { service, baseline },
        operations,
        {
          rounds: Math.max(1, positive('rounds', args.rounds)),
          connections,
          warmupSeconds,
          durationSeconds,
          before: async () => {
            await vacuumIfNoAutovacuum(url);
            await untilCalm(calmWaitSeconds, log);
          },
          load: () => {
            const load = loadavg()[0];
            loadMax = Math.max(loadMax, load);
            return load;
          },
        },
        log,
      );
    }

    // Last: it adds clocks, a policy and breaches to the data.
    const sla = wanted('sla') ? await measureSla(url, dataset, log, args['sla-storm'] ? positive('sla-storm', args['sla-storm']) : undefined) : undefined;

    const peakRssMb = service.memory().peakMb;
    const figures: RunFigures = {
      machine: { ...machine, loadMax },
      tickets: dataset.tickets,
      customers: dataset.customers,
      messages,
      seedSeconds,
      connections,
      durationSeconds,
      poolSize: Number(args.pool ?? 10),
      nodeFlags: args['node-flags'],
      scenarios,
      events,
      sla,
      comparison,
      peakRssMb,
    };
    printTable(figures, log);
    const warnings = service.log().trim();
    if (warnings) log(`\nservice log (warnings and errors):\n${warnings.slice(-3000)}`);
    if (!args['no-docs']) {
      writeDocs(resolve(ROOT, args.docs!), figures, args.section ?? String(dataset.tickets));
      log(`\nwritten to ${args.docs}`);
    }
    const failures =
      scenarios.reduce((sum, s) => sum + s.result.failures + (s.paced?.failures ?? 0), 0) +
      (comparison ?? []).reduce((sum, c) => sum + c.baseline.failures + c.service.failures, 0) + (events ? events.load.failures + events.missing : 0) + (sla ? sla.storm - sla.breached : 0);
    if (failures) log(`\n${failures} failed requests or missing events`);
    return failures ? 1 : 0;
  } finally {
    await service?.stop();
    await baseline?.stop();
    if (ownDatabase && !args.keep) await dropDatabase(adminUrl, url);
    else log(`database kept: ${url}`);
  }
}

async function describeMachine(adminUrl: string): Promise<Machine> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const settings = (
    await client.query<{ version: string; shared_buffers: string; autovacuum: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('autovacuum') AS autovacuum",
    )
  ).rows[0];
  await client.end();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout
  }
  const load = loadavg()[0];
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    postgres: `PostgreSQL ${settings.version.split(' ')[0]} (shared_buffers ${settings.shared_buffers}, autovacuum ${settings.autovacuum})`,
    loadBefore: load,
    loadMax: load,
  };
}

/** Tables the scenarios churn: the ticket counters are folded every 5 s, events delivered, keys and tickets written. */
const CHURNED_TABLES = ['ticket_counts', 'outbox_events', 'idempotency_keys', 'reward_daily_counters', 'notifications', 'tickets', 'ticket_messages', 'ticket_history', 'reward_ledger'];

/**
 * With autovacuum off (this machine's PostgreSQL is configured so), the dead rows of the churned
 * tables pile up across scenarios and every later reader scans them; vacuum them, as autovacuum would
 * in production. Not measured: it runs before the warm-up.
 */
async function vacuumIfNoAutovacuum(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
    if (rows[0].autovacuum === 'off') await client.query(`VACUUM (ANALYZE) ${CHURNED_TABLES.join(', ')}`);
  } finally {
    await client.end();
  }
}

/** Tickets in the database; null when it is not migrated yet. */
async function countTickets(url: string): Promise<number | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM tickets')).rows[0].n);
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

async function countRows(url: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0].n);
  } finally {
    await client.end();
  }
}

/** Waits (at most 30 s) until the events of the closed loop's writes are delivered, so the steady rate starts from a steady state. */
async function outboxDrained(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox_events WHERE delivered_at IS NULL AND parked_at IS NULL');
      if (rows[0].n === '0') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
