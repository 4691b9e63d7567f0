import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { Public } from '@mm/auth';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from '@mm/core';
import { OutboxDispatcher } from '@mm/notification';
import { RedisThrottlerStorage } from '../rate-limit/redis-throttler.storage';

/** `check`, or `late` once `ms` have passed: a check that hangs (a frozen connection) does not hold the answer. */
function within<T>(ms: number, check: () => Promise<T>, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/** @nestjs/terminus's answer: each indicator's result under `info` (up) or `error` (down), all of them under `details`. */
const INDICATORS = { type: 'object', additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string' } }, additionalProperties: true } };
const HEALTH_BODY = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] }, info: INDICATORS, error: INDICATORS, details: INDICATORS },
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly outbox: OutboxDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectThrottlerStorage() private readonly rateLimits: ThrottlerStorage,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up', description: 'Liveness: answers 200 while the process serves HTTP, whatever its dependencies say. For a restart policy, not for routing.' })
  @ApiOkResponse({ schema: { ...HEALTH_BODY, example: { status: 'ok', info: {}, error: {}, details: {} } } })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'The database answers',
    description:
      'Readiness, answered within HEALTH_TIMEOUT_MS whatever happens: 200 when the database answers, else 503; also reports the undelivered (pending) and parked outbox events without judging them, and Redis (when configured), never a reason to fail: without it rate limits are per instance and socket events wait. For a load balancer: send traffic only while it is 200.',
  })
  @ApiOkResponse({ schema: { ...HEALTH_BODY, example: { status: 'ok', info: { database: { status: 'up' }, outbox: { status: 'up', pending: 0, parked: 0 }, redis: { status: 'up', degraded: false } } } } })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  @HealthCheck()
  ready() {
    const timeout = this.config.healthTimeoutMs;
    const down = (key: string) => (): HealthIndicatorResult => ({ [key]: { status: 'down', message: `no answer within ${timeout} ms` } });
    return this.health.check([
      () => within(timeout, () => this.db.pingCheck('database', { timeout }), down('database')),
      () => within(timeout, () => this.outbox.healthCheck(), down('outbox')),
      ...(this.rateLimits instanceof RedisThrottlerStorage ? [() => this.redisCheck(timeout)] : []),
    ]);
  }

  private async redisCheck(timeout: number): Promise<HealthIndicatorResult> {
    const reachable = await within(timeout, () => (this.rateLimits as RedisThrottlerStorage).reachable(), () => false);
    return { redis: { status: 'up', degraded: !reachable } };
  }
}
