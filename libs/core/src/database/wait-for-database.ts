import { hostname } from 'node:os';
import { Client } from 'pg';
import pino from 'pino';

/** Where DATABASE_URL points, for a log line: host and port only (never the user or password). */
export function databaseAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
}

const MAX_DELAY_MS = 30_000;

/**
 * Before the app starts: waits until the PostgreSQL of DATABASE_URL answers, logging one JSON line per
 * failed attempt (the variable, host:port, why) and retrying with a doubling delay up to 30 s, instead of
 * the ORM's stack traces. A supervisor sees a process that is waiting, not one that crashes in a loop.
 */
export async function waitForDatabase(url: string, options: { logLevel: string; firstDelayMs?: number }): Promise<void> {
  const logger = pino({ level: options.logLevel, base: { pid: process.pid, hostname: hostname(), service: 'mm-support' } });
  const address = databaseAddress(url);
  let delay = options.firstDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      if (attempt > 1) logger.info({ context: 'Database', address }, `DATABASE_URL: PostgreSQL at ${address} answers`);
      return;
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      logger.error({ context: 'Database', address, attempt, reason }, `DATABASE_URL: cannot reach PostgreSQL at ${address} (${reason}); retrying in ${Math.round(delay / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
