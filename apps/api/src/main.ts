import { stopTracing } from './platform/tracing/tracing'; // first: it instruments http and pg before they load
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { ConfigError, loadConfig } from '@mm/core';

function configOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (process.argv[2] === 'migrate') {
    const { migrateOnly } = await import('./platform/database/migrate');
    process.exit(await migrateOnly(config));
  }
  // Loaded after the configuration is valid: a bad variable is reported at once, before the whole app loads.
  const [{ createApp }, { DemoSeeder }, { demoBanner }, { saveDemoLogins }] = await Promise.all([
    import('./create-app'),
    import('./platform/demo/demo.module'),
    import('./platform/demo/demo-data'),
    import('./platform/demo/demo-logins-file'),
  ]);
  const running = await createApp(config);
  await running.app.listen({ port: config.port, host: config.host });
  const logger = new Logger('Bootstrap');
  const url = await running.app.getUrl();
  logger.log(
    `MM Support Service listening on ${url} (database: ${running.embedded ? `embedded PGlite in ${running.embedded.dataDir}` : 'DATABASE_URL'}); Swagger UI at /docs`,
  );
  if (config.jwt.secretIsDefault) logger.warn('JWT_SECRET is not set: using the development default (only the embedded demo database may run on it).');
  const demo = running.app.get(DemoSeeder).created;
  if (demo) {
    if (running.embedded) saveDemoLogins(running.embedded.dataDir, demo);
    // Into the log's own stream, so that it comes after the log lines that stream still buffers.
    const logStream = (PinoLogger.root as unknown as Record<symbol, { write(text: string): void }>)[pino.symbols.streamSym];
    logStream.write(demoBanner(demo, url.replace(/:\/\/(\[::1?\]|127\.0\.0\.1|0\.0\.0\.0)/, '://localhost')));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests and shutting down`);
    await running.close();
    await stopTracing?.(); // flushes the last spans
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
