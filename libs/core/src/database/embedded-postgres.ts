import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite (PostgreSQL compiled to WASM) served to the normal `pg` driver over a
 * loopback socket. PGlite runs one session at a time, so the server accepts
 * exactly one connection and the TypeORM pool must be limited to one as well
 * (see EMBEDDED_POOL_SIZE).
 */
export const EMBEDDED_MAX_CONNECTIONS = 1;
export const EMBEDDED_POOL_SIZE = EMBEDDED_MAX_CONNECTIONS;

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port,
    maxConnections: EMBEDDED_MAX_CONNECTIONS,
  });
  await server.start();
  const [host, boundPort] = server.getServerConn().split(':');
  let stopped = false;
  return {
    url: `postgres://postgres@${host}:${boundPort}/postgres`,
    dataDir: dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
