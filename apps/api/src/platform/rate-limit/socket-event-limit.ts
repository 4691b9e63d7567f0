import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, SocketEventLimit } from '@mm/core';

/**
 * Socket events (join, leave) count like requests, in the same store (Redis
 * when configured, so across instances): on the user's `user` counter, the
 * one their HTTP requests use, and on a counter of the socket itself, each
 * RATE_LIMIT_PER_USER per window. Off with RATE_LIMIT_ENABLED=false.
 */
@Injectable()
export class ThrottledSocketEvents implements SocketEventLimit {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async allow(socketId: string, userId: number): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const { enabled, windowSeconds, perUser } = this.config.rateLimit;
    if (!enabled) return { allowed: true };
    const ttl = windowSeconds * 1000;
    // `user:user:<id>` is the key the HTTP `user` throttler counts that user's requests under (throttlers.ts).
    const counters = await Promise.all([
      this.storage.increment(`user:user:${userId}`, ttl, perUser, ttl, 'user'),
      this.storage.increment(`socket:${socketId}`, ttl, perUser, ttl, 'socket'),
    ]);
    const blocked = counters.filter((counter) => counter.isBlocked);
    if (!blocked.length) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, ...blocked.map((counter) => counter.timeToBlockExpire)) };
  }
}
