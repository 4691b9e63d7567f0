import { ForbiddenException } from '@nestjs/common';
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
  /** Why the access guard refused (kind `forbidden`); absent for other refusals. */
  refusal?: AccessRefusal;
  headers?: Record<string, string>;
}

/** The access guard's reasons: the route has no rule, the caller's role or a permission is missing, the agent is not approved yet. */
export type AccessRefusal = 'no_rule' | 'role' | 'permission' | 'unapproved';

/** The access guard's 403, with its reason for the surfaces to word. */
export class AccessRefused extends ForbiddenException {
  constructor(
    readonly refusal: AccessRefusal,
    message: string,
  ) {
    super(message);
  }
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
