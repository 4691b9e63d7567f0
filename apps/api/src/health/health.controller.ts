import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@mm/auth';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { OutboxDispatcher } from '@mm/notification';

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
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up', description: 'Liveness: answers 200 while the process serves HTTP, whatever its dependencies say. For a restart policy, not for routing.' })
  @ApiOkResponse({ schema: { ...HEALTH_BODY, example: { status: 'ok', info: {}, error: {}, details: {} } } })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'The database answers', description: 'Readiness: 200 when the database answers within 3 s, else 503; also reports the undelivered (pending) and parked outbox events without judging them. For a load balancer: send traffic only while it is 200.' })
  @ApiOkResponse({ schema: { ...HEALTH_BODY, example: { status: 'ok', info: { database: { status: 'up' }, outbox: { status: 'up', pending: 0, parked: 0 } } } } })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.outbox.healthCheck()]);
  }
}
