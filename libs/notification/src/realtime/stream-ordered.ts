import { Logger } from '@nestjs/common';
import { Adapter, BroadcastOptions, MessageType } from 'socket.io-adapter';

/** How long an own broadcast waits for the stream reader before it is delivered locally anyway. */
export const READER_WAIT_MS = 1_000;
/** How long a broadcast may take to reach the stream (the client queues commands while Redis is away) before its send fails. */
export const PUBLISH_TIMEOUT_MS = 5_000;
/** After a broadcast failed to reach the stream, the next ones fail at once for this long (local delivery only), then one tries again. */
export const AWAY_RETRY_MS = 2_000;

type Packet = Parameters<Adapter['broadcast']>[0];

/** How long, and how many, broadcasts delivered locally while Redis was away are remembered (the outbox resends within minutes). */
const REMEMBER_AWAY_MS = 10 * 60 * 1000;
const MAX_AWAY_DELIVERIES = 10_000;

/** The same event to the same rooms: what a resend by the outbox broadcasts again. */
function broadcastKey(packet: Packet, opts: BroadcastOptions): string {
  return JSON.stringify([packet.data, [...opts.rooms].sort(), [...(opts.except ?? [])].sort()]);
}

/** The parts of the Redis Streams adapter (a socket.io ClusterAdapter) this wrapper relies on. */
interface StreamsAdapter extends Adapter {
  onRawMessage(rawMessage: unknown, offset: string): unknown;
  publishAndReturnOffset(message: { type: MessageType; data: unknown }): Promise<string>;
  addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
}

interface Waiting {
  offset: string;
  deliver: () => void;
  timer: NodeJS.Timeout;
}

/** Stream entry ids are "<milliseconds>-<sequence>". */
function atOrBefore(a: string, b: string): boolean {
  const [aMs, aSeq] = a.split('-').map(BigInt);
  const [bMs, bSeq] = b.split('-').map(BigInt);
  return aMs < bMs || (aMs === bMs && aSeq <= bSeq);
}

/**
 * Makes every instance deliver broadcasts in stream order. The Redis Streams
 * adapter hands an instance's own broadcast to its local sockets as soon as
 * its XADD returns and other instances' broadcasts when its stream reader gets
 * to them, so a local event could overtake an earlier remote one; it also
 * delivers locally when the XADD failed, which other instances never see.
 * Here an own broadcast is delivered locally when the reader reaches its entry
 * (or after READER_WAIT_MS: the reader starts at "$" and may not have started
 * yet); one whose XADD failed is delivered locally at once and only there
 * (deliverWhileAway). `published(send)` resolves once what
 * `send` broadcast is in the stream and rejects if it could not be written
 * (within PUBLISH_TIMEOUT_MS), so the outbox marks an event delivered only then (docs/decisions.md, "Order per ticket").
 */
export class StreamOrderedBroadcasts {
  private readonly logger = new Logger('Realtime');
  private readerAt = '0-0';
  /** Own broadcasts in the stream, not yet delivered locally, in stream order. */
  private readonly waiting: Waiting[] = [];
  private capturing?: Promise<void>[];
  /** Broadcasts delivered only to this instance's sockets while Redis was away → until when to remember them. */
  private readonly awayDeliveries = new Map<string, number>();
  /** Until when Redis counts as away: broadcasts are not tried, so an outbox backlog is not paced by PUBLISH_TIMEOUT_MS. */
  private awayUntil = 0;

  constructor(private readonly adapter: StreamsAdapter) {
    const onRawMessage = adapter.onRawMessage.bind(adapter);
    adapter.onRawMessage = (rawMessage, offset) => {
      this.readerReached(offset);
      return onRawMessage(rawMessage, offset);
    };
    adapter.broadcast = (packet, opts) => this.broadcast(packet, opts);
  }

  /** Runs `send` (socket.io emits) and resolves when its broadcasts are in the stream. */
  async published(send: () => void): Promise<void> {
    const captured: Promise<void>[] = [];
    this.capturing = captured;
    try {
      send();
    } finally {
      this.capturing = undefined;
    }
    await Promise.all(captured);
  }

