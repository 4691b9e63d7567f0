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
 * Customers and passengers must exist here first.
 */
@Injectable()
export class ReferenceDataService {
  constructor(private readonly transactions: Transactions) {}

  upsertRide(id: number, ride: RideData): Promise<Ride> {
    const passengerIds = [...new Set(ride.passengerIds ?? [])];
    return this.transactions.run(async (manager) => {
      await assertCustomersExist(manager, [ride.customerId, ...passengerIds]);
      return upsert(manager, Ride, id, {
        customerId: ride.customerId,
        pickupLocation: ride.pickupLocation,
        dropoffLocation: ride.dropoffLocation,
        status: ride.status,
        passengerIds,
      });
    });
  }

  /** Support's own cancellation fields are kept: only the owning service's fields are replaced. */
  upsertOrder(id: number, order: OrderData): Promise<Order> {
    return this.transactions.run(async (manager) => {
      await assertCustomersExist(manager, [order.customerId]);
      return upsert(manager, Order, id, {
        customerId: order.customerId,
        orderNumber: order.orderNumber,
        vertical: order.vertical,
        status: order.status,
        totalMinor: order.totalMinor ?? null,
        currency: order.currency ?? null,
      });
    });
  }

  upsertBooking(id: number, booking: BookingData): Promise<Booking> {
    return this.transactions.run(async (manager) => {
      await assertCustomersExist(manager, [booking.customerId]);
      return upsert(manager, Booking, id, {
        customerId: booking.customerId,
        bookingNumber: booking.bookingNumber,
        status: booking.status,
        venueName: booking.venueName ?? null,
        startsAt: booking.startsAt ?? null,
      });
    });
  }
}

async function assertCustomersExist(manager: EntityManager, ids: number[]): Promise<void> {
  const wanted = [...new Set(ids)];
  const found = await manager.count(User, { where: { id: In(wanted), role: 'customer' } });
  if (found !== wanted.length) throw new DomainError(DomainErrorCode.CustomerNotFound, 'Customer not found');
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
