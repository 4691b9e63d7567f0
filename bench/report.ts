import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ComparedFigures, RATIO_TARGETS } from './compare';
import { EventLatencyResult } from './event-latency';
import { LoadResult } from './load';
import { PACED_ATTEMPTS, PacedResult, STEAL_LIMIT } from './paced';
import { MEMORY_TARGET_MB, TARGETS, TargetKey } from './scenarios';
import type { SlaFigures } from './sla';

export interface Machine {
  date: string;
  commit: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  /** 1-minute load average before the run, and the highest seen before a scenario. */
  loadBefore: number;
  loadMax: number;
}

export interface ScenarioFigures {
  name: string;
  about: string;
  target: TargetKey;
  result: LoadResult;
  /** Share of one core the service used during the scenario. */
  serviceCpu: number;
  /** Service CPU time per request (ms): the cost of a request, less sensitive to other load on the machine than latency. */
  cpuMsPerRequest: number;
  /** CPU time of the PostgreSQL backends serving the service, per request (ms). */
  dbCpuMsPerRequest: number;
  rssMb: number;
  loadAvg: number;
  /** The same scenario at a steady rate (--rate). */
  paced?: PacedResult;
}

export interface RunFigures {
  machine: Machine;
  tickets: number;
  customers: number;
  messages: number;
  seedSeconds: number;
  connections: number;
  durationSeconds: number;
  poolSize: number;
  nodeFlags: string;
  scenarios: ScenarioFigures[];
  events?: EventLatencyResult & { serviceCpu: number; cpuMsPerRequest: number; dbCpuMsPerRequest: number; rssMb: number; loadAvg: number };
  sla?: SlaFigures;
  /** The service against the baseline (bench/compare.ts). */
  comparison?: ComparedFigures[];
  peakRssMb: number;
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const verdict = (ok: boolean) => (ok ? 'yes' : '**no**');

function measuredOn(run: RunFigures): string {
  const m = run.machine;
  return (
    `Measured ${m.date} at commit \`${m.commit}\` on ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryGb, 1)} GB RAM, Node ${m.node}, ${m.postgres}; ` +
    `machine load average ${fmt(m.loadBefore, 2)} before the run, at most ${fmt(m.loadMax, 2)} between scenarios (other work on the machine included).`
  );
}

/** What docs/benchmarks.md keeps of a run: the comparison with the baseline and where it was measured (the full figures when there is none). */
export function docsMarkdown(run: RunFigures): string {
  if (!run.comparison?.length) return markdown(run);
  return [
    `${run.tickets.toLocaleString('en-US')} tickets, ${run.connections} connections, ${run.durationSeconds} s per run after a warm-up, ${run.nodeFlags ? `node ${run.nodeFlags}` : "Node's default heap settings"}.`,
    ...comparisonLines(run),
    '',
    measuredOn(run),
  ].join('\n');
}

/** The figures as a Markdown section (what is printed). */
export function markdown(run: RunFigures): string {
  const lines = [
    `### ${run.tickets.toLocaleString('en-US')} tickets`,
    ...comparisonLines(run),
    '',
    measuredOn(run),
    '',
    `Dataset: ${run.tickets.toLocaleString('en-US')} tickets, ${run.customers.toLocaleString('en-US')} customers, ${run.messages.toLocaleString('en-US')} messages ` +
      `(seeded in ${fmt(run.seedSeconds)} s). ${run.connections} connections, ${run.durationSeconds} s per scenario after a warm-up, ` +
      `DATABASE_POOL_SIZE=${run.poolSize}, ${run.nodeFlags ? `node ${run.nodeFlags}` : "Node's default heap settings"}.`,
    // No table for a run of the sla scenario alone.
    ...(run.scenarios.length || run.events
      ? ['', '| scenario | req/s | p50 ms | p99 ms | max ms | p99 target | met | failures | service CPU | CPU ms/req: service | PostgreSQL | RSS MB | load |', '|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---:|']
      : []),
  ];
  for (const s of run.scenarios) {
    const target = TARGETS[s.target];
    lines.push(
      `| ${s.name} | ${fmt(s.result.requestsPerSecond)} | ${fmt(s.result.p50)} | ${fmt(s.result.p99)} | ${fmt(s.result.max)} | < ${target} | ${verdict(s.result.p99 < target)} | ${s.result.failures} | ${fmt(s.serviceCpu * 100)} % | ${fmt(s.cpuMsPerRequest, 2)} | ${fmt(s.dbCpuMsPerRequest, 2)} | ${fmt(s.rssMb)} | ${fmt(s.loadAvg, 1)} |`,
    );
  }
  const e = run.events;
  if (e) {
    lines.push(
      `| staff reply (load of the event scenario) | ${fmt(e.load.requestsPerSecond)} | ${fmt(e.load.p50)} | ${fmt(e.load.p99)} | ${fmt(e.load.max)} | < ${TARGETS.message} | ${verdict(e.load.p99 < TARGETS.message)} | ${e.load.failures} | ${fmt(e.serviceCpu * 100)} % | ${fmt(e.cpuMsPerRequest, 2)} | ${fmt(e.dbCpuMsPerRequest, 2)} | ${fmt(e.rssMb)} | ${fmt(e.loadAvg, 1)} |`,
      `| **event latency** (response → socket, ${e.sockets} sockets) | ${fmt(e.events / run.durationSeconds)} events/s | ${fmt(e.p50, 1)} | ${fmt(e.p99, 1)} | ${fmt(e.max, 1)} | < ${TARGETS.event} | ${verdict(e.p99 < TARGETS.event)} | ${e.missing} missing | | | | | |`,
    );
  }
  const paced = run.scenarios.filter((s) => s.paced);
  if (paced.length) {
    lines.push(
      '',
      'The same scenarios at a steady rate (one request every 1/rate s over the same connections, after a warm-up at that rate; latency from when each was issued): ' +
        'the latency a client sees at that traffic rather than queueing behind 50 back-to-back connections. ' +
        '"Issued late": how late the load generator woke up to send (p99), not counted. "Steal": CPU time the hypervisor gave to other guests meanwhile; ' +
        `a run with more than ${STEAL_LIMIT * 100} % stolen is measured again (at most ${PACED_ATTEMPTS} runs) and the least-stolen run is shown.`,
      '',
      '| scenario | steady req/s | p50 ms | p99 ms | max ms | p99 target | met | failures | issued late p99 ms | steal |',
      '|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|',
    );
    for (const s of paced) {
      const p = s.paced!;
      const target = TARGETS[s.target];
      lines.push(
        `| ${s.name} | ${p.rate} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${fmt(p.max, 1)} | < ${target} | ${verdict(p.p99 < target)} | ${p.failures} | ${fmt(p.issueLateP99, 1)} | ${fmt(p.steal * 100)} % |`,
      );
    }
  }
  lines.push(
    '',
    `Peak RSS of the service (VmHWM): **${fmt(run.peakRssMb)} MB** (target < ${MEMORY_TARGET_MB} MB: ${run.peakRssMb < MEMORY_TARGET_MB ? 'met' : '**missed**'}).`,
  );
  if (e) {
    lines.push(
      `Event latency measured from the request being sent: p50 ${fmt(e.fromRequest.p50, 1)} ms, p99 ${fmt(e.fromRequest.p99, 1)} ms; ` +
        `${e.beforeResponse} of ${e.events} events reached the client before the HTTP response did (counted as 0 ms).`,
    );
  }
  const sla = run.sla;
  if (sla) {
    lines.push(
      '',
      `SLA: ${sla.clocks} running clocks; the sweep's next due clock in ${fmt(sla.nextDueMs, 2)} ms (${sla.nextDueUsesIndex ? 'partial index ix_sla_clocks_due' : '**not the partial index**'}), ` +
        `what is due in the next minute counted in ${fmt(sla.dueCountMs, 1)} ms. A storm of ${sla.storm} clocks due in the same second: ${sla.breached} breached, ` +
        `the last ${fmt(sla.stormSeconds, 1)} s after the due time (target < 60 s: ${verdict(sla.breached === sla.storm && sla.stormSeconds < 60)}).`,
    );
  }
  return lines.join('\n');
}

/** The comparison with the baseline: targets, ratios, throughput, latency and memory side by side. */
function comparisonLines(run: RunFigures): string[] {
  const rows = run.comparison;
  if (!rows?.length) return [];
  const lines = [
    '',
    `Against the baseline (bare Fastify + pg, same operations, same database), ${rows[0].rounds} alternating rounds, medians:`,
    '',
    '| operation | target | ratio | met | baseline req/s | p50 / p99 ms | service req/s | p50 / p99 ms | load |',
    '|---|---:|---:|:-:|---:|---:|---:|---:|---:|',
  ];
  for (const c of rows) {
    const target = RATIO_TARGETS[c.target];
    lines.push(
      `| ${c.name} | ≥ ${target.toFixed(2)} | **${fmt(c.ratio, 2)}** | ${verdict(c.ratio >= target)} | ${fmt(c.baseline.requestsPerSecond)} | ${fmt(c.baseline.p50)} / ${fmt(c.baseline.p99)} | ` +
        `${fmt(c.service.requestsPerSecond)} | ${fmt(c.service.p50)} / ${fmt(c.service.p99)} | ${fmt(c.loadAvg, 1)} |`,
    );
  }
  const last = rows[rows.length - 1];
  lines.push(
    '',
    `Peak RSS under this load: service **${fmt(last.service.peakRssMb)} MB** (target ≤ ${MEMORY_TARGET_MB} MB: ${verdict(last.service.peakRssMb <= MEMORY_TARGET_MB)}), baseline ${fmt(last.baseline.peakRssMb)} MB.`,
  );
  return lines;
}

/** A one-screen summary for the terminal. */
export function printTable(run: RunFigures, log: (line: string) => void): void {
  log('');
  log(markdown(run));
  const failed = run.scenarios.filter((s) => s.result.firstFailure);
  for (const s of failed) log(`\n${s.name}: first failure: ${s.result.firstFailure}`);
  for (const c of run.comparison ?? []) {
    for (const [which, side] of [['baseline', c.baseline], ['service', c.service]] as const) {
      if (side.firstFailure) log(`\n${c.name} (${which}): first failure: ${side.firstFailure}`);
    }
  }
  if (run.events?.load.firstFailure) log(`\nevent scenario: first failure: ${run.events.load.firstFailure}`);
}

const HEADER = `# Benchmarks

Generated by \`npm run bench\` (see bench/run.ts); the sections between the markers are rewritten by each run of that size (or --section).
`;

/** Replaces (or adds) one section (by default the dataset size's) of the benchmarks document, keeping everything else. */
export function writeDocs(path: string, run: RunFigures, name: string): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${docsMarkdown(run)}\n${end}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  let next: string;
  if (from >= 0 && to > from) next = current.slice(0, from) + section + current.slice(to + end.length);
  else if (current.includes('<!-- bench:results -->')) next = current.replace('<!-- bench:results -->', `${section}\n\n<!-- bench:results -->`);
  else next = `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
