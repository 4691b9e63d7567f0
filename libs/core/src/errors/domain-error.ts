/**
 * Every business refusal in the domain libraries. Surfaces map each code to
 * their own status, code and message in one exhaustive table (`<surface>.errors.ts`);
 * domain code never throws HTTP exceptions.
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
