import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server, ServerOptions } from 'socket.io';
import { AppConfig, redisOptions } from '@mm/core';
import { streamOrdered } from './stream-ordered';

/** A client that reconnects within this long gets the events it missed (SPEC section 3). */
export const MAX_DISCONNECTION_MS = 2 * 60 * 1000;
/** At most this many recent broadcasts are kept for recovery, in memory as in the Redis stream (maxLen). */
export const MAX_RECOVERY_PACKETS = 10_000;
export const SOCKET_PATH = '/socket.io';
/** How long a stream read blocks waiting for broadcasts. */
const STREAM_BLOCK_MS = 1_000;

/**
 * socket.io on the HTTP server (same port, path /socket.io) with
 * connection-state recovery. With REDIS_URL, the Redis Streams adapter carries
 * broadcasts between instances and keeps sessions and missed packets in Redis,
 * so recovery works whichever instance the client reconnects to (the plain
 * Redis pub/sub adapter cannot recover sessions); every instance delivers
 * broadcasts in stream order (stream-ordered.ts).
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
    else server.adapter(cappedRecovery(server.adapter()) as Parameters<Server['adapter']>[0]);
    return server;
  }

  private redisAdapter(url: string) {
    const prefix = this.config.redisKeyPrefix;
    // Timeouts and a replaced connection when Redis stops answering (redisOptions): broadcasts then fail within
    // PUBLISH_TIMEOUT_MS and the outbox delivers them again once Redis is back, instead of every send waiting forever.
    this.redis = new Redis(url, redisOptions(this.config, STREAM_BLOCK_MS));
    // The adapter fires some commands without awaiting them (SET of a session on disconnect): now that commands
    // fail when Redis does not answer, such a failure must not become an unhandled rejection (it would end the process).
    const send = this.redis.sendCommand.bind(this.redis);
    this.redis.sendCommand = (command, stream) => {
      command.promise.catch((error: unknown) => this.logger.debug({ err: error, command: command.name }, 'Redis command failed (socket.io adapter)'));
      return send(command, stream);
    };
    this.redis.on('error', (error) => this.logger.error({ err: error }, 'Redis connection error (socket.io adapter)'));
    return streamOrdered(
      createAdapter(this.redis, {
        streamName: `${prefix}:socket.io`,
        channelPrefix: `${prefix}:socket.io`,
        sessionKeyPrefix: `${prefix}:socket.io:session:`,
        maxLen: MAX_RECOVERY_PACKETS,
        // Short blocking reads so the stream readers notice a shutdown quickly.
        blockTimeInMs: STREAM_BLOCK_MS,
        onlyPlaintext: true,
      }),
    );
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    // QUIT after the commands the closing sockets issued (sessions kept for recovery); a dead connection just closes.
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

interface RecoveryAdapter {
  packets: unknown[];
  broadcast(packet: unknown, opts: unknown): void;
}

/**
 * socket.io's in-memory adapter (used without Redis) keeps every broadcast
 * for recovery and prunes them only once a minute, after they are two minutes
 * old: at a few hundred events a second that was over 200 MB of the service's
 * memory (docs/benchmarks.md). This keeps the newest MAX_RECOVERY_PACKETS, like
 * the Redis stream's maxLen; a client whose offset is older reconnects with
 * `recovered: false` and re-reads, as after a longer outage.
 */
function cappedRecovery(base: unknown): unknown {
  const Base = base as new (...args: unknown[]) => RecoveryAdapter;
  return class CappedRecoveryAdapter extends Base {
    override broadcast(packet: unknown, opts: unknown): void {
      super.broadcast(packet, opts);
      // Trimmed in steps, not on every broadcast: a splice moves the whole array.
      if (this.packets.length > MAX_RECOVERY_PACKETS + 1_000) this.packets.splice(0, this.packets.length - MAX_RECOVERY_PACKETS);
    }
  };
}
