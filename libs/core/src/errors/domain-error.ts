/**
 * Every business refusal in the domain libraries. Surfaces map the codes their
 * routes raise to their own status, code and message (`<surface>.errors.ts`),
 * and the rest by `domainRefusal`; domain code never throws HTTP exceptions.
 */
export enum DomainErrorCode {
  TicketNotFound = 'TICKET_NOT_FOUND',
  TicketAlreadyEscalated = 'TICKET_ALREADY_ESCALATED',
  TicketNotEscalatable = 'TICKET_NOT_ESCALATABLE',
  TicketNotClosable = 'TICKET_NOT_CLOSABLE',
  InvalidStatusTransition = 'INVALID_STATUS_TRANSITION',
  TicketAlreadyAssigned = 'TICKET_ALREADY_ASSIGNED',
  TicketNotAssignedToActor = 'TICKET_NOT_ASSIGNED_TO_ACTOR',
  AgentNotFound = 'AGENT_NOT_FOUND',
  CustomerNotFound = 'CUSTOMER_NOT_FOUND',
  RideNotFound = 'RIDE_NOT_FOUND',
  OrderNotFound = 'ORDER_NOT_FOUND',
  BookingNotFound = 'BOOKING_NOT_FOUND',
  ReferenceRequired = 'REFERENCE_REQUIRED',
  InvalidIssueType = 'INVALID_ISSUE_TYPE',
  InvalidServiceType = 'INVALID_SERVICE_TYPE',
  FeedbackNotAllowed = 'FEEDBACK_NOT_ALLOWED',
  FeedbackAlreadySubmitted = 'FEEDBACK_ALREADY_SUBMITTED',
  OrderNotCancellable = 'ORDER_NOT_CANCELLABLE',
  MessageNotFound = 'MESSAGE_NOT_FOUND',
  FaqNotFound = 'FAQ_NOT_FOUND',
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  UserNotFound = 'USER_NOT_FOUND',
  UserNotCustomer = 'USER_NOT_CUSTOMER',
  EmailTaken = 'EMAIL_TAKEN',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  PermissionDenied = 'PERMISSION_DENIED',
  StaleUpdate = 'STALE_UPDATE',
  /** An SLA calendar or policy that does not exist. */
  SlaConfigNotFound = 'SLA_CONFIG_NOT_FOUND',
  MacroNotFound = 'MACRO_NOT_FOUND',
  ViewNotFound = 'VIEW_NOT_FOUND',
  /** A webhook endpoint or delivery that does not exist. */
  WebhookNotFound = 'WEBHOOK_NOT_FOUND',
  AutomationNotFound = 'AUTOMATION_NOT_FOUND',
}

/** The broad kind of a domain refusal: what a surface answers for a code it does not name. */
export type DomainRefusal = 'not_found' | 'forbidden' | 'invalid';

/** The HTTP status of each kind of refusal, for formats that answer with the natural status. */
export const REFUSAL_STATUS: Readonly<Record<DomainRefusal, number>> = { not_found: 404, forbidden: 403, invalid: 400 };

export function domainRefusal(code: DomainErrorCode): DomainRefusal {
  switch (code) {
    case DomainErrorCode.TicketNotFound:
    case DomainErrorCode.AgentNotFound:
    case DomainErrorCode.CustomerNotFound:
    case DomainErrorCode.RideNotFound:
    case DomainErrorCode.OrderNotFound:
    case DomainErrorCode.BookingNotFound:
    case DomainErrorCode.MessageNotFound:
    case DomainErrorCode.FaqNotFound:
    case DomainErrorCode.NotificationNotFound:
    case DomainErrorCode.UserNotFound:
    case DomainErrorCode.SlaConfigNotFound:
    case DomainErrorCode.MacroNotFound:
    case DomainErrorCode.ViewNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.AutomationNotFound:
      return 'not_found';
    case DomainErrorCode.PermissionDenied:
    case DomainErrorCode.TicketNotAssignedToActor:
    case DomainErrorCode.InvalidCredentials:
      return 'forbidden';
    case DomainErrorCode.TicketAlreadyEscalated:
    case DomainErrorCode.TicketNotEscalatable:
    case DomainErrorCode.TicketNotClosable:
    case DomainErrorCode.InvalidStatusTransition:
    case DomainErrorCode.TicketAlreadyAssigned:
    case DomainErrorCode.ReferenceRequired:
    case DomainErrorCode.InvalidIssueType:
    case DomainErrorCode.InvalidServiceType:
    case DomainErrorCode.FeedbackNotAllowed:
    case DomainErrorCode.FeedbackAlreadySubmitted:
    case DomainErrorCode.OrderNotCancellable:
    case DomainErrorCode.UserNotCustomer:
    case DomainErrorCode.EmailTaken:
    case DomainErrorCode.StaleUpdate:
      return 'invalid';
    default:
      return assertUnreachable(code);
  }
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
