import { Logger } from '@nestjs/common';
import { Adapter, BroadcastOptions, MessageType } from 'socket.io-adapter';

/** How long an own broadcast waits for the stream reader before it is delivered locally anyway. */
export const READER_WAIT_MS = 1_000;
/** How long a broadcast may take to reach the stream (the client queues commands while Redis is away) before its send fails. */
export const PUBLISH_TIMEOUT_MS = 5_000;
/** After a broadcast failed to reach the stream, broadcasts fail at once (local delivery only) and Redis is asked this often whether it is back. */
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
  readonly uid: string;
  onRawMessage(rawMessage: RawMessage, offset: string): unknown;
  publishAndReturnOffset(message: { type: MessageType; data: unknown }): Promise<string>;
  addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
}

/** A stream entry as the reader hands it over (onlyPlaintext: data is JSON). */
interface RawMessage {
  uid?: string;
  type?: string;
  data?: string;
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
 * While Redis is away no broadcast waits for it: each fails at once and is
 * delivered locally, and a probe every AWAY_RETRY_MS tells when Redis is back.
 * `deliveredLocally(send)` hands the outbox's later events of a ticket to the
 * local sockets meanwhile. What the local sockets got so is not delivered to
 * them again when it reaches the stream, sent by this instance or another.
 */
export class StreamOrderedBroadcasts {
  private readonly logger = new Logger('Realtime');
  private readerAt = '0-0';
  /** Own broadcasts in the stream, not yet delivered locally, in stream order. */
  private readonly waiting: Waiting[] = [];
  private capturing?: Promise<void>[];
  /** Broadcasts delivered only to this instance's sockets while Redis was away → until when to remember them. */
  private readonly awayDeliveries = new Map<string, number>();
  /** Redis did not take a broadcast and the probe has not seen it back: broadcasts are not tried (nothing waits for Redis). */
  private away = false;
  private probe?: NodeJS.Timeout;
  private closed = false;
  /** Set while `deliveredLocally` runs its sends. */
  private localOnly = false;

  constructor(private readonly adapter: StreamsAdapter) {
    const onRawMessage = adapter.onRawMessage.bind(adapter);
    adapter.onRawMessage = (rawMessage, offset) => {
      this.readerReached(offset);
      if (this.deliveredAlready(rawMessage)) return;
      return onRawMessage(rawMessage, offset);
    };
    adapter.broadcast = (packet, opts) => this.broadcast(packet, opts);
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      this.closed = true;
      clearTimeout(this.probe);
      return close();
    };
  }

  /** Whether broadcasts currently fail at once, delivered to this instance's sockets only. */
  get redisAway(): boolean {
    return this.away;
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

  /**
   * Runs `send` (socket.io emits) delivering its broadcasts to this instance's
   * sockets only, now and in order, as if Redis had not taken them: the outbox
   * sends them again later, and that send does not reach these sockets twice.
   */
  deliveredLocally(send: () => void): void {
    this.localOnly = true;
    try {
      send();
    } finally {
      this.localOnly = false;
    }
  }

  private broadcast(packet: Packet, opts: BroadcastOptions): void {
    const deliverLocally = () => Adapter.prototype.broadcast.call(this.adapter, packet, opts);
    if (opts.flags?.local) return deliverLocally();
    if (this.localOnly) return this.deliverWhileAway(packet, opts, deliverLocally);
    const attempt = this.away ? Promise.reject(new Error('Redis is away: the broadcast was not tried')) : this.publish(packet, opts, deliverLocally);
    const publishing = attempt.catch((error: unknown) => {
      this.wentAway();
      this.deliverWhileAway(packet, opts, deliverLocally);
      throw error;
    });
    if (this.capturing) this.capturing.push(publishing);
    else publishing.catch((error: Error) => this.logger.warn({ err: error }, 'Broadcast not published to the Redis stream'));
  }

  private wentAway(): void {
    if (this.away) return;
    this.away = true;
    this.scheduleProbe();
  }

  /** Asks Redis, on the publishing connection, whether it answers again; broadcasts are tried again once it does. */
  private scheduleProbe(): void {
    clearTimeout(this.probe);
    if (this.closed || !this.away) return;
    this.probe = setTimeout(() => {
      withTimeout(this.adapter.serverCount(), PUBLISH_TIMEOUT_MS).then(
        () => (this.away = false),
        () => this.scheduleProbe(),
      );
    }, AWAY_RETRY_MS);
    this.probe.unref();
  }

  /**
   * Redis did not take a broadcast: this instance's sockets get it now (the
   * service degrades to one instance), and the outbox sends it again for the
   * others once Redis is back. Remembered, so that resend reaches the local
   * sockets no second time.
   */
  private deliverWhileAway(packet: Packet, opts: BroadcastOptions, deliver: () => void): void {
    const key = broadcastKey(packet, opts);
    if (this.awayDeliveries.has(key)) return; // a resend that failed again, or delivered ahead already
    if (this.awayDeliveries.size >= MAX_AWAY_DELIVERIES) this.awayDeliveries.delete(this.awayDeliveries.keys().next().value!);
    this.awayDeliveries.set(key, Date.now() + REMEMBER_AWAY_MS);
    // Own broadcasts already in the stream come first: the reader, cut off from Redis too, would hold them back.
    if (this.waiting.length > 0) this.deliverUpTo(this.waiting[this.waiting.length - 1]);
    deliver();
  }

  /** A broadcast of another instance that this one's sockets got while Redis was away (delivered ahead). */
  private deliveredAlready(rawMessage: RawMessage): boolean {
    if (this.awayDeliveries.size === 0 || rawMessage.uid === this.adapter.uid || rawMessage.type !== String(MessageType.BROADCAST)) return false;
    if (!rawMessage.data?.startsWith('{')) return false;
    const { packet, opts } = JSON.parse(rawMessage.data) as { packet: Packet; opts: { rooms: string[]; except?: string[] } };
    return this.deliveredWhileAway(packet, { rooms: new Set(opts.rooms), except: new Set(opts.except ?? []) });
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
    if (this.away) {
      this.away = false;
      clearTimeout(this.probe);
    }
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

/** Runs `send` (emits through `adapter`) for this instance's sockets only while Redis is away (`deliveredLocally`). */
export function deliveredLocallyBy(adapter: object, send: () => void): void {
  const ordered = orderedAdapters.get(adapter);
  if (ordered) ordered.deliveredLocally(send);
}

/** Whether `adapter` cannot reach Redis at the moment (broadcasts go to this instance's sockets only). */
export function redisAwayFor(adapter: object): boolean {
  return orderedAdapters.get(adapter)?.redisAway ?? false;
}
