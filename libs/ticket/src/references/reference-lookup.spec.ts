import { DomainErrorCode } from '@mm/core';
import { categoryRule, referenceRule } from './reference-lookup';

describe('reference rules', () => {
  it('mtxi: the service type decides the one reference (SPEC section 5)', () => {
    expect(referenceRule('mtxi', 'ride')).toEqual({ rideId: 'required', orderId: 'forbidden', bookingId: 'forbidden', orderVerticals: [] });
    expect(referenceRule('mtxi', 'order')).toEqual({ rideId: 'forbidden', orderId: 'required', bookingId: 'forbidden', orderVerticals: ['munch'] });
    expect(referenceRule('mtxi', 'booking')).toEqual({ rideId: 'forbidden', orderId: 'forbidden', bookingId: 'required', orderVerticals: [] });
    expect(referenceRule('mtxi', 'event_service')).toEqual(referenceRule('mtxi', 'booking'));
    expect(referenceRule('mtxi', 'in_dining_order')).toEqual({ rideId: 'forbidden', orderId: 'required', bookingId: 'forbidden', orderVerticals: ['mtables'] });
  });

  it('munch needs a munch order; mtables takes an optional booking and mtables order; helpdesk and console an optional order', () => {
    expect(referenceRule('munch', null)).toEqual({ rideId: 'forbidden', orderId: 'required', bookingId: 'forbidden', orderVerticals: ['munch'] });
    expect(referenceRule('mtables', null)).toEqual({ rideId: 'forbidden', orderId: 'optional', bookingId: 'optional', orderVerticals: ['mtables'] });
    expect(referenceRule('helpdesk', null)).toMatchObject({ orderId: 'optional', orderVerticals: ['munch', 'mtables', 'shop'] });
    expect(referenceRule('console', null)).toMatchObject({ orderId: 'optional', bookingId: 'forbidden' });
  });

  it('a service type belongs to mtxi tickets only, and mtxi needs one', () => {
    expect(() => referenceRule('mtxi', null)).toThrow(expect.objectContaining({ code: DomainErrorCode.InvalidServiceType }));
    expect(() => referenceRule('munch', 'ride')).toThrow(expect.objectContaining({ code: DomainErrorCode.InvalidServiceType }));
  });
});

describe('category rule', () => {
  it('each origin takes its own categories only; none given is other', () => {
    expect(categoryRule('munch', 'payment_issue')).toBe('payment_issue');
    expect(categoryRule('helpdesk', 'billing')).toBe('billing');
    expect(categoryRule('console', 'damaged')).toBe('damaged');
    expect(categoryRule('mtables', undefined)).toBe('other');
    for (const [origin, category] of [['munch', 'damaged'], ['mtxi', 'billing'], ['mtables', 'PAYMENT_ISSUE'], ['helpdesk', 'payment_issue'], ['console', 'technical']] as const) {
      expect(() => categoryRule(origin, category)).toThrow(expect.objectContaining({ code: DomainErrorCode.InvalidIssueType }));
    }
  });
});
