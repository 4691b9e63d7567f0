import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { assertUnreachable, DomainErrorCode, domainRefusal, ErrorRenderer, Problem, ProblemKind, RenderedError, REFUSAL_STATUS } from '@mm/core';
import { drf } from './dto/drf-rules';

/**
 * Seed 004's error bodies: 400 `{"<field>": ["message"]}` (business
 * refusals too, under the field they are about), 401/403/404 and everything
 * else `{"error": "message"}`.
 */
type ConsoleError = { status: number; field: string } | { status: number; error: string | null };

const PERMISSION_DENIED = 'You do not have permission to perform this action.';

/** The domain errors seed 004 words: a 400 under the field it is about, or a status with `{"error"}` (`null`: the domain's own message). */
function domainError(code: DomainErrorCode): ConsoleError {
  switch (code) {
    case DomainErrorCode.TicketNotFound:
      return { status: 404, error: 'Ticket not found' };
    case DomainErrorCode.FaqNotFound:
      return { status: 404, error: 'FAQ not found' };
    case DomainErrorCode.SlaConfigNotFound:
    case DomainErrorCode.MacroNotFound:
    case DomainErrorCode.ViewNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.AutomationNotFound:
      return { status: 404, error: 'Not found' };
    case DomainErrorCode.TicketNotAssignedToActor:
      return { status: 403, error: 'This ticket is not assigned to you' };
    case DomainErrorCode.InvalidCredentials:
      return { status: 401, error: 'Invalid credentials' };
    case DomainErrorCode.InvalidStatusTransition:
    case DomainErrorCode.TicketAlreadyEscalated:
    case DomainErrorCode.TicketNotEscalatable:
    case DomainErrorCode.TicketNotClosable:
      return { status: 400, field: 'status' };
    case DomainErrorCode.TicketAlreadyAssigned:
    case DomainErrorCode.FeedbackNotAllowed:
    case DomainErrorCode.FeedbackAlreadySubmitted:
      return { status: 400, field: 'ticket' };
    case DomainErrorCode.OrderNotFound:
    case DomainErrorCode.RideNotFound:
    case DomainErrorCode.BookingNotFound:
    case DomainErrorCode.ReferenceRequired:
      return { status: 400, field: 'delivery_id' };
    case DomainErrorCode.InvalidIssueType:
      return { status: 400, field: 'category' };
    case DomainErrorCode.EmailTaken:
      return { status: 400, field: 'email' };
    default: {
      const refusal = domainRefusal(code);
      return refusal === 'invalid' ? { status: 400, field: 'non_field_errors' } : { status: REFUSAL_STATUS[refusal], error: null };
    }
  }
}

function kindError(kind: Exclude<ProblemKind, 'domain' | 'validation'>, problem: Problem): ConsoleError {
  switch (kind) {
    case 'malformed':
      return { status: 400, field: 'non_field_errors' };
    case 'unauthorized':
      return { status: 401, error: 'Authentication credentials were not provided or are invalid' };
    case 'forbidden':
      return { status: 403, error: problem.refusal === 'unapproved' || !problem.refusal ? problem.message : PERMISSION_DENIED };
    case 'not_found':
    case 'route_not_found':
      return { status: 404, error: 'Not found' };
    case 'conflict':
      return { status: 409, error: null };
    case 'unprocessable':
      return { status: 422, error: null };
    case 'payload_too_large':
      return { status: 413, error: null };
    case 'rate_limited':
      return { status: 429, error: null };
    case 'unavailable':
      return { status: 503, error: null };
    case 'internal':
      return { status: 500, error: 'Internal server error' };
    default:
      return assertUnreachable(kind);
  }
}

const UNKNOWN_FIELD = /^property (.+) should not exist$/;

/** Reported alone, as DRF does: a missing field, or a value of the wrong type, is not checked any further. */
const ALONE = [drf.required, drf.integer, drf.string];

/** Like DRF: a missing or mistyped field gets that one message; unknown fields are named as not allowed. */
function drfFields(fields: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, messages]) => {
      const alone = ALONE.find((message) => messages.includes(message));
      if (alone) return [field, [alone]];
      return [field, [...new Set(messages.map((m) => (UNKNOWN_FIELD.test(m) ? 'This field is not allowed.' : m)))]];
    }),
  );
}

export function consoleErrorBody(error: ConsoleError, message: string): Record<string, unknown> {
  return 'field' in error ? { [error.field]: [message] } : { error: error.error ?? message };
}

/** The console's format for /api/support, /api/agent and /api/admin. */
export const consoleErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    if (problem.kind === 'validation') return { status: 400, body: drfFields(problem.fields ?? {}) };
    const error = problem.kind === 'domain' && problem.domainCode ? domainError(problem.domainCode) : kindError(problem.kind === 'domain' ? 'internal' : problem.kind, problem);
    return { status: error.status, body: consoleErrorBody(error, problem.message) };
  },
};

/** Swagger: the error responses of a route, each with its example body. */
export function ConsoleErrorResponses(examples: Record<number, Record<string, unknown>>) {
  return applyDecorators(
    ...Object.entries(examples).map(([status, body]) =>
      ApiResponse({ status: Number(status), description: JSON.stringify(body), content: { 'application/json': { example: body } } }),
    ),
  );
}

export const CONSOLE_401 = { error: 'Authentication credentials were not provided or are invalid' };
export const CONSOLE_403 = { error: PERMISSION_DENIED };
export const CONSOLE_404 = { error: 'Ticket not found' };
/** Creates honour `Idempotency-Key`: the same key while the first request runs, or with another body. */
export const CONSOLE_IDEMPOTENCY = {
  409: { error: 'A request with this Idempotency-Key is still being processed' },
  422: { error: 'Idempotency-Key was already used with a different request' },
};
