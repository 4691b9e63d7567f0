import { DomainErrorCode } from '@mm/core';
import { verticalErrors } from '../common/vertical-errors';

/** Seed 000's codes and messages. */
const MUNCH_SEED = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  PERMISSION_DENIED: { status: 403, message: 'Forbidden' },
  INVALID_REQUEST: { status: 400, message: 'Invalid request parameters' },
  CUSTOMER_NOT_FOUND: { status: 404, message: 'Customer not found' },
  INVALID_ISSUE_TYPE: { status: 400, message: 'Invalid issue type' },
  ORDER_NOT_FOUND: { status: 404, message: 'Order not found' },
  TICKET_NOT_FOUND: { status: 404, message: 'Ticket not found' },
  TICKET_ALREADY_ESCALATED: { status: 400, message: 'Ticket already escalated' },
  CANNOT_ESCALATE_TICKET: { status: 400, message: 'Cannot escalate ticket' },
} as const;
type MunchSeedCode = keyof typeof MUNCH_SEED;

function domainCode(code: DomainErrorCode): MunchSeedCode | undefined {
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
    default:
      return undefined;
  }
}

/** munch's envelope: `{"status":"error","code":"TICKET_NOT_FOUND","message":"Ticket not found"}`, plus `errors` per request field. */
const munch = verticalErrors<MunchSeedCode>({
  seed: MUNCH_SEED,
  seedCodes: () => ({ invalid: 'INVALID_REQUEST', unauthorized: 'UNAUTHORIZED', forbidden: 'PERMISSION_DENIED', notFound: 'NOT_FOUND', internal: 'INTERNAL_ERROR' }),
  domainCode,
  exampleFields: { INVALID_REQUEST: { description: ['description must be longer than or equal to 10 characters'] } },
});

export const munchErrorRenderer = munch.renderer;
export const MunchErrorResponses = munch.responses;
