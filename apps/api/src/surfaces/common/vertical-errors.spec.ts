import { AccessRefused, DomainError, DomainErrorCode, domainRefusal, Problem, toProblem } from '@mm/core';
import { verticalErrors } from './vertical-errors';

const surface = verticalErrors<'DENIED' | 'BAD' | 'GONE' | 'FAILED'>({
  seed: {
    DENIED: { status: 403, message: 'Denied' },
    BAD: { status: 400, message: 'Bad request' },
    GONE: { status: 404, message: 'Ticket gone' },
    FAILED: { status: 500, message: 'It failed' },
  },
  seedCodes: () => ({ invalid: 'BAD', unauthorized: 'DENIED', forbidden: 'DENIED', notFound: 'NOT_FOUND', internal: 'FAILED' }),
  domainCode: (code) => (code === DomainErrorCode.TicketNotFound ? 'GONE' : undefined),
  domainMessage: ['BAD'],
});
const domain = (domainCode: DomainErrorCode, message = 'why exactly'): Problem => ({ kind: 'domain', status: 400, message, domainCode });

describe('vertical error module', () => {
  it('a code the surface names gets its seed row; the rest go by the kind of refusal', () => {
    expect(surface.renderer.render(domain(DomainErrorCode.TicketNotFound))).toEqual({ status: 404, body: { status: 'error', code: 'GONE', message: 'Ticket gone' } });
    expect(surface.renderer.render(domain(DomainErrorCode.MacroNotFound, 'Macro not found'))).toEqual({
      status: 404,
      body: { status: 'error', code: 'NOT_FOUND', message: 'Macro not found' },
    });
    expect(surface.renderer.render(domain(DomainErrorCode.PermissionDenied))).toEqual({ status: 403, body: { status: 'error', code: 'DENIED', message: 'Denied' } });
    // BAD keeps the domain's message (domainMessage)
    expect(surface.renderer.render(domain(DomainErrorCode.TicketNotClosable))).toEqual({ status: 400, body: { status: 'error', code: 'BAD', message: 'why exactly' } });
  });

  it('every domain error code has a kind of refusal, so a new code needs no surface change', () => {
    for (const code of Object.values(DomainErrorCode)) {
      expect(['not_found', 'forbidden', 'invalid']).toContain(domainRefusal(code));
      expect(surface.renderer.render(domain(code)).status).toBeGreaterThanOrEqual(400);
    }
  });

  it('renders the generic failures with the seed codes and the shared rows', () => {
    expect(surface.renderer.render({ kind: 'validation', status: 400, message: 'Validation failed', fields: { a: ['is bad'] } }).body).toEqual({
      status: 'error',
      code: 'BAD',
      message: 'Bad request',
      errors: { a: ['is bad'] },
    });
    expect(surface.renderer.render({ kind: 'malformed', status: 400, message: 'Unexpected token' }).body).toMatchObject({ errors: { body: ['Unexpected token'] } });
    expect(surface.renderer.render({ kind: 'conflict', status: 409, message: 'still running' })).toEqual({ status: 409, body: { status: 'error', code: 'CONFLICT', message: 'still running' } });
    expect(surface.renderer.render({ kind: 'internal', status: 500, message: 'relation does not exist' }).body).toEqual({ status: 'error', code: 'FAILED', message: 'It failed' });
  });

  it('the access guard says why it refused, without a message to compare', () => {
    expect(toProblem(new AccessRefused('permission', 'Permission denied'), 1024)).toEqual({ kind: 'forbidden', status: 403, message: 'Permission denied', refusal: 'permission' });
    expect(toProblem(new DomainError(DomainErrorCode.PermissionDenied, 'Forbidden'), 1024).refusal).toBeUndefined();
  });
});
