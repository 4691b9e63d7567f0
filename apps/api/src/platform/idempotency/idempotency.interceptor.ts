import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  OnApplicationShutdown,
  OnModuleInit,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { FastifyReply } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AuthenticatedRequest } from '@mm/auth';
import { IdempotencyStore, requestHash, RequestValidationError } from '@mm/core';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const MAX_KEY_LENGTH = 255;
const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * `Idempotency-Key` on any authenticated POST (every create is one): the same
 * key and body from the same caller within 24 h replays the first response without
 * running the command again; another body → 422; a duplicate while the first
 * is still running → 409. Responses that failed changed nothing and are not
 * stored, so a corrected retry runs.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleInit, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly store: IdempotencyStore) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.store.purgeExpired().catch(() => undefined), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    // Public POSTs (login, registration) answer with credentials, which must never be stored.
    const actor = request.actor;
    if (request.method !== 'POST' || header === undefined || !actor) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
      throw new RequestValidationError({ 'Idempotency-Key': [`must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters`] });
    }

    const scope = `${actor.role}:${actor.serviceName ?? actor.id}`;
    const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const hash = requestHash(request.method, request.url, request.body);

    return from(
      this.store.execute({ scope, key }, hash, status, () => lastValueFrom(next.handle(), { defaultValue: undefined })).then((outcome) => {
        switch (outcome.kind) {
          case 'run':
            return outcome.result;
          case 'replay':
            reply.status(outcome.status).header('idempotent-replayed', 'true');
            return outcome.body;
          case 'mismatch':
            throw new UnprocessableEntityException('Idempotency-Key was already used with a different request');
          case 'conflict_in_progress':
            throw new ConflictException('A request with this Idempotency-Key is still being processed');
          case 'conflict_lost_response':
            throw new ConflictException('A request with this Idempotency-Key was already processed; its response is no longer available');
        }
      }),
    );
  }
}
