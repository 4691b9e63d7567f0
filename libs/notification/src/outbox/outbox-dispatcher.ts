import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { APP_CONFIG, AppConfig, DomainEventPayload, traced } from '@mm/core';
import { EventDelivery } from '../event-delivery';
import { retryDelayMs } from './backoff';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber';

export interface ClaimedEvent {
  id: string;
  ticketId: number | null;
  attempts: number;
  payload: DomainEventPayload;
}

export interface OutboxStats {
  pending: number;
  parked: number;
}

const BATCH_SIZE = 20;
/**
 * An idle dispatcher nudged by a commit waits this long, so the events of
 * the commits that land meanwhile go out in one batch: at a steady 100
 * creates a second, a drain per commit added four round trips to each
 * (docs/benchmarks.md).
 */
const NUDGE_COALESCE_MS = 15;
/** A claimed row is invisible to other dispatchers this long; a crash mid-delivery makes it due again after it. */
const LEASE_SECONDS = 30;

/**
 * Claims due events: never a row another dispatcher holds (SKIP LOCKED), and
 * only the oldest pending row of each ticket, so a ticket's events go out one
 * at a time in id (= commit) order even with several instances. Claiming is
 * one short statement: it leases the rows (available_at moves ahead) and
 * counts the attempt, so no transaction stays open during delivery.
 * "Oldest pending of its ticket" is a correlated min() over ix_outbox_pending_ticket,
 * one index probe per row: written as NOT EXISTS, the planner (whose statistics
 * see an empty queue) joined every pending row with every other one, and a
 * backlog of 2,500 events took 1.3 s per claim of 20 (docs/benchmarks.md).
 */
const CLAIM_SQL = `
  WITH due AS (
    SELECT o.id FROM outbox_events o
    WHERE o.delivered_at IS NULL AND o.parked_at IS NULL AND o.available_at <= now()
      AND (o.ticket_id IS NULL OR o.id = (
        SELECT min(first.id) FROM outbox_events first
        WHERE first.ticket_id = o.ticket_id AND first.delivered_at IS NULL AND first.parked_at IS NULL))
    ORDER BY o.id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox_events o
  SET attempts = o.attempts + 1, available_at = now() + make_interval(secs => $2)
  FROM due WHERE o.id = due.id
  RETURNING o.id, o.ticket_id, o.attempts, o.payload`;

/** The pending events of the tickets delivered ahead, past each ticket's mark, in id order (ix_outbox_pending_ticket). */
const AHEAD_SQL = `
  SELECT o.id, o.ticket_id, o.payload FROM unnest($1::int[], $2::bigint[]) AS mark(ticket_id, up_to)
  JOIN outbox_events o ON o.ticket_id = mark.ticket_id AND o.id > mark.up_to AND o.delivered_at IS NULL AND o.parked_at IS NULL
  ORDER BY o.id
  LIMIT $3`;
/**
 * Events that failed while Redis was away are due again once it is back, so
 * the other instances catch up at once rather than after their backoff; not
 * one another dispatcher claimed since (its attempts moved on).
 */
const HURRY_SQL = `
  UPDATE outbox_events o SET available_at = now()
  FROM unnest($1::bigint[], $2::int[]) AS held(id, attempts)
  WHERE o.id = held.id AND o.attempts = held.attempts AND o.delivered_at IS NULL AND o.parked_at IS NULL`;
/** At most this many tickets (and failed events) are remembered while Redis is away; the others wait for Redis, as before. */
const MAX_AWAY_ENTRIES = 10_000;

