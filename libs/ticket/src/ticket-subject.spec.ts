import { Booking } from './references/booking.entity';
import { Order } from './references/order.entity';
import { Ride } from './references/ride.entity';
import { deriveSubject } from './ticket-subject';

describe('derived subjects', () => {
  it('name the issue and what it is about', () => {
    expect(deriveSubject('payment_issue', { order: { orderNumber: 'ORD-2026-000123' } as Order })).toBe('Payment issue — order ORD-2026-000123');
    expect(deriveSubject('service_quality', { ride: { id: 42 } as Ride })).toBe('Service quality — ride 42');
    expect(deriveSubject('booking_issue', { booking: { bookingNumber: 'BKG-7' } as Booking, order: { orderNumber: 'ORD-1' } as Order })).toBe(
      'Booking issue — order ORD-1, booking BKG-7',
    );
  });

  it('fall back to the issue alone', () => {
    expect(deriveSubject('other', {})).toBe('Other');
  });
});
