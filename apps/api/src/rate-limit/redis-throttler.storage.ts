import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const WARN_EVERY_MS = 60_000;

/**
 * Counters in Redis, shared by every instance. When Redis does not answer the
 * request is let through (fail open) and a warning is logged at most once a
 * minute: an outage of the limiter must not lock everyone out of the service.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly storage: ThrottlerStorageRedisService;
  private lastWarning = 0;

  constructor(
    url: string,
    /** REDIS_KEY_PREFIX: deployments (and test runs) sharing one Redis keep their own counters. */
    private readonly keyPrefix = 'mm-support',
  ) {
    // No offline queue: while Redis is unreachable a request is let through at once instead of waiting.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, disconnectTimeout: 200 });
    this.redis.on('error', (error: Error) => this.warn(error));
    this.storage = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    try {
      return await this.storage.increment(`${this.keyPrefix}:rate-limit:${key}`, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warn(error);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onApplicationShutdown(): void {
    // Nothing is pending in a counter store: drop the connection (and any reconnect loop) at once.
    this.redis.disconnect();
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.logger.warn({ err: error }, 'Redis does not answer: rate limits are not enforced until it does');
  }
}
