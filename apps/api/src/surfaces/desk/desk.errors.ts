import { defaultErrorRenderer, DomainErrorCode, domainRefusal, ErrorRenderer, Problem, RenderedError, REFUSAL_STATUS } from '@mm/core';

/** `/api/desk`: a domain error's status in the default format (SPEC section 7), and the request field it is about, if any; the rest at their natural status. */
function domainStatus(code: DomainErrorCode): { status: number; field?: string } {
  switch (code) {
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
    // TicketNotAssignedToActor (403): an agent's change of a ticket they see in the queue but do not work (SPEC section 1).
    default:
      return { status: REFUSAL_STATUS[domainRefusal(code)] };
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

