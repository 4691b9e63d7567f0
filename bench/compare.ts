/**
 * The service against the baseline (bench/baseline): the same operations, the same load, on the
 * same database, in alternating rounds (baseline first in odd rounds, the service first in even
 * ones), so that whatever else the machine does falls on both alike. Medians per operation.
 */
import { LoadResult, runLoad } from './load';
import { BenchRequest, HttpScenario } from './scenarios';
import { BenchService } from './service';

/** Throughput targets: the service's median req/s over the baseline's. */
export const RATIO_TARGETS = { track: 0.8, list: 0.7, create: 0.7 } as const;

export interface ComparedOperation {
  name: string;
  about: string;
  target: keyof typeof RATIO_TARGETS;
  request(n: number): BenchRequest;
}

/** The operations compared: seed 000's track status and create, the helpdesk's and the desk's first page. */
export function comparedOperations(scenarios: HttpScenario[], agentToken: (n: number) => string): ComparedOperation[] {
  const byName = (name: string) => {
    const scenario = scenarios.find((s) => s.name === name);
    if (!scenario) throw new Error(`no scenario "${name}"`);
    return scenario;
  };
  const track = byName('track status');
  const helpdesk = byName('list · first page (agent)');
  const create = byName('create · munch');
  return [
    { name: 'track status', about: track.about, target: 'track', request: track.request },
    { name: 'helpdesk list · first page', about: helpdesk.about, target: 'list', request: helpdesk.request },
    {
      name: 'desk list · first page',
      about: 'GET /api/desk/tickets as an agent: assigned to them + unassigned queue, 25 per page',
      target: 'list',
      request: (n) => ({ method: 'GET', path: '/api/desk/tickets', token: agentToken(n) }),
    },
    // Last: it adds tickets.
    { name: 'munch create', about: create.about, target: 'create', request: create.request },
  ];
}

export interface SideFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  firstFailure?: string;
  /** Peak resident memory of the process so far (VmHWM), MB. */
  peakRssMb: number;
}

export interface ComparedFigures {
  name: string;
  about: string;
  target: keyof typeof RATIO_TARGETS;
  rounds: number;
  baseline: SideFigures;
  service: SideFigures;
  /** Median service req/s over median baseline req/s. */
  ratio: number;
  loadAvg: number;
}

export interface ComparisonOptions {
  rounds: number;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Before each measured run (vacuum, wait for calm). */
  before?: () => Promise<void>;
  /** The 1-minute load average now. */
  load: () => number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function side(results: LoadResult[], peakRssMb: number): SideFigures {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    firstFailure: results.find((r) => r.firstFailure)?.firstFailure,
    peakRssMb,
  };
}

export async function compareWithBaseline(
  servers: { service: BenchService; baseline: BenchService },
  operations: ComparedOperation[],
  options: ComparisonOptions,
  log: (line: string) => void,
): Promise<ComparedFigures[]> {
  const figures: ComparedFigures[] = [];
  for (const operation of operations) {
    const runs = { service: [] as LoadResult[], baseline: [] as LoadResult[] };
    const loads: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? (['baseline', 'service'] as const) : (['service', 'baseline'] as const);
      for (const which of order) {
        const server = servers[which];
        await options.before?.();
        loads.push(options.load());
        const load = { connections: options.connections, durationSeconds: options.warmupSeconds };
        if (options.warmupSeconds) await runLoad(server.url, operation.request, load);
        runs[which].push(await runLoad(server.url, operation.request, { ...load, durationSeconds: options.durationSeconds }));
      }
    }
    const service = side(runs.service, servers.service.memory().peakMb);
    const baseline = side(runs.baseline, servers.baseline.memory().peakMb);
    const ratio = service.requestsPerSecond / Math.max(1e-9, baseline.requestsPerSecond);
    const result = { name: operation.name, about: operation.about, target: operation.target, rounds: options.rounds, baseline, service, ratio, loadAvg: median(loads) };
    log(
      `  baseline · ${operation.name}: ratio ${ratio.toFixed(2)} (target ${RATIO_TARGETS[operation.target]}); ` +
        `baseline ${baseline.requestsPerSecond.toFixed(0)} req/s p50 ${baseline.p50} p99 ${baseline.p99} ms; ` +
        `service ${service.requestsPerSecond.toFixed(0)} req/s p50 ${service.p50} p99 ${service.p99} ms (${options.rounds} rounds, load ${result.loadAvg.toFixed(2)})`,
    );
    figures.push(result);
  }
  return figures;
}
