import { EntityManager, In } from 'typeorm';
import { DomainError, DomainErrorCode, TicketOrigin } from '@mm/core';
import { User } from '@mm/auth';
import { isValidId, ORIGIN_CATEGORIES, ServiceType, TicketCategory } from '../ticket-vocabulary';
import { Booking } from './booking.entity';
import { Order, ORDER_VERTICALS, OrderVertical } from './order.entity';
import { Ride } from './ride.entity';

export interface ReferenceIds {
  rideId?: number | null;
  orderId?: number | null;
  bookingId?: number | null;
}

export interface ResolvedReferences {
  ride: Ride | null;
  order: Order | null;
  booking: Booking | null;
}

type Need = 'required' | 'optional' | 'forbidden';

export interface ReferenceRule {
  rideId: Need;
  orderId: Need;
  bookingId: Need;
  /** Which verticals' orders the ticket may point at. */
  orderVerticals: readonly OrderVertical[];
}

const NONE: ReferenceRule = { rideId: 'forbidden', orderId: 'forbidden', bookingId: 'forbidden', orderVerticals: [] };

/** mtxi's serviceType decides the one reference its ticket needs (SPEC section 5). */
const MTXI_RULES: Readonly<Record<ServiceType, ReferenceRule>> = {
  ride: { ...NONE, rideId: 'required' },
  order: { ...NONE, orderId: 'required', orderVerticals: ['munch'] },
  booking: { ...NONE, bookingId: 'required' },
  event_service: { ...NONE, bookingId: 'required' },
  in_dining_order: { ...NONE, orderId: 'required', orderVerticals: ['mtables'] },
};

/** What a ticket of this origin (and mtxi service type) may and must point at. */
export function referenceRule(origin: TicketOrigin, serviceType: ServiceType | null): ReferenceRule {
  if (origin === 'mtxi') {
    if (!serviceType) throw new DomainError(DomainErrorCode.InvalidServiceType, 'serviceType is required');
    return MTXI_RULES[serviceType];
  }
  if (serviceType) throw new DomainError(DomainErrorCode.InvalidServiceType, `A ${origin} ticket has no serviceType`);
  switch (origin) {
    case 'munch':
      return { ...NONE, orderId: 'required', orderVerticals: ['munch'] };
    case 'mtables':
      return { ...NONE, orderId: 'optional', bookingId: 'optional', orderVerticals: ['mtables'] };
    case 'helpdesk':
    case 'console':
      return { ...NONE, orderId: 'optional', orderVerticals: ORDER_VERTICALS };
  }
}

/** A new ticket's category: one its origin accepts (ORIGIN_CATEGORIES), `other` when none is given. */
export function categoryRule(origin: TicketOrigin, category: string | undefined): TicketCategory {
  if (category === undefined) return 'other';
  const accepted = ORIGIN_CATEGORIES[origin].find((c) => c === category);
  if (!accepted) throw new DomainError(DomainErrorCode.InvalidIssueType, 'Invalid issue type');
  return accepted;
}

/**
 * Checks a new ticket's references against the reference data the other MM
 * services pushed: each must exist and belong to the customer (a ride also to
 * its passengers). Someone else's ride, order or booking is "not found", like a missing one.
 */
export async function resolveReferences(
  manager: EntityManager,
  customerId: number,
  origin: TicketOrigin,
  serviceType: ServiceType | null,
  ids: ReferenceIds,
): Promise<ResolvedReferences> {
  const rule = referenceRule(origin, serviceType);
  const given = (field: keyof ReferenceIds) => ids[field] !== undefined && ids[field] !== null;
  for (const field of ['rideId', 'orderId', 'bookingId'] as const) {
    const about = serviceType ? ` for serviceType ${serviceType}` : '';
    if (rule[field] === 'required' && !given(field)) throw new DomainError(DomainErrorCode.ReferenceRequired, `${field} is required${about}`);
    if (rule[field] === 'forbidden' && given(field)) throw new DomainError(DomainErrorCode.ReferenceRequired, `${field} does not apply${about || ` to a ${origin} ticket`}`);
  }

  const ride = isValidId(ids.rideId) ? await manager.findOneBy(Ride, { id: ids.rideId }) : null;
  if (given('rideId') && !(ride && (ride.customerId === customerId || ride.passengerIds.includes(customerId)))) {
    throw new DomainError(DomainErrorCode.RideNotFound, 'Ride not found');
  }
  const order = isValidId(ids.orderId) ? await manager.findOneBy(Order, { id: ids.orderId }) : null;
  if (given('orderId') && !(order && order.customerId === customerId && rule.orderVerticals.includes(order.vertical))) {
    throw new DomainError(DomainErrorCode.OrderNotFound, 'Order not found');
  }
  const booking = isValidId(ids.bookingId) ? await manager.findOneBy(Booking, { id: ids.bookingId }) : null;
  if (given('bookingId') && !(booking && booking.customerId === customerId)) {
    throw new DomainError(DomainErrorCode.BookingNotFound, 'Booking not found');
  }
  return { ride, order, booking };
}

/**
 * A group ticket's other members (SPEC "Group tickets"): all existing
 * customers, and for a ride that lists passengers, people on that ride.
 * Returns them de-duplicated, without the owner.
 */
export async function resolveGroupMembers(manager: EntityManager, ownerId: number, ids: readonly number[], ride: Ride | null): Promise<number[]> {
  const members = [...new Set(ids)].filter((id) => id !== ownerId);
  if (!members.length) return [];
  const valid = members.filter(isValidId);
  const found = valid.length ? await manager.find(User, { where: { id: In(valid), role: 'customer' }, select: ['id'] }) : [];
  const missing = members.filter((id) => !found.some((user) => user.id === id));
  if (missing.length) throw new DomainError(DomainErrorCode.CustomerNotFound, `Customer not found: ${missing.join(', ')}`);
  if (ride && ride.passengerIds.length) {
    const aboard = new Set([ride.customerId, ...ride.passengerIds]);
    const strangers = members.filter((id) => !aboard.has(id));
    if (strangers.length) throw new DomainError(DomainErrorCode.CustomerNotFound, `Not on ride ${ride.id}: customer ${strangers.join(', ')}`);
  }
  return members;
}
