import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { assertUnreachable, DomainErrorCode, ErrorRenderer, Problem, ProblemKind, RenderedError } from '@mm/core';

/** Every error munch answers: the seed's codes and messages, then the ones every surface needs beyond its seed. */
export const MUNCH_ERRORS = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  PERMISSION_DENIED: { status: 403, message: 'Forbidden' },
  INVALID_REQUEST: { status: 400, message: 'Invalid request parameters' },
  CUSTOMER_NOT_FOUND: { status: 404, message: 'Customer not found' },
  INVALID_ISSUE_TYPE: { status: 400, message: 'Invalid issue type' },
  ORDER_NOT_FOUND: { status: 404, message: 'Order not found' },
  TICKET_NOT_FOUND: { status: 404, message: 'Ticket not found' },
  TICKET_ALREADY_ESCALATED: { status: 400, message: 'Ticket already escalated' },
  CANNOT_ESCALATE_TICKET: { status: 400, message: 'Cannot escalate ticket' },
  // beyond the seed: the message is the problem's own
  NOT_FOUND: { status: 404, message: null },
  CONFLICT: { status: 409, message: null },
  UNPROCESSABLE: { status: 422, message: null },
  PAYLOAD_TOO_LARGE: { status: 413, message: null },
  TOO_MANY_REQUESTS: { status: 429, message: null },
  SERVICE_UNAVAILABLE: { status: 503, message: null },
  INTERNAL_ERROR: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, { status: number; message: string | null }>;
export type MunchErrorCode = keyof typeof MUNCH_ERRORS;

function domainCode(code: DomainErrorCode): MunchErrorCode {
  switch (code) {
    case DomainErrorCode.TicketNotFound:
      return 'TICKET_NOT_FOUND';
    case DomainErrorCode.TicketAlreadyEscalated:
      return 'TICKET_ALREADY_ESCALATED';
    case DomainErrorCode.TicketNotEscalatable:
      return 'CANNOT_ESCALATE_TICKET';
    case DomainErrorCode.CustomerNotFound:
    case DomainErrorCode.UserNotFound:
    case DomainErrorCode.UserNotCustomer:
      return 'CUSTOMER_NOT_FOUND';
    case DomainErrorCode.OrderNotFound:
    case DomainErrorCode.RideNotFound:
    case DomainErrorCode.BookingNotFound:
      return 'ORDER_NOT_FOUND';
    case DomainErrorCode.InvalidIssueType:
      return 'INVALID_ISSUE_TYPE';
    case DomainErrorCode.PermissionDenied:
    case DomainErrorCode.TicketNotAssignedToActor:
    case DomainErrorCode.InvalidCredentials:
      return 'PERMISSION_DENIED';
    case DomainErrorCode.AgentNotFound:
    case DomainErrorCode.MessageNotFound:
    case DomainErrorCode.FaqNotFound:
    case DomainErrorCode.SlaConfigNotFound:
    case DomainErrorCode.MacroNotFound:
    case DomainErrorCode.ViewNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.AutomationNotFound:
    case DomainErrorCode.NotificationNotFound:
      return 'NOT_FOUND';
    case DomainErrorCode.TicketNotClosable:
    case DomainErrorCode.InvalidStatusTransition:
    case DomainErrorCode.TicketAlreadyAssigned:
    case DomainErrorCode.ReferenceRequired:
    case DomainErrorCode.InvalidServiceType:
    case DomainErrorCode.FeedbackNotAllowed:
    case DomainErrorCode.FeedbackAlreadySubmitted:
    case DomainErrorCode.OrderNotCancellable:
    case DomainErrorCode.EmailTaken:
    case DomainErrorCode.StaleUpdate:
      return 'INVALID_REQUEST';
    default:
      return assertUnreachable(code);
  }
}

function kindCode(kind: Exclude<ProblemKind, 'domain'>): MunchErrorCode {
  switch (kind) {
    case 'validation':
    case 'malformed':
      return 'INVALID_REQUEST';
    case 'unauthorized':
      return 'UNAUTHORIZED';
    case 'forbidden':
      return 'PERMISSION_DENIED';
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
      return 'INTERNAL_ERROR';
    default:
      return assertUnreachable(kind);
  }
}

export function munchErrorBody(code: MunchErrorCode, message?: string, errors?: Record<string, string[]>) {
  return { status: 'error', code, message: MUNCH_ERRORS[code].message ?? message ?? code, ...(errors ? { errors } : {}) };
}

/** munch's envelope: `{"status":"error","code":"TICKET_NOT_FOUND","message":"Ticket not found"}`, plus `errors` per request field. */
export const munchErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    const code = problem.kind === 'domain' && problem.domainCode ? domainCode(problem.domainCode) : kindCode(problem.kind === 'domain' ? 'internal' : problem.kind);
    const errors = problem.fields ?? (problem.kind === 'malformed' ? { body: [problem.message] } : undefined);
    return { status: MUNCH_ERRORS[code].status, body: munchErrorBody(code, problem.message, errors) };
  },
};

const EXAMPLE_FIELDS: Partial<Record<MunchErrorCode, Record<string, string[]>>> = {
  INVALID_REQUEST: { description: ['description must be longer than or equal to 10 characters'] },
};

/** Swagger: the listed error responses of a route, one example per code, grouped by status. */
export function MunchErrorResponses(...codes: MunchErrorCode[]) {
  const statuses = [...new Set(codes.map((code) => MUNCH_ERRORS[code].status))];
  return applyDecorators(
    ...statuses.map((status) => {
      const mine = codes.filter((code) => MUNCH_ERRORS[code].status === status);
      const examples = Object.fromEntries(
        mine.map((code) => [code, { summary: MUNCH_ERRORS[code].message ?? code, value: munchErrorBody(code, undefined, EXAMPLE_FIELDS[code]) }]),
      );
      return ApiResponse({ status, description: mine.join(', '), content: { 'application/json': { examples } } });
    }),
  );
}
