import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { DomainEventPayload, DomainEventType, recordEvent, Transactions } from '@mm/core';
import { Ticket, toSnapshot } from '@mm/ticket';
import { Person } from './factories';
import { TestApp } from './test-app';
import { createFreshDatabase, dropDatabase, migrate } from './test-database';

export type ClientSocket = Socket;

export interface ReceivedEvent {
  name: string;
  payload: any;
}

/**
 * A real socket.io client that records every event it receives, so a test can
 * wait for one (`next`) or prove one never came (`received`).
 */
export class RecordingSocket {
  readonly events: ReceivedEvent[] = [];
  private waiters: { match: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void }[] = [];

  constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => {
      const event = { name, payload };
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(event)) return true;
        w.resolve(event);
        return false;
      });
    });
  }

  /** The first event called `name` (already received or coming) whose payload satisfies `where`. */
  next(name: string, where: (payload: any) => boolean = () => true, timeoutMs = 10_000): Promise<any> {
    const match = (e: ReceivedEvent) => e.name === name && where(e.payload);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen.payload);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no "${name}" event within ${timeoutMs} ms; received: ${JSON.stringify(this.events.map((e) => e.name))}`));
      }, timeoutMs);
      const done = (e: ReceivedEvent) => {
        clearTimeout(timer);
        resolve(e.payload);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Every received event called `name`. */
  received(name: string): any[] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload);
  }

  emitWithAck(event: string, body: unknown): Promise<any> {
    return this.socket.timeout(10_000).emitWithAck(event, body);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export interface ConnectOptions {
  token?: string;
  /** Send the token as an `Authorization: Bearer` header instead of `auth.token`. */
  viaHeader?: boolean;
}

function clientFor(url: string, options: ConnectOptions): Socket {
  const auth = options.token !== undefined && !options.viaHeader ? { token: options.token } : {};
  return io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth,
    extraHeaders: options.viaHeader && options.token ? { authorization: `Bearer ${options.token}` } : undefined,
  });
}

/** Connects and resolves once the server accepted the handshake (after `session:ready`, so rooms are joined). */
export async function connectSocket(url: string, options: ConnectOptions): Promise<RecordingSocket> {
  const socket = clientFor(url, options);
  const recording = new RecordingSocket(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  await recording.next('session:ready');
  return recording;
}

/** Connects and resolves with the `connect_error` the server refused it with (fails if it connects). */
export function connectRefused(url: string, options: ConnectOptions): Promise<Error & { data?: any }> {
  const socket = clientFor(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('the server accepted the connection'));
    });
    socket.once('connect_error', (error) => {
      socket.disconnect();
      resolve(error);
    });
  });
}

/** Proves a negative: lets in-flight events arrive before asserting that something did not. */
export const settle = (ms = 500) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A database of the suite's own: every e2e suite shares the run's database,
 * and the dispatcher of another suite's app would deliver this suite's events
 * to its own (unconnected) sockets. With the embedded fallback (suites in
 * band, one at a time) the run's database is used.
 */
export async function ownDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.E2E_ADMIN_DATABASE_URL;
  if (!adminUrl) return { url: process.env.E2E_DATABASE_URL!, drop: async () => undefined };
  const url = await createFreshDatabase(adminUrl, 'mm_rt');
  await migrate(url);
  return { url, drop: () => dropDatabase(adminUrl, url) };
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at `url` (the suites that need one say so and pass instead of failing without it). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Records an outbox event exactly as the domain does (recordEvent in a transaction of the running app). */
export function recordSyntheticEvent(app: TestApp, type: DomainEventType, ticket: Ticket, actor: Person, data: Record<string, unknown> = {}): Promise<void> {
  const payload: DomainEventPayload = {
    type,
    ticket: toSnapshot(ticket),
    actor: { id: actor.user.id, role: actor.user.role },
    occurredAt: new Date().toISOString(),
    data,
  };
  return app.running.app.get(Transactions).run((manager) => recordEvent(manager, payload));
}

export { describeWithPostgres, itWithPostgres } from './database-mode';
