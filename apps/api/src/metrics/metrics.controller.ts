import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@mm/auth';
import { APP_CONFIG, AppConfig } from '@mm/core';
import { MetricsService } from './metrics.service';

function sameToken(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus scrape target (SPEC 7.7): its own bearer token, not a user's; absent (404) when METRICS_TOKEN is unset. */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)', description: '`Authorization: Bearer <METRICS_TOKEN>`. docs/alerts.md lists the metrics and what to alert on.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong METRICS_TOKEN' })
  @ApiNotFoundResponse({ description: 'METRICS_TOKEN is not set: no metrics are served' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const token = this.config.metricsToken;
    if (!token) throw new NotFoundException();
    const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
    if (!given || !sameToken(given, token)) throw new UnauthorizedException();
    const { contentType, body } = await this.metrics.exposition();
    void reply.header('Content-Type', contentType).header('Cache-Control', 'no-store');
    return body;
  }
}
