import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { assertUnreachable, DomainErrorCode, DomainRefusal, domainRefusal, ErrorRenderer, Problem, ProblemKind, ProblemRequest, RenderedError } from '@mm/core';

/**
 * The error format of the vertical surfaces (munch, mtxi, mtables, seeds
 * 000-002): `{"status":"error","code":"…","message":"…"}`, plus `errors` per
 * request field. Each surface gives its seed table and the domain codes it
 * names; everything else is answered here the same way for all three.
 */
export interface ErrorRow {
  status: number;
  /** null: the problem's own message. */
  message: string | null;
}

/** Beyond the seeds: what every vertical surface answers besides its documented codes. */
export const BEYOND_SEED_ERRORS = {
  NOT_FOUND: { status: 404, message: null },
  CONFLICT: { status: 409, message: null },
  UNPROCESSABLE: { status: 422, message: null },
  PAYLOAD_TOO_LARGE: { status: 413, message: null },
  TOO_MANY_REQUESTS: { status: 429, message: null },
  SERVICE_UNAVAILABLE: { status: 503, message: null },
  INTERNAL_ERROR: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, ErrorRow>;
type BeyondSeedCode = keyof typeof BEYOND_SEED_ERRORS;

/** The surface's seed code for each generic failure. */
export interface SeedCodes<C extends string> {
  /** Request validation, malformed bodies and domain refusals of kind `invalid`. */
  invalid: C;
  unauthorized: C;
  forbidden: C;
  /** Domain refusals of kind `not_found` the surface does not name. */
  notFound: C | 'NOT_FOUND';
  internal: C | 'INTERNAL_ERROR';
}

export interface VerticalErrors<C extends string> {
  /** The seed's codes and messages. */
  seed: Record<C, ErrorRow>;
  /** The seed codes for generic failures; mtables' depend on the operation. */
  seedCodes: (request?: ProblemRequest) => SeedCodes<C>;
  /** The domain codes the surface's routes raise and the seed names; undefined: by `domainRefusal`. */
  domainCode: (code: DomainErrorCode) => C | undefined;
  /** Seed codes whose domain refusals keep the domain's own, more precise message. */
  domainMessage?: readonly C[];
  /** Swagger: the `errors` of a code's example. */
  exampleFields?: Partial<Record<C, Record<string, string[]>>>;
}

export interface VerticalErrorModule<C extends string> {
  rows: Record<C | BeyondSeedCode, ErrorRow>;
  body(code: C | BeyondSeedCode, message?: string | null, errors?: Record<string, string[]>): VerticalErrorBody;
  renderer: ErrorRenderer;
  /** Swagger: the listed error responses of a route, one example per code, grouped by status. */
  responses(...codes: (C | BeyondSeedCode)[]): MethodDecorator & ClassDecorator;
}

export interface VerticalErrorBody {
  status: 'error';
  code: string;
  message: string;
  errors?: Record<string, string[]>;
}

function kindCode<C extends string>(kind: Exclude<ProblemKind, 'domain'>, seed: SeedCodes<C>): C | BeyondSeedCode {
  switch (kind) {
    case 'validation':
    case 'malformed':
      return seed.invalid;
    case 'unauthorized':
      return seed.unauthorized;
    case 'forbidden':
      return seed.forbidden;
    case 'not_found':
    case 'route_not_found':
      return 'NOT_FOUND';
    case 'conflict':
      return 'CONFLICT';
    case 'unprocessable':
      return 'UNPROCESSABLE';
    case 'payload_too_large':
      return 'PAYLOAD_TOO_LARGE';
    case 'rate_limited':
      return 'TOO_MANY_REQUESTS';
    case 'unavailable':
      return 'SERVICE_UNAVAILABLE';
    case 'internal':
      return seed.internal;
    default:
      return assertUnreachable(kind);
  }
}

function refusalCode<C extends string>(refusal: DomainRefusal, seed: SeedCodes<C>): C | BeyondSeedCode {
  switch (refusal) {
    case 'not_found':
      return seed.notFound;
    case 'forbidden':
      return seed.forbidden;
    case 'invalid':
      return seed.invalid;
    default:
      return assertUnreachable(refusal);
  }
}

export function verticalErrors<C extends string>(surface: VerticalErrors<C>): VerticalErrorModule<C> {
  const rows: Record<C | BeyondSeedCode, ErrorRow> = { ...surface.seed, ...BEYOND_SEED_ERRORS };
  const domainMessage: readonly string[] = surface.domainMessage ?? [];

  const body = (code: C | BeyondSeedCode, message?: string | null, errors?: Record<string, string[]>): VerticalErrorBody => ({
    status: 'error',
    code,
    message: message ?? rows[code].message ?? code,
    ...(errors ? { errors } : {}),
  });

  const renderer: ErrorRenderer = {
    render(problem: Problem, request?: ProblemRequest): RenderedError {
      const seedCodes = surface.seedCodes(request);
      const { domainCode } = problem;
      const code =
        problem.kind === 'domain' && domainCode
          ? (surface.domainCode(domainCode) ?? refusalCode(domainRefusal(domainCode), seedCodes))
          : kindCode(problem.kind === 'domain' ? 'internal' : problem.kind, seedCodes);
      const ownMessage = rows[code].message === null || (problem.kind === 'domain' && domainMessage.includes(code));
      const errors = problem.fields ?? (problem.kind === 'malformed' ? { body: [problem.message] } : undefined);
      return { status: rows[code].status, body: body(code, ownMessage ? problem.message : null, errors) };
    },
  };

  const responses = (...codes: (C | BeyondSeedCode)[]) => {
    const statuses = [...new Set(codes.map((code) => rows[code].status))];
    const exampleFields: Partial<Record<string, Record<string, string[]>>> = surface.exampleFields ?? {};
    return applyDecorators(
      ...statuses.map((status) => {
        const mine = codes.filter((code) => rows[code].status === status);
        const examples = Object.fromEntries(mine.map((code) => [code, { summary: rows[code].message ?? code, value: body(code, null, exampleFields[code]) }]));
        return ApiResponse({ status, description: mine.join(', '), content: { 'application/json': { examples } } });
      }),
    );
  };

  return { rows, body, renderer, responses };
}
