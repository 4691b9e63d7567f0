import { io, Socket } from 'socket.io-client';
import { runLoad, LoadOptions, LoadResult } from './load';
import { ADMINS } from './dataset';
import { Samples, Tokens } from './scenarios';

export interface EventLatencyResult {
  sockets: number;
  /** The load that caused the events (admin replies), as any HTTP scenario. */
  load: LoadResult;
  events: number;
  missing: number;
  /** Events that reached the client before the HTTP response reached the sender (counted as 0 ms). */
  beforeResponse: number;
  p50: number;
  p99: number;
  max: number;
  /** The same, measured from when the request was sent. */
  fromRequest: { p50: number; p99: number };
}

const CONNECT_BATCH = 50;

/**
 * Socket event latency with `sockets` connected customers: staff replies
 * (POST /api/support-tickets/{id}/messages as an admin, 50 connections) on
 * those customers' tickets; each customer's socket waits for the
 * `support:message_created` of that message. Latency = event received −
 * HTTP response received, both in this process: the time from commit (the
 * response is sent after it) through the outbox dispatcher and socket.io to
 * the client.
 */
export async function measureEventLatency(url: string, sockets: number, samples: Samples, tokens: Tokens, load: LoadOptions, log: (line: string) => void): Promise<EventLatencyResult> {
  const eventAt = new Map<number, number>();
  const clients: Socket[] = [];
  try {
    const started = Date.now();
    for (let first = 0; first < sockets; first += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, sockets - first) }, (_, i) => connect(url, tokens.customer(first + i)));
      clients.push(...(await Promise.all(batch)));
    }
    log(`  ${clients.length} sockets connected in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const client of clients) {
      client.on('support:message_created', (payload: { messageId: number }) => {
        if (!eventAt.has(payload.messageId)) eventAt.set(payload.messageId, performance.now());
      });
    }

    const targets = samples.eventTickets;
    if (!targets.length) throw new Error('no ticket of a socket customer to reply on');
    const sentAt = new Map<number, number>();
    const responseAt = new Map<number, number>();
    const result = await runLoad(
      url,
      (n) => {
        const [, ticketId] = targets[n % targets.length];
        return { method: 'POST', path: `/api/support-tickets/${ticketId}/messages`, token: tokens.admin(n % ADMINS), body: { message: `We are on it (${n}).` }, idempotent: true };
      },
      load,
      {
        onBody: (body: { data: { id: number } }, sent, received) => {
          sentAt.set(body.data.id, sent);
          responseAt.set(body.data.id, received);
        },
      },
    );
    // Let the last events arrive.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && [...responseAt.keys()].some((id) => !eventAt.has(id))) await new Promise((resolve) => setTimeout(resolve, 100));

    const latencies: number[] = [];
    const fromRequest: number[] = [];
    let missing = 0;
    let beforeResponse = 0;
    for (const [messageId, responded] of responseAt) {
      const received = eventAt.get(messageId);
      if (received === undefined) {
        missing++;
        continue;
      }
      if (received < responded) beforeResponse++;
      latencies.push(Math.max(0, received - responded));
      fromRequest.push(received - sentAt.get(messageId)!);
    }
    return {
      sockets: clients.length,
      load: result,
      events: latencies.length,
      missing,
      beforeResponse,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      fromRequest: { p50: percentile(fromRequest, 50), p99: percentile(fromRequest, 99) },
    };
  } finally {
    for (const client of clients) client.disconnect();
  }
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect within 30 s')), 30_000);
    socket.once('session:ready', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
