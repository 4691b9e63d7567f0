import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { assertUnreachable, DomainErrorCode, ErrorRenderer, Problem, ProblemKind, ProblemRequest, RenderedError } from '@mm/core';

/**
 * Every error mtables answers. Seed 002 gives each operation one 400 code for
 * all its failures (a ticket that is missing or not the caller's included),
 * plus 401 and 403; then the codes every surface needs beyond its seed.
 */
export const MTABLES_ERRORS = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  Forbidden: { status: 403, message: 'Permission denied' },
  SUPPORT_TICKET_CREATION_FAILED: { status: 400, message: 'Ticket creation error' },
  TICKET_STATUS_TRACKING_FAILED: { status: 400, message: 'Ticket status tracking error' },
  TICKET_ESCALATION_FAILED: { status: 400, message: 'Ticket escalation error' },
  // beyond the seed: the message is the problem's own
  NOT_FOUND: { status: 404, message: null },
  CONFLICT: { status: 409, message: null },
  UNPROCESSABLE: { status: 422, message: null },
  PAYLOAD_TOO_LARGE: { status: 413, message: null },
  TOO_MANY_REQUESTS: { status: 429, message: null },
  SERVICE_UNAVAILABLE: { status: 503, message: null },
  INTERNAL_ERROR: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, { status: number; message: string | null }>;
export type MtablesErrorCode = keyof typeof MTABLES_ERRORS;

type OperationFailure = 'SUPPORT_TICKET_CREATION_FAILED' | 'TICKET_STATUS_TRACKING_FAILED' | 'TICKET_ESCALATION_FAILED';

/** Which operation failed: POST /tickets, GET /tickets/{id} or POST /tickets/{id}/escalate. */
function operationFailure(request?: ProblemRequest): OperationFailure {
  if (request?.method === 'GET') return 'TICKET_STATUS_TRACKING_FAILED';
  if (request?.path.replace(/\/+$/, '').endsWith('/escalate')) return 'TICKET_ESCALATION_FAILED';
  return 'SUPPORT_TICKET_CREATION_FAILED';
}

function domainCode(code: DomainErrorCode, failed: OperationFailure): MtablesErrorCode {
  switch (code) {
    case DomainErrorCode.PermissionDenied:
    case DomainErrorCode.TicketNotAssignedToActor:
    case DomainErrorCode.InvalidCredentials:
      return 'Forbidden';
    case DomainErrorCode.TicketNotFound:
    case DomainErrorCode.TicketAlreadyEscalated:
    case DomainErrorCode.TicketNotEscalatable:
    case DomainErrorCode.TicketNotClosable:
    case DomainErrorCode.InvalidStatusTransition:
    case DomainErrorCode.TicketAlreadyAssigned:
    case DomainErrorCode.AgentNotFound:
    case DomainErrorCode.CustomerNotFound:
    case DomainErrorCode.UserNotFound:
    case DomainErrorCode.UserNotCustomer:
    case DomainErrorCode.RideNotFound:
    case DomainErrorCode.OrderNotFound:
    case DomainErrorCode.BookingNotFound:
    case DomainErrorCode.ReferenceRequired:
    case DomainErrorCode.InvalidIssueType:
    case DomainErrorCode.InvalidServiceType:
    case DomainErrorCode.FeedbackNotAllowed:
    case DomainErrorCode.FeedbackAlreadySubmitted:
    case DomainErrorCode.OrderNotCancellable:
    case DomainErrorCode.MessageNotFound:
    case DomainErrorCode.FaqNotFound:
    case DomainErrorCode.SlaConfigNotFound:
    case DomainErrorCode.MacroNotFound:
    case DomainErrorCode.ViewNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.AutomationNotFound:
    case DomainErrorCode.NotificationNotFound:
    case DomainErrorCode.EmailTaken:
    case DomainErrorCode.StaleUpdate:
      return failed;
    default:
      return assertUnreachable(code);
  }
}

function kindCode(kind: Exclude<ProblemKind, 'domain'>, failed: OperationFailure): MtablesErrorCode {
  switch (kind) {
    case 'validation':
    case 'malformed':
      return failed;
    case 'unauthorized':
      return 'UNAUTHORIZED';
    case 'forbidden':
      return 'Forbidden';
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

export function mtablesErrorBody(code: MtablesErrorCode, message?: string, errors?: Record<string, string[]>) {
  return { status: 'error', code, message: MTABLES_ERRORS[code].message ?? message ?? code, ...(errors ? { errors } : {}) };
}

/** mtables' envelope, the same shape as munch's and mtxi's: `{"status":"error","code":"TICKET_ESCALATION_FAILED","message":"Ticket escalation error"}`. */
export const mtablesErrorRenderer: ErrorRenderer = {
  render(problem: Problem, request?: ProblemRequest): RenderedError {
    const failed = operationFailure(request);
    const code =
      problem.kind === 'domain' && problem.domainCode ? domainCode(problem.domainCode, failed) : kindCode(problem.kind === 'domain' ? 'internal' : problem.kind, failed);
    const errors = problem.fields ?? (problem.kind === 'malformed' ? { body: [problem.message] } : undefined);
    return { status: MTABLES_ERRORS[code].status, body: mtablesErrorBody(code, problem.message, errors) };
  },
};

const EXAMPLE_FIELDS: Partial<Record<MtablesErrorCode, Record<string, string[]>>> = {
  SUPPORT_TICKET_CREATION_FAILED: { description: ['description should not be empty'] },
};

/** Swagger: the listed error responses of a route, one example per code, grouped by status. */
export function MtablesErrorResponses(...codes: MtablesErrorCode[]) {
  const statuses = [...new Set(codes.map((code) => MTABLES_ERRORS[code].status))];
  return applyDecorators(
    ...statuses.map((status) => {
      const mine = codes.filter((code) => MTABLES_ERRORS[code].status === status);
      const examples = Object.fromEntries(
        mine.map((code) => [code, { summary: MTABLES_ERRORS[code].message ?? code, value: mtablesErrorBody(code, undefined, EXAMPLE_FIELDS[code]) }]),
      );
      return ApiResponse({ status, description: mine.join(', '), content: { 'application/json': { examples } } });
    }),
  );
}
