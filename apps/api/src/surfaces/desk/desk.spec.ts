import { DomainErrorCode, Problem, RequestValidationError } from '@mm/core';
import { Ticket } from '@mm/ticket';
import { deskErrorRenderer } from './desk.errors';
import { presentDeskTicket } from './desk.presenter';
import { etag, parseIfMatch } from './if-match';

const domain = (domainCode: DomainErrorCode, message = 'x'): Problem => ({ kind: 'domain', status: 400, message, domainCode });
const at = new Date('2026-06-01T10:00:00.000Z');

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return Object.assign(new Ticket(), {
    id: 7,
    ticketNumber: 'TKT-000007-ABCDEF',
    origin: 'munch',
    subject: 'Payment issue',
    description: 'Charged twice',
    status: 'in_progress',
    priority: 'high',
    category: 'payment_issue',
    escalationLevel: 1,
    customer: { id: 42, name: 'Jane', email: 'jane@example.com', locale: 'fr' },
    assignee: null,
    groupCustomerIds: [],
    ride: null,
    order: { id: 9, orderNumber: 'MUN-9' },
    booking: null,
    tags: ['vip'],
    possibleDuplicateOf: null,
    mergedIntoId: null,
    version: 3,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    ...overrides,
  });
}

describe('desk surface', () => {
  it.each([
    [DomainErrorCode.TicketNotFound, 404],
    [DomainErrorCode.TicketNotAssignedToActor, 403],
    [DomainErrorCode.PermissionDenied, 403],
    [DomainErrorCode.TicketAlreadyAssigned, 409],
    [DomainErrorCode.StaleUpdate, 412],
    [DomainErrorCode.InvalidStatusTransition, 400],
  ])('renders %s as %i {"error"} with no domain code', (code, status) => {
    expect(deskErrorRenderer.render(domain(code, 'Something'))).toEqual({ status, body: { error: 'Something' } });
  });

  it('renders field errors as 400 {"error":"Validation failed","errors":{...}}', () => {
    expect(deskErrorRenderer.render({ kind: 'validation', status: 400, message: 'Validation failed', fields: { tags: ['bad'] } })).toEqual({
      status: 400,
      body: { error: 'Validation failed', errors: { tags: ['bad'] } },
    });
  });

  it('presents every key of the desk ticket, the reference from the order, sla null', () => {
    expect(presentDeskTicket(ticket(), null)).toEqual({
      id: 7,
      ticketNumber: 'TKT-000007-ABCDEF',
      origin: 'munch',
      subject: 'Payment issue',
      description: 'Charged twice',
      status: 'in_progress',
      priority: 'high',
      category: 'payment_issue',
      escalationLevel: 1,
      customer: { id: 42, name: 'Jane', email: 'jane@example.com', locale: 'fr' },
      assignee: null,
      groupCustomerIds: [],
      reference: { type: 'order', id: 9, number: 'MUN-9' },
      tags: ['vip'],
      sla: null,
      possibleDuplicateOf: null,
      mergedIntoId: null,
      version: 3,
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
      resolvedAt: null,
      closedAt: null,
    });
    expect(presentDeskTicket(ticket({ order: null, ride: { id: 5 } as Ticket['ride'] }), null).reference).toEqual({ type: 'ride', id: 5, number: null });
  });

  it('reads If-Match as the quoted version; * or none is any version; anything else is a 400 on If-Match', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch(etag(12))).toBe(12);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
    for (const header of ['3', 'W/"3"', '"0"', '"-1"', '"1.5"', '"2147483648"', '"1", "2"', '']) {
      expect(() => parseIfMatch(header)).toThrow(RequestValidationError);
    }
  });
});
