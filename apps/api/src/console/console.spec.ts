import { DomainErrorCode, Problem } from '@mm/core';
import { consoleErrorRenderer } from './console.errors';
import { consoleTime, title } from './console.presenter';
import { choiceKey } from './dto/drf-rules';

const domain = (domainCode: DomainErrorCode, message = 'domain says'): Problem => ({ kind: 'domain', status: 400, message, domainCode });

describe('console surface', () => {
  it.each([
    [DomainErrorCode.TicketNotFound, 404, { error: 'Ticket not found' }],
    [DomainErrorCode.FaqNotFound, 404, { error: 'FAQ not found' }],
    [DomainErrorCode.AgentNotFound, 404, { error: 'domain says' }],
    [DomainErrorCode.PermissionDenied, 403, { error: 'domain says' }],
    [DomainErrorCode.TicketNotAssignedToActor, 403, { error: 'This ticket is not assigned to you' }],
    [DomainErrorCode.InvalidStatusTransition, 400, { status: ['domain says'] }],
    [DomainErrorCode.TicketAlreadyAssigned, 400, { ticket: ['domain says'] }],
    [DomainErrorCode.FeedbackAlreadySubmitted, 400, { ticket: ['domain says'] }],
    [DomainErrorCode.OrderNotFound, 400, { delivery_id: ['domain says'] }],
    [DomainErrorCode.EmailTaken, 400, { email: ['domain says'] }],
  ])('renders %s as %i %j', (code, status, body) => {
    expect(consoleErrorRenderer.render(domain(code))).toEqual({ status, body });
  });

  it('renders every domain error code (the table is exhaustive)', () => {
    for (const code of Object.values(DomainErrorCode)) expect(consoleErrorRenderer.render(domain(code)).status).toBeGreaterThanOrEqual(400);
  });

  it('renders validation as 400 {field: [messages]} the DRF way', () => {
    const rendered = consoleErrorRenderer.render({
      kind: 'validation',
      status: 400,
      message: 'Validation failed',
      fields: { subject: ['This field may not be blank.', 'This field is required.'], extra: ['property extra should not exist'] },
    });
    expect(rendered).toEqual({ status: 400, body: { subject: ['This field is required.'], extra: ['This field is not allowed.'] } });
  });

  it('renders 401, 403, 404, 429 and 500 as {"error"} without leaking internals', () => {
    const render = (kind: Problem['kind'], message = 'x') => consoleErrorRenderer.render({ kind, status: 0, message });
    expect(render('unauthorized').status).toBe(401);
    expect(render('forbidden', 'Forbidden')).toEqual({ status: 403, body: { error: 'You do not have permission to perform this action.' } });
    expect(render('forbidden', 'Your agent account is awaiting admin approval').body).toEqual({ error: 'Your agent account is awaiting admin approval' });
    expect(render('route_not_found', 'Route GET:/api/support/x not found')).toEqual({ status: 404, body: { error: 'Not found' } });
    expect(render('rate_limited', 'Too many requests')).toEqual({ status: 429, body: { error: 'Too many requests' } });
    expect(render('internal', 'syntax error at or near')).toEqual({ status: 500, body: { error: 'Internal server error' } });
  });

  it('speaks Title words and reads them back in any case', () => {
    expect(title('in_progress')).toBe('In Progress');
    expect(title('payment_issue')).toBe('Payment Issue');
    expect(title('open')).toBe('Open');
    expect(choiceKey(' In Progress ')).toBe('in_progress');
    expect(choiceKey('ON-HOLD')).toBe('on_hold');
  });

  it('writes seconds-precision UTC times', () => {
    expect(consoleTime(new Date('2026-01-09T10:30:00.456Z'))).toBe('2026-01-09T10:30:00Z');
    expect(consoleTime(null)).toBeNull();
  });
});
