import { assertUnreachable, defaultErrorRenderer, DomainErrorCode, ErrorRenderer, Problem, RenderedError } from '@mm/core';

/** The HTTP status of each domain error in the default format, and the request field it is about, if any. */
function domainStatus(code: DomainErrorCode): { status: number; field?: string } {
  switch (code) {
    case DomainErrorCode.TicketNotFound:
    case DomainErrorCode.AgentNotFound:
    case DomainErrorCode.CustomerNotFound:
    case DomainErrorCode.RideNotFound:
    case DomainErrorCode.OrderNotFound:
    case DomainErrorCode.BookingNotFound:
    case DomainErrorCode.MessageNotFound:
    case DomainErrorCode.FaqNotFound:
    case DomainErrorCode.SlaConfigNotFound:
    case DomainErrorCode.MacroNotFound:
    case DomainErrorCode.ViewNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.AutomationNotFound:
    case DomainErrorCode.NotificationNotFound:
    case DomainErrorCode.UserNotFound:
      return { status: 404 };
    case DomainErrorCode.EmailTaken:
      return { status: 400, field: 'email' };
    case DomainErrorCode.InvalidCredentials:
      return { status: 401 };
    case DomainErrorCode.PermissionDenied:
      return { status: 403 };
    case DomainErrorCode.UserNotCustomer:
    case DomainErrorCode.StaleUpdate:
    case DomainErrorCode.TicketAlreadyAssigned:
      return { status: 409 };
    case DomainErrorCode.TicketAlreadyEscalated:
    case DomainErrorCode.TicketNotEscalatable:
    case DomainErrorCode.TicketNotClosable:
    case DomainErrorCode.InvalidStatusTransition:
    case DomainErrorCode.TicketNotAssignedToActor:
    case DomainErrorCode.ReferenceRequired:
    case DomainErrorCode.InvalidIssueType:
    case DomainErrorCode.InvalidServiceType:
    case DomainErrorCode.FeedbackNotAllowed:
    case DomainErrorCode.FeedbackAlreadySubmitted:
    case DomainErrorCode.OrderNotCancellable:
      return { status: 400 };
    default:
      return assertUnreachable(code);
  }
}

/**
 * The default format (`{"error": "..."}`, plus `errors` per field on 400) for
 * the routes no seed documents (auth, integrations), with each domain error at
 * its natural status: a missing customer is 404 `{"error":"Customer not found"}`,
 * a taken email is a 400 on the `email` field like any other invalid field.
 */
export const defaultFormatErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    if (problem.kind !== 'domain' || !problem.domainCode) return defaultErrorRenderer.render(problem);
    const { status, field } = domainStatus(problem.domainCode);
    if (field) return { status, body: { error: 'Validation failed', errors: { [field]: [problem.message] } } };
    return { status, body: { error: problem.message } };
  },
};
