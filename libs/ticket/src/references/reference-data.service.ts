import { Injectable } from '@nestjs/common';
import { EntityManager, EntityTarget, In, ObjectLiteral } from 'typeorm';
import { DomainError, DomainErrorCode, Transactions } from '@mm/core';
import { User } from '@mm/auth';
import { Booking } from './booking.entity';
import { Order, OrderStatus, OrderVertical } from './order.entity';
import { Ride } from './ride.entity';

export interface RideData {
  customerId: number;
  pickupLocation: string;
  dropoffLocation: string;
  status: string;
  passengerIds?: number[] | null;
}

export interface OrderData {
  customerId: number;
  orderNumber: string;
  vertical: OrderVertical;
  status: OrderStatus;
  totalMinor?: number | null;
  currency?: string | null;
}

export interface BookingData {
  customerId: number;
  bookingNumber: string;
  status: string;
  venueName?: string | null;
  startsAt?: Date | null;
}

/**
 * Rides, orders and bookings pushed by the MM services that own them
 * (PUT /api/integrations/...). Each push replaces the stored copy under the
 * owner's id; an identical push changes nothing (not even updated_at).
 * Customers and passengers are MM customer ids, pushed here first; they are
 * stored as our user ids, and each method answers in the MM ids it was given.
 */
@Injectable()
export class ReferenceDataService {
  constructor(private readonly transactions: Transactions) {}

  upsertRide(id: number, ride: RideData): Promise<Ride> {
    const passengerIds = [...new Set(ride.passengerIds ?? [])];
    return this.transactions.run(async (manager) => {
      const local = await localCustomerIds(manager, [ride.customerId, ...passengerIds]);
      const stored = await upsert(manager, Ride, id, {
        customerId: local(ride.customerId),
        pickupLocation: ride.pickupLocation,
        dropoffLocation: ride.dropoffLocation,
        status: ride.status,
        passengerIds: passengerIds.map(local),
      });
      return { ...stored, customerId: ride.customerId, passengerIds };
    });
  }

  /** Support's own cancellation fields are kept: only the owning service's fields are replaced. */
  upsertOrder(id: number, order: OrderData): Promise<Order> {
    return this.transactions.run(async (manager) => {
      const local = await localCustomerIds(manager, [order.customerId]);
      const stored = await upsert(manager, Order, id, {
        customerId: local(order.customerId),
        orderNumber: order.orderNumber,
        vertical: order.vertical,
        status: order.status,
        totalMinor: order.totalMinor ?? null,
        currency: order.currency ?? null,
      });
      return { ...stored, customerId: order.customerId };
    });
  }

  upsertBooking(id: number, booking: BookingData): Promise<Booking> {
    return this.transactions.run(async (manager) => {
      const local = await localCustomerIds(manager, [booking.customerId]);
      const stored = await upsert(manager, Booking, id, {
        customerId: local(booking.customerId),
        bookingNumber: booking.bookingNumber,
        status: booking.status,
        venueName: booking.venueName ?? null,
        startsAt: booking.startsAt ?? null,
      });
      return { ...stored, customerId: booking.customerId };
    });
  }
}

/** Our user id of each pushed customer by MM customer id; CustomerNotFound unless every one was pushed. */
async function localCustomerIds(manager: EntityManager, mmCustomerIds: number[]): Promise<(mmCustomerId: number) => number> {
  const wanted = [...new Set(mmCustomerIds)];
  const found = await manager.find(User, { select: { id: true, mmCustomerId: true }, where: { mmCustomerId: In(wanted), role: 'customer' } });
  if (found.length !== wanted.length) throw new DomainError(DomainErrorCode.CustomerNotFound, 'Customer not found');
  const local = new Map(found.map((user) => [user.mmCustomerId!, user.id]));
  return (mmCustomerId) => local.get(mmCustomerId)!;
}

/**
 * Insert-or-replace without a race: the insert is skipped when the id exists,
 * then the row is locked and only the columns that differ are written.
 */
async function upsert<T extends ObjectLiteral & { id: number }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: number,
  values: Partial<T>,
): Promise<T> {
  await manager.createQueryBuilder().insert().into(entity).values({ id, ...values } as never).orIgnore().execute();
  const row = await manager.findOneOrFail(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  return manager.save(entity, manager.merge(entity, row, values as never));
}
