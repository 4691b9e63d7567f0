import { DomainErrorCode, Problem } from '@mm/core';
import { helpdeskErrorRenderer } from './helpdesk.errors';
import { createdRange, helpdeskCounts, laravelPaginator, laravelTime } from './helpdesk.presenter';

const domain = (domainCode: DomainErrorCode, message = 'domain says'): Problem => ({ kind: 'domain', status: 400, message, domainCode });

describe('helpdesk surface', () => {
  it.each([
    [DomainErrorCode.TicketNotFound, 404, 'Ticket not found'],
    [DomainErrorCode.MessageNotFound, 404, 'Message not found'],
    [DomainErrorCode.OrderNotFound, 404, 'Order not found'],
    [DomainErrorCode.TicketNotAssignedToActor, 403, 'Unauthorized access to this ticket'],
    [DomainErrorCode.PermissionDenied, 403, 'domain says'],
    [DomainErrorCode.OrderNotCancellable, 400, 'domain says'],
  ])('renders %s as %i {success:false, message}', (code, status, message) => {
    expect(helpdeskErrorRenderer.render(domain(code))).toEqual({ status, body: { success: false, message } });
  });

  it('renders every domain error code (the table is exhaustive)', () => {
    for (const code of Object.values(DomainErrorCode)) expect(helpdeskErrorRenderer.render(domain(code)).status).toBeGreaterThanOrEqual(400);
  });

  it('renders validation as 422 with Laravel’s messages: only "required" for a missing field, only the type for a wrong one', () => {
    const rendered = helpdeskErrorRenderer.render({
      kind: 'validation',
      status: 400,
      message: 'Validation failed',
      fields: {
        subject: ['The subject must be a string.', 'The subject field is required.'],
        per_page: ['The per page must be at least 1.', 'The per page must be an integer.'],
        extra: ['property extra should not exist'],
        date_from: ['The date from is not a valid date.', 'The date from is not a valid date.'],
      },
    });
    expect(rendered).toEqual({
      status: 422,
      body: {
        success: false,
        message: 'Validation failed',
        errors: {
          subject: ['The subject field is required.'],
          per_page: ['The per page must be an integer.'],
          extra: ['The extra field is prohibited.'],
          date_from: ['The date from is not a valid date.'],
        },
      },
    });
  });

  it('renders 401, 403, 409, 422, 429 and 500 in the envelope without leaking internals', () => {
    const render = (kind: Problem['kind'], message = 'x') => helpdeskErrorRenderer.render({ kind, status: 0, message });
    expect(render('unauthorized')).toEqual({ status: 401, body: { success: false, message: 'Unauthenticated.' } });
    expect(helpdeskErrorRenderer.render({ kind: 'forbidden', status: 403, message: 'Forbidden', refusal: 'role' })).toEqual({
      status: 403,
      body: { success: false, message: 'This action is unauthorized.' },
    });
    expect(helpdeskErrorRenderer.render({ kind: 'forbidden', status: 403, message: 'Permission denied', refusal: 'permission' }).body).toEqual({ success: false, message: 'Permission denied' });
    expect(render('conflict', 'still running')).toEqual({ status: 409, body: { success: false, message: 'still running' } });
    expect(render('unprocessable', 'other body')).toEqual({ status: 422, body: { success: false, message: 'other body' } });
    expect(render('rate_limited')).toEqual({ status: 429, body: { success: false, message: 'Too Many Attempts.' } });
    expect(render('internal', 'relation "tickets" does not exist')).toEqual({ status: 500, body: { success: false, message: 'Server Error' } });
  });

  it('writes Laravel’s microsecond timestamps', () => {
    expect(laravelTime(new Date('2026-01-22T10:30:00.123Z'))).toBe('2026-01-22T10:30:00.123000Z');
    expect(laravelTime(null)).toBeNull();
  });

  it('builds the length-aware paginator with page links that keep the filters', () => {
    const url = { path: 'http://api.example.com/api/support-tickets', query: new URLSearchParams('status=open&page=2') };
    expect(laravelPaginator(['a', 'b'], 5, 2, 2, url)).toEqual({
      current_page: 2,
      data: ['a', 'b'],
      first_page_url: 'http://api.example.com/api/support-tickets?status=open&page=1',
      from: 3,
      last_page: 3,
      last_page_url: 'http://api.example.com/api/support-tickets?status=open&page=3',
      next_page_url: 'http://api.example.com/api/support-tickets?status=open&page=3',
      path: 'http://api.example.com/api/support-tickets',
      per_page: 2,
      prev_page_url: 'http://api.example.com/api/support-tickets?status=open&page=1',
      to: 4,
      total: 5,
    });
    expect(laravelPaginator([], 0, 1, 15, url)).toMatchObject({ from: null, to: null, last_page: 1, next_page_url: null, prev_page_url: null });
  });

  it('counts: `count` is the unread tickets when any, else the unresolved ones', () => {
    expect(helpdeskCounts({ audience: 'customer', unresolved: 3, unread: 2 })).toEqual({ success: true, total_unresolved: 3, unread_count: 2, count: 2 });
    expect(helpdeskCounts({ audience: 'customer', unresolved: 3, unread: 0 })).toEqual({ success: true, total_unresolved: 3, unread_count: 0, count: 3 });
    expect(helpdeskCounts({ audience: 'staff', active: 45, open: 12, inProgress: 8, unread: 0 })).toEqual({
      success: true,
      total_tickets: 45,
      open_tickets: 12,
      in_progress_tickets: 8,
      unread_count: 0,
      count: 45,
    });
  });

  it('reads a date range as whole UTC days, a date-time as it is', () => {
    expect(createdRange('2026-01-01', '2026-01-31')).toEqual({ createdFrom: new Date('2026-01-01T00:00:00Z'), createdBefore: new Date('2026-02-01T00:00:00Z') });
    expect(createdRange(undefined, '2026-01-31T10:00:00Z')).toEqual({ createdBefore: new Date('2026-01-31T10:00:00.001Z') });
    expect(createdRange()).toEqual({});
  });
});
