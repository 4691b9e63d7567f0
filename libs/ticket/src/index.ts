export * from './references/booking.entity';
export * from './references/order.entity';
export * from './references/ride.entity';
