import { ProblemRequest } from '@mm/core';
import { verticalErrors } from '../common/vertical-errors';

/**
 * Seed 002's codes and messages: each operation has one 400 code for all its
 * failures (a ticket that is missing or not the caller's included), plus 401 and 403.
 */
const MTABLES_SEED = {
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
  Forbidden: { status: 403, message: 'Permission denied' },
  SUPPORT_TICKET_CREATION_FAILED: { status: 400, message: 'Ticket creation error' },
  TICKET_STATUS_TRACKING_FAILED: { status: 400, message: 'Ticket status tracking error' },
  TICKET_ESCALATION_FAILED: { status: 400, message: 'Ticket escalation error' },
} as const;
type MtablesSeedCode = keyof typeof MTABLES_SEED;
type OperationFailure = 'SUPPORT_TICKET_CREATION_FAILED' | 'TICKET_STATUS_TRACKING_FAILED' | 'TICKET_ESCALATION_FAILED';

/** Which operation failed: POST /tickets, GET /tickets/{id} or POST /tickets/{id}/escalate. */
function operationFailure(request?: ProblemRequest): OperationFailure {
  if (request?.method === 'GET') return 'TICKET_STATUS_TRACKING_FAILED';
  if (request?.path.replace(/\/+$/, '').endsWith('/escalate')) return 'TICKET_ESCALATION_FAILED';
  return 'SUPPORT_TICKET_CREATION_FAILED';
}

/** mtables' envelope, the same shape as munch's and mtxi's: `{"status":"error","code":"TICKET_ESCALATION_FAILED","message":"Ticket escalation error"}`. */
const mtables = verticalErrors<MtablesSeedCode>({
  seed: MTABLES_SEED,
  seedCodes: (request) => {
    const failed = operationFailure(request);
    return { invalid: failed, unauthorized: 'UNAUTHORIZED', forbidden: 'Forbidden', notFound: failed, internal: 'INTERNAL_ERROR' };
  },
  // Every domain refusal is the operation's failure (or Forbidden): the seed names no other.
  domainCode: () => undefined,
  exampleFields: { SUPPORT_TICKET_CREATION_FAILED: { description: ['description should not be empty'] } },
});

export const mtablesErrorRenderer = mtables.renderer;
export const MtablesErrorResponses = mtables.responses;
