import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * The process-wide Prometheus metrics that domain features count (one scrape
 * target is one process). Features call the `count…` functions below; the
 * per-application gauges (HTTP, pool, outbox) live in the API's MetricsService.
 * Every label value comes from a fixed set: never ids, paths or free text.
 */
export const processMetrics = new Registry();

collectDefaultMetrics({ register: processMetrics, prefix: 'mm_' }); // event-loop lag, memory, CPU, GC, handles

const slaBreaches = new Counter({
  name: 'mm_sla_breaches_total',
  help: 'SLA targets breached, by metric (first_reply, next_reply, resolution)',
  labelNames: ['metric'] as const,
  registers: [processMetrics],
});

export type WebhookDeliveryResult = 'delivered' | 'failed' | 'parked';

const webhookDeliveries = new Counter({
  name: 'mm_webhook_deliveries_total',
  help: 'Webhook delivery attempts, by result (delivered, failed: will be retried, parked: gave up)',
  labelNames: ['result'] as const,
  registers: [processMetrics],
});

const routedAssignments = new Counter({
  name: 'mm_routed_assignments_total',
  help: 'Tickets assigned by the routing rules, by strategy',
  labelNames: ['strategy'] as const,
  registers: [processMetrics],
});

const socketConnections = new Gauge({
  name: 'mm_socket_connections',
  help: 'socket.io connections open on this process',
  registers: [processMetrics],
});

/** One SLA breach recorded (libs/sla, when the breach sweep claims a clock). */
export function countSlaBreach(metric: 'first_reply' | 'next_reply' | 'resolution'): void {
  slaBreaches.inc({ metric });
}

/** One webhook delivery attempt and how it ended. */
export function countWebhookDelivery(result: WebhookDeliveryResult): void {
  webhookDeliveries.inc({ result });
}

/** One ticket assigned by routing; `strategy` is the routing strategy's name (a fixed set such as round_robin, least_loaded). */
export function countRoutedAssignment(strategy: string): void {
  routedAssignments.inc({ strategy });
}

export function countSocketConnected(): void {
  socketConnections.inc();
}

export function countSocketDisconnected(): void {
  socketConnections.dec();
}
