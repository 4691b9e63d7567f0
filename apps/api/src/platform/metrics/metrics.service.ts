import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { processMetrics } from '@mm/core';

/** The node-postgres pool behind TypeORM (its counters are what the pool gauges read). */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

interface OutboxState {
  pending: number;
  parked: number;
  oldestSeconds: number;
}

// Each part probes a partial index (pending, parked): delivered events are never read.
const OUTBOX_STATE = `SELECT (SELECT count(*) FROM outbox_events WHERE delivered_at IS NULL AND parked_at IS NULL) AS pending,
  (SELECT count(*) FROM outbox_events WHERE parked_at IS NOT NULL) AS parked,
  (SELECT EXTRACT(EPOCH FROM now() - min(created_at)) FROM outbox_events WHERE delivered_at IS NULL AND parked_at IS NULL) AS oldest_seconds`;

/**
 * This application's metrics (request durations, database pool, outbox),
 * served with the process-wide ones of libs/core (domain counters, Node's
 * default metrics) by GET /metrics.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();
  private outboxScrape?: Promise<OutboxState>;

  private readonly requestDuration = new Histogram({
    name: 'mm_http_request_duration_seconds',
    help: 'HTTP request duration, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const pool = () => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'mm_db_pool_connections_in_use',
      help: 'Database connections checked out of the pool',
      registers: [this.registry],
      collect() {
        const p = pool();
        if (p) this.set(p.totalCount - p.idleCount);
      },
    });
    new Gauge({
      name: 'mm_db_pool_waiting',
      help: 'Queries waiting for a free database connection',
      registers: [this.registry],
      collect() {
        const p = pool();
        if (p) this.set(p.waitingCount);
      },
    });
    // prom-client collects the gauges of a scrape concurrently: the three outbox gauges share one query.
    const outboxGauge = (name: string, help: string, value: (state: OutboxState) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: async function (this: Gauge) {
          this.set(value(await outboxState()));
        },
      });
    const outboxState = () => (this.outboxScrape ??= this.readOutbox().finally(() => setImmediate(() => (this.outboxScrape = undefined))));
    outboxGauge('mm_outbox_pending_events', 'Domain events not yet delivered (the outbox backlog)', (state) => state.pending);
    outboxGauge('mm_outbox_parked_events', 'Domain events given up on after their attempts', (state) => state.parked);
    outboxGauge('mm_outbox_oldest_pending_age_seconds', 'Age of the oldest undelivered domain event (0 when none)', (state) => state.oldestSeconds);
  }

  private async readOutbox(): Promise<OutboxState> {
    const [row] = await this.dataSource.query<Array<{ pending: string; parked: string; oldest_seconds: string | null }>>(OUTBOX_STATE);
    return { pending: Number(row.pending), parked: Number(row.parked), oldestSeconds: row.oldest_seconds === null ? 0 : Number(row.oldest_seconds) };
  }

  /** `route` is the matched route's template (never the raw path); unmatched requests share one label. */
  observeRequest(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.requestDuration.observe({ method, route: route ?? 'unmatched', status_code: String(statusCode) }, seconds);
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processMetrics, this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }
}
