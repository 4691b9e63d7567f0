import { DomainErrorCode, DomainEventPayload, Problem } from '@mm/core';
import { mtablesErrorRenderer } from './mtables.errors';
import { mtablesCustomerEvents } from './mtables.presenter';

const domain = (domainCode: DomainErrorCode): Problem => ({ kind: 'domain', status: 400, message: 'x', domainCode });
const BASE = '/api/customer/mtables/support/tickets';

function event(type: DomainEventPayload['type'], status = 'open'): DomainEventPayload {
  return {
    type,
    ticket: { id: 123, ticketNumber: 'TKT-123456-ABCDEF', origin: 'mtables', serviceType: null, status, priority: 'medium', customerId: 456, groupCustomerIds: [], assigneeId: null, escalationLevel: 0 },
    actor: { id: 456, role: 'customer' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    data: {},
  };
}

describe('mtables surface', () => {
  it('answers each operation with its own 400 code, whatever the domain refusal', () => {
    const cases: [string, string, string, string][] = [
      ['POST', BASE, 'SUPPORT_TICKET_CREATION_FAILED', 'Ticket creation error'],
      ['GET', `${BASE}/5`, 'TICKET_STATUS_TRACKING_FAILED', 'Ticket status tracking error'],
      ['POST', `${BASE}/5/escalate`, 'TICKET_ESCALATION_FAILED', 'Ticket escalation error'],
    ];
    for (const [method, path, code, message] of cases) {
      for (const domainCode of [DomainErrorCode.TicketNotFound, DomainErrorCode.TicketAlreadyEscalated, DomainErrorCode.OrderNotFound, DomainErrorCode.InvalidIssueType]) {
        expect(mtablesErrorRenderer.render(domain(domainCode), { method, path })).toEqual({ status: 400, body: { status: 'error', code, message } });
      }
      expect(mtablesErrorRenderer.render({ kind: 'validation', status: 400, message: 'Validation failed', fields: { ticketId: ['bad'] } }, { method, path }).body).toEqual({
        status: 'error',
        code,
        message,
        errors: { ticketId: ['bad'] },
      });
    }
  });

  it('renders every domain error code (the table is exhaustive)', () => {
    for (const code of Object.values(DomainErrorCode)) expect(mtablesErrorRenderer.render(domain(code), { method: 'POST', path: BASE }).status).toBeGreaterThanOrEqual(400);
  });

  it('renders 401 and 403 as documented', () => {
    expect(mtablesErrorRenderer.render({ kind: 'unauthorized', status: 401, message: 'x' }, { method: 'GET', path: BASE })).toEqual({
      status: 401,
      body: { status: 'error', code: 'UNAUTHORIZED', message: 'Unauthorized' },
    });
    expect(mtablesErrorRenderer.render({ kind: 'forbidden', status: 403, message: 'x' }, { method: 'GET', path: BASE })).toEqual({
      status: 403,
      body: { status: 'error', code: 'Forbidden', message: 'Permission denied' },
    });
  });

  it('presents created, status and escalated events as seed 002 documents them', () => {
    expect(mtablesCustomerEvents(event('ticket.created'))).toEqual({
      name: 'support:ticket_created',
      payload: { userId: 456, role: 'customer', ticketId: 123, ticketNumber: 'TKT-123456-ABCDEF' },
    });
    expect(mtablesCustomerEvents(event('ticket.status_changed', 'in_progress'))).toEqual({
      name: 'support:ticket_status',
      payload: { userId: 456, role: 'customer', ticketId: 123, status: 'in_progress' },
    });
    expect(mtablesCustomerEvents(event('ticket.closed', 'closed'))).toMatchObject({ name: 'support:ticket_status', payload: { status: 'closed' } });
    expect(mtablesCustomerEvents(event('ticket.escalated', 'escalated'))).toEqual({
      name: 'support:ticket_escalated',
      payload: { userId: 456, role: 'customer', ticketId: 123, status: 'escalated' },
    });
    expect(mtablesCustomerEvents(event('message.created'))).toBeNull();
  });
});
