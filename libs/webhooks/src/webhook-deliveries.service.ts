import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, countWebhookDelivery, DomainError, DomainErrorCode, CursorPage, DomainEventPayload, DomainEventType, JobQueue, keysetPage, OutboxConsumers, PageRequest, recordAudit, Transactions } from '@mm/core';
import { LiveNotifications, NotificationService, NotificationView } from '@mm/notification';
import { WebhookDelivery, WebhookEndpoint } from './webhook.entities';
import { WebhookEventType } from './webhook-vocabulary';
import { sendWebhook, SendOutcome } from './webhook-sender';
import { signedHeaders } from './webhook-signing';

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';
/** Delivery records are kept this long. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 3600 * 1000;
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Attempts in flight per endpoint and instance: a slow endpoint holds at most this many of the queue's workers. */
const MAX_IN_FLIGHT_PER_ENDPOINT = 2;
const BUSY_ENDPOINT_DELAY_MS = 1000;

/** The webhook event a domain event is, if any (internal notes, read receipts and SLA warnings are not delivered). */
const WEBHOOK_TYPE_OF: Partial<Record<DomainEventType, WebhookEventType>> = {
  'ticket.created': 'ticket.created',
  'ticket.updated': 'ticket.updated',
  'ticket.status_changed': 'ticket.status_changed',
  'ticket.closed': 'ticket.status_changed',
  'ticket.assigned': 'ticket.assigned',
  'ticket.escalated': 'ticket.escalated',
  'ticket.sla_breached': 'ticket.sla_breached',
  'message.created': 'message.created',
  'ticket.merged': 'ticket.merged',
  'feedback.created': 'feedback.created',
};

/** Presents the `data` of deliveries: desk tickets, messages and feedback by id (the surface that owns the desk ticket's shape registers it). */
export interface WebhookDataPresenter {
  tickets(manager: EntityManager, ids: number[]): Promise<Map<number, unknown>>;
  messages(manager: EntityManager, ids: number[]): Promise<Map<number, unknown>>;
  feedback(manager: EntityManager, ids: number[]): Promise<Map<number, unknown>>;
}

/** The events whose `data` is not the desk ticket: the record their payload names. */
const RECORD_OF: Partial<Record<WebhookEventType, { key: string; present: keyof Omit<WebhookDataPresenter, 'tickets'> }>> = {
  'message.created': { key: 'messageId', present: 'messages' },
  'feedback.created': { key: 'feedbackId', present: 'feedback' },
};

interface DeliveryJob {
  deliveryId: string;
  /** The attempts made when the job was sent: a job whose attempt already ran (a manual retry raced it) does nothing. */
  attempts: number;
}

const DELIVERY_KEYSET = { name: 'webhook_deliveries', columns: [{ sql: 'delivery.id', type: 'bigint' as const }], direction: 'DESC' as const };

