import { User } from '@mm/auth';
import { Booking, Order, Ride } from '@mm/ticket';
import { IntegrationBookingDto, IntegrationCustomerDto, IntegrationOrderDto, IntegrationRideDto } from './dto/integration-responses.dto';

/** A pushed customer under its MM id (ours never leaves the integration API). */
export function integrationCustomer(user: User): IntegrationCustomerDto {
  return {
    id: user.mmCustomerId!,
    name: user.name,
    email: user.email,
    phone: user.phone,
    locale: user.locale,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function integrationRide(ride: Ride): IntegrationRideDto {
  return {
    id: ride.id,
    customerId: ride.customerId,
    pickupLocation: ride.pickupLocation,
    dropoffLocation: ride.dropoffLocation,
    status: ride.status,
    passengerIds: ride.passengerIds,
    createdAt: ride.createdAt.toISOString(),
    updatedAt: ride.updatedAt.toISOString(),
  };
}

export function integrationOrder(order: Order): IntegrationOrderDto {
  return {
    id: order.id,
    customerId: order.customerId,
    orderNumber: order.orderNumber,
    vertical: order.vertical,
    status: order.status,
    totalMinor: order.totalMinor,
    currency: order.currency,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export function integrationBooking(booking: Booking): IntegrationBookingDto {
  return {
    id: booking.id,
    customerId: booking.customerId,
    bookingNumber: booking.bookingNumber,
    status: booking.status,
    venueName: booking.venueName,
    startsAt: booking.startsAt?.toISOString() ?? null,
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}
