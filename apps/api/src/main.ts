import { stopTracing } from './tracing'; // first: it instruments http and pg before they load
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@mm/core';
import { createApp } from './create-app';

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
  const running = await createApp(config);
  await running.app.listen({ port: config.port, host: config.host });
  const logger = new Logger('Bootstrap');
  const url = await running.app.getUrl();
  logger.log(
    `MM Support Service listening on ${url} (database: ${running.embedded ? `embedded PGlite in ${running.embedded.dataDir}` : 'DATABASE_URL'}); Swagger UI at /docs`,
  );
  if (config.jwt.secretIsDefault) logger.warn('JWT_SECRET is not set: using the development default. Never do this in production.');

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
