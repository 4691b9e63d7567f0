import { assertUnreachable, defaultErrorRenderer, DomainErrorCode, ErrorRenderer, Problem, RenderedError } from '@mm/core';

/** `/api/desk`: every domain error at its status in the default format (SPEC section 7), and the request field it is about, if any. */
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
    case DomainErrorCode.NotificationNotFound:
    case DomainErrorCode.UserNotFound:
    case DomainErrorCode.SlaConfigNotFound:
    case DomainErrorCode.MacroNotFound:
    case DomainErrorCode.ViewNotFound:
    case DomainErrorCode.WebhookNotFound:
    case DomainErrorCode.AutomationNotFound:
      return { status: 404 };
    // TicketNotAssignedToActor: an agent's change of a ticket they see in the queue but do not work (SPEC section 1).
    case DomainErrorCode.PermissionDenied:
    case DomainErrorCode.TicketNotAssignedToActor:
      return { status: 403 };
    case DomainErrorCode.InvalidCredentials:
      return { status: 401 };
    case DomainErrorCode.TicketAlreadyAssigned:
    case DomainErrorCode.UserNotCustomer:
    case DomainErrorCode.TicketAlreadyEscalated:
      return { status: 409 };
    // A stale If-Match: the desk tickets controller answers it with the current ticket (desk-ticket-responder.ts).
    case DomainErrorCode.StaleUpdate:
      return { status: 412 };
    case DomainErrorCode.EmailTaken:
      return { status: 400, field: 'email' };
    case DomainErrorCode.TicketNotEscalatable:
    case DomainErrorCode.TicketNotClosable:
    case DomainErrorCode.InvalidStatusTransition:
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

/** The default format of SPEC section 7: `{"error"}`, 400 with `errors` per field, 401/403/404/409/412. */
export const deskErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    if (problem.kind !== 'domain' || !problem.domainCode) return defaultErrorRenderer.render(problem);
    const { status, field } = domainStatus(problem.domainCode);
    if (field) return { status, body: { error: 'Validation failed', errors: { [field]: [problem.message] } } };
    return { status, body: { error: problem.message } };
  },
};

