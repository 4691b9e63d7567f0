import { DomainErrorCode, DomainEventPayload, Problem } from '@mm/core';
import { munchErrorRenderer } from './munch.errors';
import { munchCustomerEvents } from './munch.presenter';

const domain = (domainCode: DomainErrorCode): Problem => ({ kind: 'domain', status: 400, message: 'x', domainCode });

function event(type: DomainEventPayload['type']): DomainEventPayload {
  return {
    type,
    ticket: { id: 7, ticketNumber: 'TKT-000007-ABCDEF', origin: 'munch', serviceType: null, status: 'escalated', priority: 'high', customerId: 42, groupCustomerIds: [], assigneeId: null, escalationLevel: 1 },
    actor: { id: 42, role: 'customer' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    data: {},
  };
}

describe('munch surface', () => {
  it.each([
    [DomainErrorCode.TicketNotFound, 404, 'TICKET_NOT_FOUND', 'Ticket not found'],
    [DomainErrorCode.TicketAlreadyEscalated, 400, 'TICKET_ALREADY_ESCALATED', 'Ticket already escalated'],
    [DomainErrorCode.TicketNotEscalatable, 400, 'CANNOT_ESCALATE_TICKET', 'Cannot escalate ticket'],
    [DomainErrorCode.OrderNotFound, 404, 'ORDER_NOT_FOUND', 'Order not found'],
    [DomainErrorCode.CustomerNotFound, 404, 'CUSTOMER_NOT_FOUND', 'Customer not found'],
    [DomainErrorCode.InvalidIssueType, 400, 'INVALID_ISSUE_TYPE', 'Invalid issue type'],
    [DomainErrorCode.PermissionDenied, 403, 'PERMISSION_DENIED', 'Forbidden'],
    [DomainErrorCode.ReferenceRequired, 400, 'INVALID_REQUEST', 'Invalid request parameters'],
  ])('renders %s as %i %s', (code, status, munchCode, message) => {
    expect(munchErrorRenderer.render(domain(code))).toEqual({ status, body: { status: 'error', code: munchCode, message } });
  });

  it('renders every domain error code (the table is exhaustive)', () => {
    for (const code of Object.values(DomainErrorCode)) expect(munchErrorRenderer.render(domain(code)).status).toBeGreaterThanOrEqual(400);
  });

  it('renders validation with the request fields, 401, 403 and 500 in its envelope', () => {
    expect(munchErrorRenderer.render({ kind: 'validation', status: 400, message: 'Validation failed', fields: { orderId: ['must be an integer'] } })).toEqual({
      status: 400,
      body: { status: 'error', code: 'INVALID_REQUEST', message: 'Invalid request parameters', errors: { orderId: ['must be an integer'] } },
    });
    expect(munchErrorRenderer.render({ kind: 'unauthorized', status: 401, message: 'x' }).body).toEqual({ status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' });
    expect(munchErrorRenderer.render({ kind: 'forbidden', status: 403, message: 'x' }).body).toEqual({ status: 'error', code: 'PERMISSION_DENIED', message: 'Forbidden' });
    expect(munchErrorRenderer.render({ kind: 'internal', status: 500, message: 'boom at line 3' })).toEqual({
      status: 500,
      body: { status: 'error', code: 'INTERNAL_ERROR', message: 'Internal server error' },
    });
    expect(munchErrorRenderer.render({ kind: 'rate_limited', status: 429, message: 'Too many requests' })).toEqual({
      status: 429,
      body: { status: 'error', code: 'TOO_MANY_REQUESTS', message: 'Too many requests' },
    });
  });

  it('presents created and escalated events as seed 000 documents them, nothing else', () => {
    const payload = { ticketId: 7, ticketNumber: 'TKT-000007-ABCDEF', status: 'escalated', customerId: '42' };
    expect(munchCustomerEvents(event('ticket.created'))).toEqual({ name: 'support:ticket:created', payload });
    expect(munchCustomerEvents(event('ticket.escalated'))).toEqual({ name: 'support:ticket:escalated', payload });
    for (const type of ['ticket.status_changed', 'ticket.closed', 'ticket.updated', 'message.created'] as const) expect(munchCustomerEvents(event(type))).toBeNull();
  });
});
