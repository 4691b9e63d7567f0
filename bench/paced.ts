import { Agent, request } from 'node:http';
import { percentile } from './event-latency';
import { BenchRequest, idempotencyKey } from './scenarios';

export interface PacedResult {
  rate: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
}

/**
 * An open-loop load: one request every 1/rate seconds, evenly spaced, whatever
 * the answers (up to `connections` keep-alive connections in flight). Latency
 * runs from when a request was due, so a slow answer that delays the next
 * ones is counted against them too (no coordinated omission). This is the
 * latency a client sees at that traffic, as opposed to the closed loop, where
 * 50 connections send back to back and latency is mostly queueing.
 */
export async function runPaced(url: string, next: (n: number) => BenchRequest, options: { rate: number; durationSeconds: number; connections: number }): Promise<PacedResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let failures = 0;
  const total = Math.max(1, Math.round(options.rate * options.durationSeconds));
  const interval = 1000 / options.rate;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const r = next(n);
    inFlight.push(
      send(target, agent, r).then(
        (status) => {
          if (status >= 200 && status < 300) latencies.push(performance.now() - due);
          else failures++;
        },
        () => {
          failures++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { rate: options.rate, requests: total, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100), failures };
}

function send(target: URL, agent: Agent, r: BenchRequest): Promise<number> {
  const body = r.body === undefined ? undefined : JSON.stringify(r.body);
  const headers: Record<string, string> = { authorization: `Bearer ${r.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (r.idempotent) headers['idempotency-key'] = idempotencyKey();
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: r.path, method: r.method, headers, agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}
