import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { assertUnreachable, DomainErrorCode, domainRefusal, ErrorRenderer, Problem, ProblemKind, RenderedError, REFUSAL_STATUS } from '@mm/core';

/** Seed 003's error body: `{"success": false, "message": "..."}`, plus `errors` per field on 422. */
export function helpdeskErrorBody(message: string, errors?: Record<string, string[]>) {
  return { success: false, message, ...(errors ? { errors } : {}) };
}

/** The message when a ticket exists but is not the caller's (seed 003, sections 3, 6 and 7). */
export const UNAUTHORIZED_TICKET = 'Unauthorized access to this ticket';

/** Status and message of the domain errors seed 003 words; `null` keeps the domain's own message (e.g. why an order cannot be cancelled). */
function domainError(code: DomainErrorCode): { status: number; message: string | null } {
  switch (code) {
    case DomainErrorCode.TicketNotFound:
      return { status: 404, message: 'Ticket not found' };
    case DomainErrorCode.MessageNotFound:
      return { status: 404, message: 'Message not found' };
    case DomainErrorCode.OrderNotFound:
      return { status: 404, message: 'Order not found' };
    case DomainErrorCode.TicketNotAssignedToActor:
      return { status: 403, message: UNAUTHORIZED_TICKET };
    case DomainErrorCode.InvalidCredentials:
      return { status: 401, message: 'Unauthenticated.' };
    default:
      return { status: REFUSAL_STATUS[domainRefusal(code)], message: null };
  }
}

function kindError(kind: Exclude<ProblemKind, 'domain' | 'validation'>, problem: Problem): { status: number; message: string } {
  switch (kind) {
    case 'malformed':
      return { status: 400, message: problem.message };
    case 'unauthorized':
      return { status: 401, message: 'Unauthenticated.' };
    case 'forbidden':
      return { status: 403, message: problem.refusal === 'role' || problem.refusal === 'no_rule' ? 'This action is unauthorized.' : problem.message };
    case 'not_found':
    case 'route_not_found':
      return { status: 404, message: problem.message };
    case 'conflict':
      return { status: 409, message: problem.message };
    case 'unprocessable':
      return { status: 422, message: problem.message };
    case 'payload_too_large':
      return { status: 413, message: problem.message };
    case 'rate_limited':
      return { status: 429, message: 'Too Many Attempts.' };
    case 'unavailable':
      return { status: 503, message: 'Service Unavailable' };
    case 'internal':
      return { status: 500, message: 'Server Error' };
    default:
      return assertUnreachable(kind);
  }
}

const REQUIRED = / field is required\.$/;
const WRONG_TYPE = / must be (an integer|a string|an array)\.$/;
const UNKNOWN_FIELD = /^property (.+) should not exist$/;

/**
 * Laravel reports only "required" for a missing field (its other rules do
 * not run on an absent value) and only the type for a value of the wrong
 * type (its size rules would measure something else), and names unknown
 * fields in its own words.
 */
function laravelFields(fields: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, messages]) => {
      const required = messages.find((m) => REQUIRED.test(m));
      if (required) return [field, [required]];
      const wrongType = messages.filter((m) => WRONG_TYPE.test(m));
      if (wrongType.length) return [field, wrongType];
      return [field, [...new Set(messages.map((m) => (UNKNOWN_FIELD.test(m) ? `The ${field.replace(/_/g, ' ')} field is prohibited.` : m)))]];
    }),
  );
}

/** The helpdesk's envelope: 422 "Validation failed" with errors per field, otherwise `{"success": false, "message"}`. */
export const helpdeskErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    if (problem.kind === 'validation') {
      return { status: 422, body: helpdeskErrorBody('Validation failed', laravelFields(problem.fields ?? {})) };
    }
    if (problem.kind === 'domain' && problem.domainCode) {
      const { status, message } = domainError(problem.domainCode);
      return { status, body: helpdeskErrorBody(message ?? problem.message) };
    }
    const { status, message } = kindError(problem.kind === 'domain' ? 'internal' : problem.kind, problem);
    return { status, body: helpdeskErrorBody(message) };
  },
};

const EXAMPLES: Record<number, { summary: string; value: unknown }> = {
  400: { summary: 'Business rule', value: helpdeskErrorBody('Order cannot be cancelled. It has already been shipped.') },
  401: { summary: 'No or bad token', value: helpdeskErrorBody('Unauthenticated.') },
  403: { summary: 'Not yours', value: helpdeskErrorBody(UNAUTHORIZED_TICKET) },
  404: { summary: 'Missing', value: helpdeskErrorBody('Ticket not found') },
  409: { summary: 'Same Idempotency-Key still running', value: helpdeskErrorBody('A request with this Idempotency-Key is still being processed') },
  422: {
    summary: 'Validation',
    value: helpdeskErrorBody('Validation failed', { subject: ['The subject field is required.'], description: ['The description must be at least 10 characters.'] }),
  },
  429: { summary: 'Rate limited', value: helpdeskErrorBody('Too Many Attempts.') },
};

/** Swagger: the listed error statuses of a route, each with a seed-shaped example; `messages` overrides the example message per status. */
export function HelpdeskErrorResponses(statuses: number[], messages: Record<number, string> = {}) {
  return applyDecorators(
    ...statuses.map((status) => {
      const example = messages[status] ? { summary: messages[status], value: helpdeskErrorBody(messages[status]) } : EXAMPLES[status];
      return ApiResponse({ status, description: example.summary, content: { 'application/json': { examples: { [example.summary]: example } } } });
    }),
  );
}
