import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { redisOptions } from '@mm/core';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const WARN_EVERY_MS = 60_000;

/**
 * Counters in Redis, shared by every instance. While Redis does not answer
 * (a command times out, or the client is reconnecting) the counters are this
 * instance's own, in memory (fail open to local limits): an outage of the
 * limiter must neither lock everyone out nor lift the limits. After a failure
 * Redis is left alone for one command timeout, so requests do not each wait for it.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: Redis;
  private readonly storage: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private lastWarning = 0;
  private localUntil = 0;

  constructor(
    url: string,
    /** REDIS_KEY_PREFIX: deployments (and test runs) sharing one Redis keep their own counters. */
    private readonly keyPrefix = 'mm-support',
    private readonly commandTimeoutMs = 1000,
  ) {
    // No offline queue: while Redis is unreachable a request is counted locally at once instead of waiting.
    this.redis = new Redis(url, { ...redisOptions({ redisCommandTimeoutMs: commandTimeoutMs }), enableOfflineQueue: false, disconnectTimeout: 200 });
    this.redis.on('error', (error: Error) => this.warn(error));
    this.storage = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    if (Date.now() >= this.localUntil) {
      try {
        return await this.storage.increment(`${this.keyPrefix}:rate-limit:${key}`, ttl, limit, blockDuration, throttlerName);
      } catch (error) {
        this.localUntil = Date.now() + this.commandTimeoutMs;
        this.warn(error);
      }
    }
    return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  /** For /health/ready: whether Redis answers a PING within the command timeout. */
  async reachable(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  onApplicationShutdown(): void {
    // Nothing is pending in a counter store: drop the connection (and any reconnect loop) at once.
    this.redis.disconnect();
    this.local.onApplicationShutdown();
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.logger.warn({ err: error }, 'Redis does not answer: rate limits are counted per instance until it does');
  }
}
