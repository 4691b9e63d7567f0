import { DomainErrorCode, DomainEventPayload, Problem } from '@mm/core';
import { mtxiErrorRenderer } from './mtxi.errors';
import { mtxiCustomerEvents, mtxiServiceType } from './mtxi.presenter';

const domain = (domainCode: DomainErrorCode, message = 'x'): Problem => ({ kind: 'domain', status: 400, message, domainCode });

function event(type: DomainEventPayload['type'], status = 'open'): DomainEventPayload {
  return {
    type,
    ticket: { id: 7, ticketNumber: 'TKT-000007-ABCDEF', origin: 'mtxi', serviceType: 'ride', status, priority: 'medium', customerId: 42, groupCustomerIds: [43], assigneeId: null, escalationLevel: 0 },
    actor: { id: 42, role: 'customer' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    data: {},
  };
}

describe('mtxi surface', () => {
  it.each([
    [DomainErrorCode.TicketNotFound, 404, 'SUPPORT_TICKET_NOT_FOUND', 'Ticket not found'],
    [DomainErrorCode.TicketAlreadyEscalated, 400, 'SUPPORT_TICKET_NOT_ESCALATABLE', 'Ticket cannot be escalated'],
    [DomainErrorCode.TicketNotEscalatable, 400, 'SUPPORT_TICKET_NOT_ESCALATABLE', 'Ticket cannot be escalated'],
    [DomainErrorCode.RideNotFound, 400, 'RIDE_NOT_FOUND', 'Ride not found'],
    [DomainErrorCode.OrderNotFound, 400, 'ORDER_FAILED', 'Order not found'],
    [DomainErrorCode.BookingNotFound, 400, 'BOOKING_FAILED', 'Booking not found'],
    [DomainErrorCode.CustomerNotFound, 400, 'CUSTOMER_NOT_FOUND', 'Customer or group member not found'],
    [DomainErrorCode.InvalidIssueType, 400, 'INVALID_ISSUE_TYPE', 'Invalid issue type'],
    [DomainErrorCode.InvalidServiceType, 400, 'INVALID_SERVICE_TYPE', 'Invalid service type'],
  ])('renders %s as %i %s', (code, status, mtxiCode, message) => {
    expect(mtxiErrorRenderer.render(domain(code))).toEqual({ status, body: { status: 'error', code: mtxiCode, message } });
  });

  it('keeps the domain message on its catch-all codes', () => {
    expect(mtxiErrorRenderer.render(domain(DomainErrorCode.TicketNotClosable, 'Only a resolved ticket can be closed')).body).toEqual({
      status: 'error',
      code: 'INVALID_TICKET',
      message: 'Only a resolved ticket can be closed',
    });
  });

  it('renders every domain error code (the table is exhaustive)', () => {
    for (const code of Object.values(DomainErrorCode)) expect(mtxiErrorRenderer.render(domain(code)).status).toBeGreaterThanOrEqual(400);
  });

  it('renders validation, 401, 403 and 500 in its envelope', () => {
    expect(mtxiErrorRenderer.render({ kind: 'validation', status: 400, message: 'Validation failed', fields: { ticketId: ['bad'] } }).body).toEqual({
      status: 'error',
      code: 'INVALID_TICKET',
      message: 'Invalid ticket reference or configuration',
      errors: { ticketId: ['bad'] },
    });
    expect(mtxiErrorRenderer.render({ kind: 'unauthorized', status: 401, message: 'x' }).body).toEqual({ status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' });
    expect(mtxiErrorRenderer.render({ kind: 'forbidden', status: 403, message: 'x' })).toEqual({
      status: 403,
      body: { status: 'error', code: 'PERMISSION_DENIED', message: 'Insufficient permissions' },
    });
    expect(mtxiErrorRenderer.render({ kind: 'internal', status: 500, message: 'boom' })).toEqual({
      status: 500,
      body: { status: 'error', code: 'SUPPORT_TICKET_FAILED', message: 'Ticket operation failed' },
    });
  });

  it('reads service types in any case and refuses others', () => {
    expect(mtxiServiceType('IN_DINING_ORDER')).toBe('in_dining_order');
    expect(() => mtxiServiceType('flight')).toThrow('Invalid service type');
  });

  it('presents created, escalated and closed events with the mtxi vocabulary, nothing else', () => {
    expect(mtxiCustomerEvents(event('ticket.created'))).toEqual({
      name: 'support:ticket_created',
      payload: { ticketId: 7, ticketNumber: 'TKT-000007-ABCDEF', status: 'OPEN', serviceType: 'ride', customerId: 42 },
    });
    expect(mtxiCustomerEvents(event('ticket.escalated', 'escalated'))).toMatchObject({ name: 'support:ticket_escalated', payload: { status: 'ESCALATED' } });
    expect(mtxiCustomerEvents(event('ticket.closed', 'closed'))).toMatchObject({ name: 'support:ticket_closed', payload: { status: 'CLOSED' } });
    for (const type of ['ticket.status_changed', 'ticket.updated', 'message.created'] as const) expect(mtxiCustomerEvents(event(type))).toBeNull();
  });
});
