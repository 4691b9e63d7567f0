import { timingSafeEqual } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@mm/core';
import { MetricsService } from './metrics.service';

function sameToken(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics (SPEC 7.7): Prometheus text for a scraper holding METRICS_TOKEN,
 * a route of its own outside the API's guard (no user may read it, whatever
 * their role); without METRICS_TOKEN it is not served at all (404). Request
 * durations of every route are timed here too, by route template.
 */
export function serveMetrics(app: NestFastifyApplication, config: AppConfig): void {
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  const token = config.metricsToken;
  if (!token) return;
  fastify.get('/metrics', async (request, reply) => {
    const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!given || !sameToken(given, token)) return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: 'Unauthorized' });
    const { contentType, body } = await metrics.exposition();
    return reply.header('Content-Type', contentType).header('Cache-Control', 'no-store').send(body);
  });
}
