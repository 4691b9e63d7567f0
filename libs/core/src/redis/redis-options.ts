import type { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * Every Redis client's options: a command without a reply within
 * REDIS_COMMAND_TIMEOUT_MS fails, and a connection that receives nothing
 * while a command waits is destroyed and made again (a frozen or silently
 * dropped connection would otherwise wait forever); TCP keepalive on idle
 * connections; reconnection forever, at most a second apart.
 * `blockingMs`: the longest a blocking read of this client waits on purpose.
 */
export function redisOptions(config: Pick<AppConfig, 'redisCommandTimeoutMs'>, blockingMs = 0): RedisOptions {
  const timeout = config.redisCommandTimeoutMs + blockingMs;
  return {
    commandTimeout: timeout,
    socketTimeout: timeout,
    connectTimeout: Math.max(config.redisCommandTimeoutMs, 1000),
    keepAlive: 5_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  };
}
