import { DomainErrorCode } from '@mm/core';
import { verticalErrors } from '../common/vertical-errors';

/** Seed 001's codes and messages. */
const MTXI_SEED = {
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
} as const;
type MtxiSeedCode = keyof typeof MTXI_SEED;

function domainCode(code: DomainErrorCode): MtxiSeedCode | undefined {
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
    default:
      return undefined;
  }
}

/** mtxi's envelope: `{"status":"error","code":"SUPPORT_TICKET_NOT_FOUND","message":"Ticket not found"}`, plus `errors` per request field. */
const mtxi = verticalErrors<MtxiSeedCode>({
  seed: MTXI_SEED,
  seedCodes: () => ({ invalid: 'INVALID_TICKET', unauthorized: 'UNAUTHORIZED', forbidden: 'PERMISSION_DENIED', notFound: 'NOT_FOUND', internal: 'SUPPORT_TICKET_FAILED' }),
  domainCode,
  // The catch-alls keep the domain's more precise message ("Only a resolved ticket can be closed").
  domainMessage: ['INVALID_TICKET', 'PERMISSION_DENIED'],
  exampleFields: { INVALID_TICKET: { ticketId: ['ticketId must be an integer number'] } },
});

export const mtxiErrorRenderer = mtxi.renderer;
export const MtxiErrorResponses = mtxi.responses;
