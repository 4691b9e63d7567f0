import { RedisThrottlerStorage } from './redis-throttler.storage';

describe('RedisThrottlerStorage', () => {
  it('counts locally at once when Redis does not answer (fail open to local limits)', async () => {
    const storage = new RedisThrottlerStorage('redis://127.0.0.1:1');
    try {
      const started = Date.now();
      const first = await storage.increment('key', 60_000, 1, 60_000, 'login-email');
      expect(first).toMatchObject({ totalHits: 1, isBlocked: false });
      const second = await storage.increment('key', 60_000, 1, 60_000, 'login-email');
      expect(second).toMatchObject({ totalHits: 2, isBlocked: true });
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      storage.onApplicationShutdown();
    }
  });
});
