import { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import {
  AppConfig,
  EmbeddedPostgres,
  installAsyncResourceBind,
  REQUEST_ID_HEADER,
  RequestValidationError,
  startEmbeddedPostgres,
  waitForDatabase,
} from '@mm/core';
import { RealtimeIoAdapter } from '@mm/notification';
import { AppModule } from './app.module';
import { serveMetrics } from './platform/metrics/serve-metrics';
import { setupSwagger } from './platform/openapi/swagger';
import { consoleDir, serveConsole } from './platform/console-ui/serve-console';
import { unsafeInputFields } from './platform/common/request-input';

export interface RunningApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** The embedded PGlite, when DATABASE_URL was not set. */
  embedded?: EmbeddedPostgres;
  /** Stops accepting, finishes in-flight requests, closes sockets, the database and PGlite. */
  close(): Promise<void>;
}

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

/** Honour a sane incoming x-request-id, else make one; kept on the raw request for the pino logger. */
function requestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
  req.id = id;
  return id;
}

/** class-validator errors → `{ "field.path": ["message", ...] }` keyed by the request's own field names. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints);
    Object.assign(fields, flattenValidationErrors(error.children ?? [], path));
  }
  return fields;
}

/** Path params reach their pipes as written: `+value` would turn `0x10` or `1e3` into ids (see entity-id.pipe.ts). */
class RequestValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

export const validationPipe = new RequestValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
});

export async function createApp(config: AppConfig): Promise<RunningApp> {
  installAsyncResourceBind();
  if (config.databaseUrl) await waitForDatabase(config.databaseUrl, { logLevel: config.logLevel });
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  try {
    const adapter = new FastifyAdapter({
      bodyLimit: config.bodyLimitBytes,
      genReqId: requestId,
      trustProxy: config.trustProxy,
      return503OnClosing: true,
      forceCloseConnections: 'idle',
      routerOptions: { ignoreTrailingSlash: true }, // seed 004 routes end in '/'; both spellings work
    });
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config: { ...config, databaseUrl }, embedded: Boolean(embedded) }),
      adapter,
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    app.useGlobalPipes(validationPipe);
    app.enableCors({ origin: config.corsOrigins, credentials: true });
    const fastify = app.getHttpAdapter().getInstance();
    // Built once: @fastify/helmet rebuilds helmet's middleware (and re-parses the CSP) on every request.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
        },
      },
    });
    fastify.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
    fastify.addHook('onRequest', async (request, reply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
    });
    serveMetrics(app, config);
    // Input no handler can take (it would be a 500): a body nested deep enough to overflow the validation
    // pipe's stack, NUL characters (PostgreSQL text) and unpaired surrogates (validators throw). Refused like malformed input.
    fastify.addHook('preValidation', async (request) => {
      const fields = unsafeInputFields(request.body, 'body') ?? unsafeInputFields(request.query, 'query');
      if (fields) throw new RequestValidationError(fields);
    });

    app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
    setupSwagger(app);
    await serveConsole(app);
    // The address a newcomer opens first leads to the console (or, unbuilt, to the API's Swagger UI).
    fastify.get('/', (_request, reply) => reply.redirect(consoleDir() ? '/console' : '/docs', 302));
    await app.init();
    return {
      app,
      config,
      embedded,
      async close() {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
