import { ResolvedReferences } from './references/reference-lookup';
import { humanize, TicketCategory } from './ticket-vocabulary';

/** Seeds 000-002 send no subject: `Payment issue — order ORD-2026-000123`. */
export function deriveSubject(category: TicketCategory, refs: Partial<ResolvedReferences>): string {
  const about = [
    refs.ride && `ride ${refs.ride.id}`,
    refs.order && `order ${refs.order.orderNumber}`,
    refs.booking && `booking ${refs.booking.bookingNumber}`,
  ].filter(Boolean);
  return about.length ? `${humanize(category)} — ${about.join(', ')}` : humanize(category);
}