/**
 * Webhook deliveries (SPEC 7.6). The outbox dispatcher hands each batch of
 * committed events to `fanOut`, which stores one delivery per subscribed
 * active endpoint and event (unique, so a redelivered event adds none) and
 * enqueues its first attempt in the same transaction: database work only,
 * so no receiver ever delays the socket events. Attempts run on the job
 * queue (they survive restarts) with the retry schedule of the config.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly inFlight = new Map<number, number>();
  private presenter?: WebhookDataPresenter;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly consumers: OutboxConsumers,
    private readonly notifications: NotificationService,
    private readonly live: LiveNotifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.register((events, manager) => this.fanOut(events, manager));
    this.jobs.define<DeliveryJob>(WEBHOOK_DELIVERY_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 10, localConcurrency: 4 }, (jobs) =>
      Promise.all(jobs.map((job) => this.attempt(job))).then(() => undefined),
    );
  }

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => void this.purge().catch((error: unknown) => this.logger.warn({ err: error }, 'Purging webhook deliveries failed')), 3600_000);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  presentWith(presenter: WebhookDataPresenter): void {
    this.presenter = presenter;
  }

  /** Stores the deliveries of committed events and enqueues their first attempts (idempotent: at least once). */
  async fanOut(events: { id: string; payload: DomainEventPayload }[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const relevant = events.flatMap(({ id, payload }) => {
      const type = WEBHOOK_TYPE_OF[payload.type];
      return type ? [{ id, payload, type }] : [];
    });
    if (relevant.length === 0 || !this.presenter) return;
    const endpoints = await manager.find(WebhookEndpoint, { where: { active: true } });
    const wanted = relevant.map((event) => ({ event, endpoints: endpoints.filter((e) => e.events.includes(event.type)) })).filter((w) => w.endpoints.length > 0);
    if (wanted.length === 0) return;
    await manager.transaction(async (tx) => {
      const presenter = this.presenter!;
      const ticketIds = wanted.filter((w) => !RECORD_OF[w.event.type]).map((w) => w.event.payload.ticket.id);
      const tickets = ticketIds.length > 0 ? await presenter.tickets(tx, [...new Set(ticketIds)]) : new Map<number, unknown>();
      const records = new Map<string, Map<number, unknown>>();
      for (const { key, present } of Object.values(RECORD_OF)) {
        const ids = wanted.filter((w) => RECORD_OF[w.event.type]?.key === key).map((w) => Number(w.event.payload.data[key]));
        if (ids.length > 0) records.set(key, await presenter[present](tx, ids));
      }
      for (const { event, endpoints: targets } of wanted) {
        const record = RECORD_OF[event.type];
        const data = record ? records.get(record.key)?.get(Number(event.payload.data[record.key])) : tickets.get(event.payload.ticket.id);
        if (data === undefined) continue; // the ticket, message or feedback no longer exists
        const body = JSON.stringify({ type: event.type, timestamp: event.payload.occurredAt, data });
        for (const endpoint of targets) {
          // An INSERT's raw result is its rows.
          const rows = (await tx.query(
            `INSERT INTO webhook_deliveries (endpoint_id, event_id, type, body, next_attempt_at) VALUES ($1, $2, $3, $4, now())
             ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id`,
            [endpoint.id, `evt_${event.id}`, event.type, body],
          )) as { id: string }[];
          if (rows[0]) await this.jobs.send<DeliveryJob>(WEBHOOK_DELIVERY_QUEUE, { deliveryId: String(rows[0].id), attempts: 0 }, {}, tx);
        }
      }
    });
  }

  /** An endpoint's deliveries, newest first. */
  async list(manager: EntityManager, endpointId: number, page: PageRequest): Promise<CursorPage<WebhookDelivery>> {
    const query = manager.createQueryBuilder(WebhookDelivery, 'delivery').where('delivery.endpoint_id = :endpointId', { endpointId });
    return keysetPage(query, DELIVERY_KEYSET, page);
  }

  /** Tries a delivery again now (whatever its state), with the same `webhook-id` and body. */
  retry(endpointId: number, deliveryId: string): Promise<WebhookDelivery> {
    return this.transactions.run(async (manager) => {
      const delivery = await manager.findOne(WebhookDelivery, { where: { id: deliveryId, endpointId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw new DomainError(DomainErrorCode.WebhookNotFound, 'Webhook delivery not found');
      Object.assign(delivery, { status: 'pending', nextAttemptAt: new Date() });
      await manager.save(delivery);
      await this.jobs.send<DeliveryJob>(WEBHOOK_DELIVERY_QUEUE, { deliveryId, attempts: delivery.attempts }, {}, manager);
      return delivery;
    });
  }

  /** Removes delivery records older than 30 days. */
  async purge(now = new Date()): Promise<number> {
    const [, removed] = (await this.dataSource.query('DELETE FROM webhook_deliveries WHERE created_at < $1', [new Date(now.getTime() - DELIVERY_RETENTION_MS)])) as [unknown, number];
    return removed;
  }

  /** One attempt of a job's delivery; never throws (the outcome is the delivery's state and the next job). */
  private async attempt(job: DeliveryJob): Promise<void> {
    try {
      const claimed = await this.claim(job);
      if (!claimed) return;
      const { delivery, endpoint } = claimed;
      const now = new Date();
      const secrets = [endpoint.secret, ...(endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now ? [endpoint.previousSecret] : [])];
      this.inFlight.set(endpoint.id, (this.inFlight.get(endpoint.id) ?? 0) + 1);
      let outcome: SendOutcome;
      try {
        outcome = await sendWebhook(endpoint.url, signedHeaders(delivery.eventId, delivery.body, secrets, now), delivery.body, {
          timeoutMs: this.config.webhooks.timeoutMs,
          allowPrivate: this.config.webhooks.allowPrivateTargets,
          maxResponseBytes: MAX_RESPONSE_BYTES,
        });
      } finally {
        this.inFlight.set(endpoint.id, (this.inFlight.get(endpoint.id) ?? 1) - 1);
      }
      await this.record(delivery.id, endpoint.id, outcome);
    } catch (error) {
      this.logger.error({ err: error, deliveryId: job.deliveryId }, 'Webhook attempt failed to run; the job is retried');
      throw error;
    }
  }

  /**
   * Counts the attempt if the delivery still waits for this job's attempt and
   * its endpoint is on; a busy endpoint's attempt waits a moment (not counted).
   */
  private async claim(job: DeliveryJob): Promise<{ delivery: WebhookDelivery; endpoint: WebhookEndpoint } | null> {
    return this.transactions.run(async (manager) => {
      const delivery = await manager.findOne(WebhookDelivery, { where: { id: job.deliveryId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery || delivery.status !== 'pending' || delivery.attempts !== job.attempts) return null;
      const endpoint = await manager.findOneBy(WebhookEndpoint, { id: delivery.endpointId });
      if (!endpoint) return null;
      if (!endpoint.active) {
        Object.assign(delivery, { status: 'failed', lastError: 'The endpoint is disabled', nextAttemptAt: null });
        await manager.save(delivery);
        return null;
      }
      if ((this.inFlight.get(endpoint.id) ?? 0) >= MAX_IN_FLIGHT_PER_ENDPOINT) {
        await this.jobs.send<DeliveryJob>(WEBHOOK_DELIVERY_QUEUE, job, { startAfter: new Date(Date.now() + BUSY_ENDPOINT_DELAY_MS) }, manager);
        return null;
      }
      delivery.attempts += 1;
      await manager.save(delivery);
      return { delivery, endpoint };
    });
  }

  /** The outcome of an attempt: success, 410 (the endpoint is disabled), or the next attempt on the schedule until failures have lasted too long. */
  private async record(deliveryId: string, endpointId: number, outcome: SendOutcome): Promise<void> {
    const { retryScheduleMs, disableAfterMs } = this.config.webhooks;
    let notified: { userId: number; notification: NotificationView }[] = [];
    const recorded = await this.transactions.run(async (manager) => {
      notified = [];
      const delivery = await manager.findOneOrFail(WebhookDelivery, { where: { id: deliveryId }, lock: { mode: 'pessimistic_write' } });
      const endpoint = await manager.findOneOrFail(WebhookEndpoint, { where: { id: endpointId }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      delivery.lastResponseStatus = outcome.status;
      delivery.lastError = outcome.error ?? (outcome.status >= 200 && outcome.status < 300 ? null : `HTTP ${outcome.status}`);
      if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
        Object.assign(delivery, { status: 'succeeded', nextAttemptAt: null });
        if (endpoint.failingSince) await manager.update(WebhookEndpoint, { id: endpointId }, { failingSince: null });
      } else if (outcome.status === 410) {
        Object.assign(delivery, { status: 'failed', nextAttemptAt: null });
        notified = await this.disable(manager, endpoint, 'gone', deliveryId);
      } else {
        const failingSince = endpoint.failingSince ?? now;
        if (!endpoint.failingSince) await manager.update(WebhookEndpoint, { id: endpointId }, { failingSince });
        const delay = retryScheduleMs[Math.min(delivery.attempts - 1, retryScheduleMs.length - 1)];
        // The endpoint failed for the whole window, or this delivery did (every attempt since it was made).
        if (now.getTime() - Math.min(failingSince.getTime(), delivery.createdAt.getTime()) >= disableAfterMs) {
          Object.assign(delivery, { status: 'failed', nextAttemptAt: null });
          notified = await this.disable(manager, endpoint, 'failing', deliveryId);
        } else {
          delivery.nextAttemptAt = new Date(now.getTime() + delay);
          await this.jobs.send<DeliveryJob>(WEBHOOK_DELIVERY_QUEUE, { deliveryId, attempts: delivery.attempts }, { startAfter: delivery.nextAttemptAt }, manager);
        }
      }
      return manager.save(delivery);
    });
    countWebhookDelivery(recorded.status === 'succeeded' ? 'delivered' : recorded.status === 'pending' ? 'failed' : 'parked');
    await this.live.push(notified);
  }

  /** The service turns an endpoint off (audited as a system change); for 3 days of failures the admins are told (returns their notifications). */
  private async disable(manager: EntityManager, endpoint: WebhookEndpoint, reason: 'gone' | 'failing', deliveryId: string): Promise<{ userId: number; notification: NotificationView }[]> {
    if (!endpoint.active) return [];
    await manager.update(WebhookEndpoint, { id: endpoint.id }, { active: false, disabledReason: reason });
    const before = { id: endpoint.id, url: endpoint.url, active: true };
    await recordAudit(manager, null, { action: `webhook.disabled_${reason}`, entityType: 'webhook', entityId: endpoint.id, before, after: { ...before, active: false } });
    this.logger.warn({ endpointId: endpoint.id, reason }, `Webhook endpoint ${endpoint.id} disabled (${reason})`);
    return reason === 'failing' ? this.notifications.notifyAdmins(manager, 'webhook_disabled', { ticketNumber: '', preview: endpoint.url }, deliveryId) : [];
  }
}
