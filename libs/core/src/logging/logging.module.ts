import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

export const REQUEST_ID_HEADER = 'x-request-id';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'req.body.password',
  'req.body.token',
  '*.password',
  '*.accessToken',
  '*.token',
  '*.secret',
];

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Fastify already assigned the id (create-app.ts); reuse it so logs and the response header agree.
            genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
            redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
            // On the root logger, not per request (pino-http's customProps): customProps chains each request's logger
            // onto another, and that kept every request alive until a full collection (measured: docs/decisions.md, "Performance").
            base: { pid: process.pid, hostname: hostname(), service: 'mm-support' },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
    };
  }
}
