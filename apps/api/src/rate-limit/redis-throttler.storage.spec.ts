import { RedisThrottlerStorage } from './redis-throttler.storage';

describe('RedisThrottlerStorage', () => {
  it('lets a request through at once when Redis does not answer (fail open)', async () => {
    const storage = new RedisThrottlerStorage('redis://127.0.0.1:1');
    try {
      const started = Date.now();
      const record = await storage.increment('key', 60_000, 1, 60_000, 'login-email');
      expect(record).toEqual({ totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 });
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      storage.onApplicationShutdown();
    }
  });
});
