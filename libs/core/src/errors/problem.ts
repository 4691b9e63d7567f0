import { DomainErrorCode } from './domain-error';

/**
 * A surface-neutral description of a failed request. The global exception
 * filter turns any error into a Problem, and the surface that owns the URL
 * renders it in its own envelope and vocabulary.
 */
export type ProblemKind =
  | 'validation'
  | 'malformed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'route_not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'rate_limited'
  | 'domain'
  | 'unavailable'
  | 'internal';

export interface Problem {
  kind: ProblemKind;
  status: number;
  message: string;
  /** Field name (as the client sent it) → messages. */
  fields?: Record<string, string[]>;
  domainCode?: DomainErrorCode;
  headers?: Record<string, string>;
}

export interface RenderedError {
  status: number;
  body: unknown;
}

/** The failed request, for surfaces whose error codes depend on the endpoint (mtables: one code per operation). */
export interface ProblemRequest {
  method: string;
  /** Without the query string. */
  path: string;
}

/** A surface's error format: how a Problem looks on the wire under its base path. */
export interface ErrorRenderer {
  render(problem: Problem, request?: ProblemRequest): RenderedError;
}

/** Fields failed validation: raised by the global ValidationPipe and by DTO-level checks. */
export class RequestValidationError extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super('Validation failed');
    this.name = 'RequestValidationError';
  }
}