/**
 * Delivers outbox rows after commit, at least once, in commit order per
 * ticket: polls every OUTBOX_POLL_MS and is nudged right after local commits.
 * A failed delivery is retried with exponential backoff; after
 * OUTBOX_MAX_ATTEMPTS the row is parked (logged, counted in /health/ready).
 * When a delivery failed because Redis is away, the ticket's later events
 * (held back by the order per ticket) still reach this instance's sockets at
 * once, in order (`ahead`): the service degrades to one instance instead of
 * holding the ticket's realtime until Redis is back.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private readonly subscriber = new OutboxCommitSubscriber(() => this.nudge());
  private timer?: NodeJS.Timeout;
  /** When the scheduled run is due (epoch ms). */
  private dueAt = Infinity;
  private running?: Promise<void>;
  private nudged = false;
  private stopped = true;
  /**
   * A connection of the dispatcher's own, held while it runs: from the shared
   * pool, each of its queries waited behind every queued HTTP request, and
   * under load delivery slowed to a few events a second (docs/benchmarks.md).
   * Not with a single-connection pool (the embedded database): it would starve the app.
   */
  private connection?: QueryRunner;
  /**
   * While Redis is away: tickets with an event Redis did not take → the last of
   * their events this instance's sockets got ahead of the stream. Forgotten
   * once Redis is back (what the sockets got is remembered by the adapter).
   */
  private readonly ahead = new Map<number, bigint>();
  /** Events that failed while Redis was away → their attempts then. */
  private readonly failedWhileAway = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly delivery: EventDelivery,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.outbox.dispatch) {
      this.logger.warn('OUTBOX_DISPATCH=false: this instance records events but does not deliver them');
      return;
    }
    this.stopped = false;
    this.dataSource.subscribers.push(this.subscriber);
    this.schedule(0);
  }

  /** Stops polling and waits for the delivery in progress (the database closes after this). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const index = this.dataSource.subscribers.indexOf(this.subscriber);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
    await this.running;
    await this.dropConnection();
  }

  /** Deliver soon (within NUDGE_COALESCE_MS) rather than at the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.nudged = true;
    else if (this.dueAt > Date.now() + NUDGE_COALESCE_MS) this.schedule(NUDGE_COALESCE_MS);
  }

  async stats(): Promise<OutboxStats> {
    const [row] = await this.dataSource.query<{ pending: string; parked: string }[]>(
      `SELECT (SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND parked_at IS NULL) AS pending,
              (SELECT count(*) FROM outbox_events WHERE parked_at IS NOT NULL) AS parked`,
    );
    return { pending: Number(row.pending), parked: Number(row.parked) };
  }

  /** For /health/ready: parked events are reported, not a reason to take the instance out of service. */
  async healthCheck(): Promise<{ outbox: ({ status: 'up' } & OutboxStats) | { status: 'down' } }> {
    try {
      return { outbox: { status: 'up', ...(await this.stats()) } };
    } catch {
      return { outbox: { status: 'down' } }; // the database check reports why
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.dueAt = Infinity;
      this.run();
    }, delayMs);
  }

  private run(): void {
    if (this.running || this.stopped) return;
    this.nudged = false;
    this.running = this.drain()
      .catch(async (error: unknown) => {
        this.logger.error({ err: error }, 'Outbox dispatch failed; retrying at the next poll');
        await this.dropConnection(); // it may be the connection that broke
      })
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.nudged ? 0 : this.config.outbox.pollMs);
      });
  }

  /** Claims and delivers batches until nothing is due. */
  private async drain(): Promise<void> {
    const db = await this.database();
    if (!this.delivery.realtimeAway) await this.backFromAway(db);
    while (!this.stopped) {
      const batch = await this.claim(db);
      if (batch.length === 0) return this.deliverAhead(db);
      if (this.stopped) return this.release(db, batch);
      await traced('outbox.deliver', { 'outbox.events': batch.length, 'outbox.first_event_id': batch[0].id }, () => this.deliverBatch(db, batch));
    }
  }

  /** The pending events of the tickets in `ahead` that this instance's sockets have not had yet, to them only (EventDelivery.deliverLocally). */
  private async deliverAhead(db: EntityManager): Promise<void> {
    while (this.ahead.size > 0 && this.delivery.realtimeAway && !this.stopped) {
      const rows = await db.query<{ id: string; ticket_id: number; payload: DomainEventPayload }[]>(AHEAD_SQL, [
        [...this.ahead.keys()],
        [...this.ahead.values()].map(String),
        BATCH_SIZE,
      ]);
      if (rows.length === 0) return;
      await this.delivery.deliverLocally(rows.map((r) => ({ id: String(r.id), payload: r.payload })), db);
      for (const row of rows) this.ahead.set(row.ticket_id, BigInt(row.id));
      if (rows.length < BATCH_SIZE) return;
    }
  }

  private async backFromAway(db: EntityManager): Promise<void> {
    this.ahead.clear();
    if (this.failedWhileAway.size === 0) return;
    const held = [...this.failedWhileAway];
    this.failedWhileAway.clear();
    await db.query(HURRY_SQL, [held.map(([id]) => id), held.map(([, attempts]) => attempts)]);
  }

  /**
   * The whole batch with one round of queries (notifications, then one
   * "delivered" update): per event, four round trips kept delivery behind the
   * replies under load (docs/benchmarks.md). If that fails, event by event, so
   * one failing event neither fails nor holds back the others (an event
   * already emitted may be emitted again: at least once).
   */
  private async deliverBatch(db: EntityManager, batch: ClaimedEvent[]): Promise<void> {
    try {
      await this.delivery.deliverAll(batch, db);
    } catch {
      for (const [index, event] of batch.entries()) {
        if (this.stopped) {
          await this.release(db, batch.slice(index));
          return;
        }
        await this.deliverOne(db, event);
      }
      return;
    }
    await db.query('UPDATE outbox_events SET delivered_at = now(), last_error = NULL WHERE id = ANY($1::bigint[])', [batch.map((e) => e.id)]);
  }

  private async database(): Promise<EntityManager> {
    const poolSize = (this.dataSource.options as { poolSize?: number }).poolSize ?? 10;
    if (poolSize <= 1) return this.dataSource.manager;
    if (!this.connection || this.connection.isReleased) {
      this.connection = this.dataSource.createQueryRunner();
      await this.connection.connect();
    }
    return this.connection.manager;
  }

  private async dropConnection(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection && !connection.isReleased) await connection.release().catch(() => undefined);
  }

  private async claim(db: EntityManager): Promise<ClaimedEvent[]> {
    const [rows] = await db.query<[{ id: string; ticket_id: number | null; attempts: number; payload: DomainEventPayload }[], number]>(CLAIM_SQL, [
      BATCH_SIZE,
      LEASE_SECONDS,
    ]);
    return rows
      .map((r) => ({ id: String(r.id), ticketId: r.ticket_id, attempts: r.attempts, payload: r.payload }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  private async deliverOne(db: EntityManager, event: ClaimedEvent): Promise<void> {
    try {
      await this.delivery.deliver(event.id, event.payload, db);
    } catch (error) {
      await this.failed(db, event, error);
      return;
    }
    await db.query('UPDATE outbox_events SET delivered_at = now(), last_error = NULL WHERE id = $1', [event.id]);
  }

  private async failed(db: EntityManager, event: ClaimedEvent, error: unknown): Promise<void> {
    if (this.delivery.realtimeAway) this.failedWhileRedisAway(event);
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const context = { eventId: event.id, type: event.payload?.type, ticketId: event.ticketId, attempts: event.attempts };
    if (event.attempts >= this.config.outbox.maxAttempts) {
      await db.query('UPDATE outbox_events SET parked_at = now(), last_error = $2 WHERE id = $1', [event.id, message]);
      this.logger.error({ ...context, err: error }, `Outbox event ${event.id} parked after ${event.attempts} failed attempts: ${message}`);
      return;
    }
    const delayMs = retryDelayMs(event.attempts, this.config.outbox.pollMs);
    await db.query('UPDATE outbox_events SET available_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1', [
      event.id,
      delayMs / 1000,
      message,
    ]);
    this.logger.warn({ ...context, retryInMs: delayMs }, `Outbox event ${event.id} failed, retrying: ${message}`);
  }

  /** The event's ticket is delivered ahead from this event on (it may not have reached the local sockets if something else failed too). */
  private failedWhileRedisAway(event: ClaimedEvent): void {
    if (this.failedWhileAway.size < MAX_AWAY_ENTRIES) this.failedWhileAway.set(event.id, event.attempts);
    if (event.ticketId === null || this.ahead.has(event.ticketId) || this.ahead.size >= MAX_AWAY_ENTRIES) return;
    this.ahead.set(event.ticketId, BigInt(event.id) - 1n);
  }

  /** Hands claimed but undelivered rows back at shutdown, so another instance delivers them without waiting for the lease. */
  private async release(db: EntityManager, events: ClaimedEvent[]): Promise<void> {
    await db.query('UPDATE outbox_events SET available_at = now(), attempts = attempts - 1 WHERE id = ANY($1::bigint[]) AND delivered_at IS NULL', [
      events.map((e) => e.id),
    ]);
  }
}
