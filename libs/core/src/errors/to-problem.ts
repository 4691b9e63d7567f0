import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from './domain-error';
import { AccessRefused, Problem, RequestValidationError } from './problem';

/** Seconds a client is asked to wait while the database does not answer. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** node-postgres and pg-pool errors of a database that cannot be reached or does not answer. */
const UNREACHABLE = /^(Query read timeout|timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Connection ended unexpectedly)/;
/** Socket errors, and PostgreSQL's connection (08…), cancelled-statement (57014) and shutdown (57P…) codes. */
const UNREACHABLE_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|08...|57014|57P0[1-3]|53300)$/;

/** Whether `error` (or the driver error TypeORM wraps) says the database is unreachable or too slow, not that the request is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = (cause as { driverError?: unknown }).driverError ?? cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (UNREACHABLE.test(cause.message) || (typeof code === 'string' && UNREACHABLE_CODE.test(code))) return true;
  }
  return false;
}

const STATUS_KIND: Record<number, Problem['kind']> = {
  400: 'malformed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'route_not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'malformed',
  422: 'unprocessable',
  429: 'rate_limited',
};

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/** Turns anything thrown while serving a request into a surface-neutral Problem. */
export function toProblem(error: unknown, bodyLimitBytes: number): Problem {
  if (error instanceof RequestValidationError) {
    return { kind: 'validation', status: 400, message: 'Validation failed', fields: error.fields };
  }
  if (error instanceof DomainError) {
    return { kind: 'domain', status: 400, message: error.message, domainCode: error.code };
  }
  if (error instanceof AccessRefused) {
    return { kind: 'forbidden', status: 403, message: error.message, refusal: error.refusal };
  }
  if (error instanceof ThrottlerException) {
    return { kind: 'rate_limited', status: 429, message: 'Too many requests, please retry later' };
  }
  // Nest hands Fastify's own errors (malformed JSON, body too large, bad content type) over as HttpExceptions.
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
      return { kind: 'payload_too_large', status, message: `Request body is larger than the limit of ${bodyLimitBytes} bytes` };
    }
    return { kind: STATUS_KIND[status] ?? (status >= 500 ? 'internal' : 'malformed'), status, message: httpExceptionMessage(error) };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      kind: 'unavailable',
      status: 503,
      message: 'Service temporarily unavailable, please retry later',
      headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    };
  }
  return { kind: 'internal', status: 500, message: 'Internal server error' };
}
