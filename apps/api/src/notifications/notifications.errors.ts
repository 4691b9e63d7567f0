import { assertUnreachable, defaultErrorRenderer, DomainErrorCode, ErrorRenderer } from '@mm/core';

/** The only domain error these routes raise is a notification that is not the caller's (or does not exist). */
function statusFor(code: DomainErrorCode): number {
  switch (code) {
    case DomainErrorCode.NotificationNotFound:
    case DomainErrorCode.UserNotFound:
      return 404;
    case DomainErrorCode.PermissionDenied:
      return 403;
    case DomainErrorCode.TicketNotFound:
    case DomainErrorCode.TicketAlreadyEscalated:
    case DomainErrorCode.TicketNotEscalatable:
    case DomainErrorCode.TicketNotClosable:
    case DomainErrorCode.InvalidStatusTransition:
    case DomainErrorCode.TicketAlreadyAssigned:
    case DomainErrorCode.TicketNotAssignedToActor:
    case DomainErrorCode.AgentNotFound:
    case DomainErrorCode.CustomerNotFound:
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
    case DomainErrorCode.EmailTaken:
    case DomainErrorCode.InvalidCredentials:
    case DomainErrorCode.StaleUpdate:
    case DomainErrorCode.UserNotCustomer:
      return 400;
    default:
      return assertUnreachable(code);
  }
}

/** `/api/notifications`: the default `{"error": ...}` format, with 404 for another user's notification. */
export const notificationsErrorRenderer: ErrorRenderer = {
  render(problem) {
    if (problem.kind !== 'domain' || !problem.domainCode) return defaultErrorRenderer.render(problem);
    return defaultErrorRenderer.render({ ...problem, status: statusFor(problem.domainCode) });
  },
};
