import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, SOCKET_EVENT_LIMIT } from '@mm/core';
import { TokenService } from '@mm/auth';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { ThrottledSocketEvents } from './socket-event-limit';
import { throttlers } from './throttlers';

/**
 * Rate limits (@nestjs/throttler) on every route: per IP, per user, stricter
 * on POST and on login (see throttlers.ts). Counters in Redis when REDIS_URL
 * is set (shared by all instances), in memory otherwise. The module is
 * imported before AuthModule so its guard runs before the AccessGuard: a flood
 * of requests with bad tokens is limited per IP too; users are told apart by
 * their verified token. Global for the socket gateway's SOCKET_EVENT_LIMIT.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, TokenService],
      useFactory: (config: AppConfig, tokens: TokenService) => ({
        throttlers: throttlers(config, tokens),
        storage: config.redisUrl ? new RedisThrottlerStorage(config.redisUrl, config.redisKeyPrefix, config.redisCommandTimeoutMs) : undefined,
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }, { provide: SOCKET_EVENT_LIMIT, useClass: ThrottledSocketEvents }],
  exports: [SOCKET_EVENT_LIMIT],
})
export class RateLimitModule {}
