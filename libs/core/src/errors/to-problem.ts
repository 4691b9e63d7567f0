import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError } from './domain-error';
import { Problem, RequestValidationError } from './problem';

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
  return { kind: 'internal', status: 500, message: 'Internal server error' };
}
