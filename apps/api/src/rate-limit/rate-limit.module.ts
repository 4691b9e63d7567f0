import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@mm/core';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { throttlers } from './throttlers';

/**
 * Rate limits (@nestjs/throttler): counters in Redis when REDIS_URL is set
 * (shared by all instances), in memory otherwise. The guard runs after the
 * AccessGuard (AuthModule is imported first), so limits may key on the actor.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: throttlers(config),
        storage: config.redisUrl ? new RedisThrottlerStorage(config.redisUrl) : undefined,
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitModule {}