  private broadcast(packet: Packet, opts: BroadcastOptions): void {
    const deliverLocally = () => Adapter.prototype.broadcast.call(this.adapter, packet, opts);
    if (opts.flags?.local) return deliverLocally();
    const attempt = Date.now() < this.awayUntil ? Promise.reject(new Error('Redis is away: the broadcast was not tried')) : this.publish(packet, opts, deliverLocally);
    const publishing = attempt.catch((error: unknown) => {
      this.awayUntil = Math.max(this.awayUntil, Date.now() + AWAY_RETRY_MS);
      this.deliverWhileAway(packet, opts, deliverLocally);
      throw error;
    });
    if (this.capturing) this.capturing.push(publishing);
    else publishing.catch((error: Error) => this.logger.warn({ err: error }, 'Broadcast not published to the Redis stream'));
  }

  /**
   * Redis did not take a broadcast: this instance's sockets get it now (the
   * service degrades to one instance), and the outbox sends it again for the
   * others once Redis is back. Remembered, so that resend reaches the local
   * sockets no second time.
   */
  private deliverWhileAway(packet: Packet, opts: BroadcastOptions, deliver: () => void): void {
    const key = broadcastKey(packet, opts);
    if (this.awayDeliveries.has(key)) return; // a resend that failed again
    if (this.awayDeliveries.size >= MAX_AWAY_DELIVERIES) this.awayDeliveries.delete(this.awayDeliveries.keys().next().value!);
    this.awayDeliveries.set(key, Date.now() + REMEMBER_AWAY_MS);
    deliver();
  }

  /** Whether this (resent) broadcast already reached the local sockets while Redis was away; forgets it. */
  private deliveredWhileAway(packet: Packet, opts: BroadcastOptions): boolean {
    if (this.awayDeliveries.size === 0) return false;
    const now = Date.now();
    for (const [key, until] of this.awayDeliveries) if (until <= now) this.awayDeliveries.delete(key);
    return this.awayDeliveries.delete(broadcastKey(packet, opts));
  }

  private async publish(packet: Packet, opts: BroadcastOptions, deliverLocally: () => void): Promise<void> {
    const offset = await withTimeout(
      this.adapter.publishAndReturnOffset({
        type: MessageType.BROADCAST,
        data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
      }),
      PUBLISH_TIMEOUT_MS,
    );
    // Before the offset is added to the packet: the key is the broadcast as it was sent while Redis was away.
    if (this.deliveredWhileAway(packet, opts)) deliverLocally = () => undefined;
    this.adapter.addOffsetIfNecessary(packet, opts, offset);
    if (atOrBefore(offset, this.readerAt)) return deliverLocally();
    const waiting: Waiting = { offset, deliver: deliverLocally, timer: setTimeout(() => this.deliverUpTo(waiting), READER_WAIT_MS) };
    waiting.timer.unref();
    this.waiting.push(waiting);
  }

  /** Called for every stream entry, in order, before the adapter handles it. */
  private readerReached(offset: string): void {
    this.readerAt = offset;
    while (this.waiting.length > 0 && atOrBefore(this.waiting[0].offset, offset)) this.deliverNext();
  }

  private deliverUpTo(last: Waiting): void {
    while (this.waiting.includes(last)) this.deliverNext();
  }

  private deliverNext(): void {
    const next = this.waiting.shift()!;
    clearTimeout(next.timer);
    next.deliver();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not take the broadcast within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const orderedAdapters = new WeakMap<object, StreamOrderedBroadcasts>();

/** Wraps the Redis Streams adapter factory (`createAdapter(...)`) so its adapters deliver in stream order. */
export function streamOrdered<F extends (nsp: unknown) => unknown>(factory: F): F {
  // A function, not an arrow: socket.io calls it with `new`.
  return function orderedAdapter(nsp: unknown) {
    const adapter = factory(nsp) as StreamsAdapter;
    orderedAdapters.set(adapter, new StreamOrderedBroadcasts(adapter));
    return adapter;
  } as F;
}

/** Runs `send` (emits through `adapter`) and resolves once its broadcasts reached every instance's transport; at once without Redis. */
export function publishedBy(adapter: object, send: () => void): Promise<void> {
  const ordered = orderedAdapters.get(adapter);
  if (ordered) return ordered.published(send);
  send();
  return Promise.resolve();
}
