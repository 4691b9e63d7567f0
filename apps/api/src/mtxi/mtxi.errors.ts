import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { assertUnreachable, DomainErrorCode, ErrorRenderer, Problem, ProblemKind, RenderedError } from '@mm/core';

/** Every error mtxi answers: the seed's codes, then the ones every surface needs beyond its seed. */
export const MTXI_ERRORS = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  PERMISSION_DENIED: { status: 403, message: 'Insufficient permissions' },
  INVALID_TICKET: { status: 400, message: 'Invalid ticket reference or configuration' },
  INVALID_SERVICE_TYPE: { status: 400, message: 'Invalid service type' },
  INVALID_ISSUE_TYPE: { status: 400, message: 'Invalid issue type' },
  CUSTOMER_NOT_FOUND: { status: 400, message: 'Customer or group member not found' },
  RIDE_NOT_FOUND: { status: 400, message: 'Ride not found' },
  ORDER_FAILED: { status: 400, message: 'Order not found' },
  BOOKING_FAILED: { status: 400, message: 'Booking not found' },
  SUPPORT_TICKET_NOT_FOUND: { status: 404, message: 'Ticket not found' },
  SUPPORT_TICKET_NOT_ESCALATABLE: { status: 400, message: 'Ticket cannot be escalated' },
  SUPPORT_TICKET_FAILED: { status: 500, message: 'Ticket operation failed' },
  // beyond the seed: the message is the problem's own
  NOT_FOUND: { status: 404, message: null },
  CONFLICT: { status: 409, message: null },
  UNPROCESSABLE: { status: 422, message: null },
  PAYLOAD_TOO_LARGE: { status: 413, message: null },
  TOO_MANY_REQUESTS: { status: 429, message: null },
  SERVICE_UNAVAILABLE: { status: 503, message: null },
} as const satisfies Record<string, { status: number; message: string | null }>;
export type MtxiErrorCode = keyof typeof MTXI_ERRORS;

/** Catch-all codes whose domain refusals keep their own, more precise message ("Only a resolved ticket can be closed"). */
const DOMAIN_MESSAGE: readonly MtxiErrorCode[] = ['INVALID_TICKET', 'PERMISSION_DENIED'];

function domainCode(code: DomainErrorCode): MtxiErrorCode {
  switch (code) {
    case DomainErrorCode.TicketNotFound:
      return 'SUPPORT_TICKET_NOT_FOUND';
    case DomainErrorCode.TicketAlreadyEscalated:
    case DomainErrorCode.TicketNotEscalatable:
      return 'SUPPORT_TICKET_NOT_ESCALATABLE';
    case DomainErrorCode.CustomerNotFound:
    case DomainErrorCode.UserNotFound:
    case DomainErrorCode.UserNotCustomer:
      return 'CUSTOMER_NOT_FOUND';
    case DomainErrorCode.RideNotFound:
      return 'RIDE_NOT_FOUND';
    case DomainErrorCode.OrderNotFound:
      return 'ORDER_FAILED';
    case DomainErrorCode.BookingNotFound:
      return 'BOOKING_FAILED';
    case DomainErrorCode.InvalidIssueType:
      return 'INVALID_ISSUE_TYPE';
    case DomainErrorCode.InvalidServiceType:
      return 'INVALID_SERVICE_TYPE';
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
    case DomainErrorCode.FeedbackNotAllowed:
    case DomainErrorCode.FeedbackAlreadySubmitted:
    case DomainErrorCode.OrderNotCancellable:
    case DomainErrorCode.EmailTaken:
    case DomainErrorCode.StaleUpdate:
      return 'INVALID_TICKET';
    default:
      return assertUnreachable(code);
  }
}

function kindCode(kind: Exclude<ProblemKind, 'domain'>): MtxiErrorCode {
  switch (kind) {
    case 'validation':
    case 'malformed':
      return 'INVALID_TICKET';
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
      return 'SUPPORT_TICKET_FAILED';
    default:
      return assertUnreachable(kind);
  }
}

export function mtxiErrorBody(code: MtxiErrorCode, message?: string | null, errors?: Record<string, string[]>) {
  return { status: 'error', code, message: message ?? MTXI_ERRORS[code].message ?? code, ...(errors ? { errors } : {}) };
}

/** mtxi's envelope: `{"status":"error","code":"SUPPORT_TICKET_NOT_FOUND","message":"Ticket not found"}`, plus `errors` per request field. */
export const mtxiErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    const code = problem.kind === 'domain' && problem.domainCode ? domainCode(problem.domainCode) : kindCode(problem.kind === 'domain' ? 'internal' : problem.kind);
    const ownMessage = MTXI_ERRORS[code].message === null || (problem.kind === 'domain' && DOMAIN_MESSAGE.includes(code));
    const errors = problem.fields ?? (problem.kind === 'malformed' ? { body: [problem.message] } : undefined);
    return { status: MTXI_ERRORS[code].status, body: mtxiErrorBody(code, ownMessage ? problem.message : null, errors) };
  },
};

const EXAMPLE_FIELDS: Partial<Record<MtxiErrorCode, Record<string, string[]>>> = {
  INVALID_TICKET: { ticketId: ['ticketId must be an integer number'] },
};

/** Swagger: the listed error responses of a route, one example per code, grouped by status. */
export function MtxiErrorResponses(...codes: MtxiErrorCode[]) {
  const statuses = [...new Set(codes.map((code) => MTXI_ERRORS[code].status))];
  return applyDecorators(
    ...statuses.map((status) => {
      const mine = codes.filter((code) => MTXI_ERRORS[code].status === status);
      const examples = Object.fromEntries(
        mine.map((code) => [code, { summary: MTXI_ERRORS[code].message ?? code, value: mtxiErrorBody(code, null, EXAMPLE_FIELDS[code]) }]),
      );
      return ApiResponse({ status, description: mine.join(', '), content: { 'application/json': { examples } } });
    }),
  );
}
