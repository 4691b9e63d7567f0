import { AccessRefusal, DomainErrorCode, Problem } from '@mm/core';
import { consoleErrorRenderer } from './console.errors';
import { TicketHistoryEntry } from '@mm/ticket';
import { consoleHistoryEntry, consoleTime, title } from './console.presenter';
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
    const refused = (refusal: AccessRefusal, message: string) => consoleErrorRenderer.render({ kind: 'forbidden', status: 403, message, refusal });
    expect(refused('role', 'Forbidden')).toEqual({ status: 403, body: { error: 'You do not have permission to perform this action.' } });
    expect(refused('permission', 'Permission denied').body).toEqual({ error: 'You do not have permission to perform this action.' });
    expect(refused('unapproved', 'Your agent account is awaiting admin approval').body).toEqual({ error: 'Your agent account is awaiting admin approval' });
    expect(render('forbidden', 'Not for integrations').body).toEqual({ error: 'Not for integrations' });
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

  it('renders history entries in the console’s words: Title statuses, string ids, support_agent, changed fields in snake case', () => {
    const entry = (fields: Partial<TicketHistoryEntry>) =>
      consoleHistoryEntry({ id: '9', ticketId: 1, actorId: 7, actorRole: 'agent', fromValue: null, toValue: null, details: null, createdAt: new Date('2026-01-09T10:30:00.456Z'), ...fields } as TicketHistoryEntry);
    expect(entry({ type: 'escalated', fromValue: 'in_progress', toValue: 'escalated', actorRole: 'customer', details: { priority: { from: 'medium', to: 'high' }, escalationLevel: { from: 1, to: 2 } } })).toEqual({
      id: '9',
      type: 'escalated',
      from: 'In Progress',
      to: 'Escalated',
      changes: { priority: { from: 'Medium', to: 'High' }, escalation_level: { from: 1, to: 2 } },
      actor_id: '7',
      actor_role: 'customer',
      created_at: '2026-01-09T10:30:00Z',
    });
    expect(entry({ type: 'assigned', fromValue: '3', toValue: '7', details: { from: 3, to: 7 } })).toMatchObject({ from: '3', to: '7', changes: null, actor_role: 'support_agent' });
    expect(entry({ type: 'updated', details: { changes: { resolutionDetails: { from: null, to: 'Refunded' } } } }).changes).toEqual({ resolution_details: { from: null, to: 'Refunded' } });
    expect(entry({ type: 'created', toValue: 'open', actorId: null, actorRole: 'system' })).toMatchObject({ to: 'Open', actor_id: null, actor_role: 'system' });
  });
});
