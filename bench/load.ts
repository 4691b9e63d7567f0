import autocannon from 'autocannon';
import { BenchRequest, idempotencyKey } from './scenarios';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Responses that were not 2xx, connection errors and timeouts. */
  failures: number;
  /** The first failure, to say what went wrong. */
  firstFailure?: string;
}

export interface LoadHooks {
  /** Called with every 2xx response's parsed body, when (performance.now()) its request was sent and when it arrived. */
  onBody?: (body: any, sentAt: number, receivedAt: number) => void;
}

/**
 * Runs one scenario with autocannon: `connections` keep-alive connections,
 * each sending its next request as soon as the previous answered (a closed
 * loop: latency includes queueing in the service), for `durationSeconds`.
 * Latencies are autocannon's (2xx responses only, 1 ms resolution).
 */
export async function runLoad(url: string, next: (n: number) => BenchRequest, options: LoadOptions, hooks: LoadHooks = {}): Promise<LoadResult> {
  let n = 0;
  let firstFailure: string | undefined;
  const instance = autocannon({
    url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (request: any, context: { sentAt?: number }) => {
          const r = next(n++);
          context.sentAt = performance.now();
          const headers: Record<string, string> = { authorization: `Bearer ${r.token}` };
          if (r.body !== undefined) headers['content-type'] = 'application/json';
          if (r.idempotent) headers['idempotency-key'] = idempotencyKey();
          return { ...request, method: r.method, path: r.path, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) };
        },
        onResponse: (status: number, body: string, context: { sentAt?: number }) => {
          if (status >= 200 && status < 300) {
            if (hooks.onBody) hooks.onBody(JSON.parse(body), context.sentAt ?? NaN, performance.now());
          } else {
            firstFailure ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  } as autocannon.Options);
  const result = await instance;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: result.non2xx + result.errors, // errors include timeouts
    firstFailure: firstFailure ?? (result.errors ? `${result.errors} connection errors` : undefined),
  };
}
