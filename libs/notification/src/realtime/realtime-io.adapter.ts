import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '@mm/core';

/** A client that reconnects within this long gets the events it missed (SPEC section 3). */
export const MAX_DISCONNECTION_MS = 2 * 60 * 1000;
export const SOCKET_PATH = '/socket.io';

/**
 * socket.io on the HTTP server (same port, path /socket.io) with
 * connection-state recovery. With REDIS_URL, the Redis Streams adapter carries
 * broadcasts between instances and keeps sessions and missed packets in Redis,
 * so recovery works whichever instance the client reconnects to (the plain
 * Redis pub/sub adapter cannot recover sessions).
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly logger = new Logger('Realtime');
  private redis?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      cors: { origin: this.config.corsOrigins, credentials: true },
      // The handshake middleware runs again on recovery, so an expired or revoked token is not restored.
      connectionStateRecovery: { maxDisconnectionDuration: MAX_DISCONNECTION_MS, skipMiddlewares: false },
    } as ServerOptions);
    if (this.config.redisUrl) server.adapter(this.redisAdapter(this.config.redisUrl));
    return server;
  }

  private redisAdapter(url: string) {
    const prefix = this.config.redisKeyPrefix;
    this.redis = new Redis(url, { maxRetriesPerRequest: null });
    this.redis.on('error', (error) => this.logger.error({ err: error }, 'Redis connection error (socket.io adapter)'));
    return createAdapter(this.redis, {
      streamName: `${prefix}:socket.io`,
      channelPrefix: `${prefix}:socket.io`,
      sessionKeyPrefix: `${prefix}:socket.io:session:`,
      maxLen: 10_000,
      // Short blocking reads so the stream readers notice a shutdown quickly.
      blockTimeInMs: 1_000,
      onlyPlaintext: true,
    });
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    this.redis?.disconnect();
  }
}
