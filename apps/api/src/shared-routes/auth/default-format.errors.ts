import { defaultErrorRenderer, DomainErrorCode, domainRefusal, ErrorRenderer, Problem, RenderedError, REFUSAL_STATUS } from '@mm/core';

/** A domain error's status in the default format where it is not the natural one, and the request field it is about, if any. */
function domainStatus(code: DomainErrorCode): { status: number; field?: string } {
  switch (code) {
    case DomainErrorCode.EmailTaken:
      return { status: 400, field: 'email' };
    case DomainErrorCode.InvalidCredentials:
      return { status: 401 };
    case DomainErrorCode.UserNotCustomer:
    case DomainErrorCode.StaleUpdate:
    case DomainErrorCode.TicketAlreadyAssigned:
      return { status: 409 };
    case DomainErrorCode.TicketNotAssignedToActor:
      return { status: 400 };
    default:
      return { status: REFUSAL_STATUS[domainRefusal(code)] };
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
