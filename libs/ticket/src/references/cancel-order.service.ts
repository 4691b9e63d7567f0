import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, isStaff, RequestContext, Transactions } from '@mm/core';
import { Order, OrderStatus } from './order.entity';

/** Why an order in this status can no longer be cancelled (seed 003's wording). */
const TOO_LATE: Partial<Record<OrderStatus, string>> = {
  shipped: 'Order cannot be cancelled. It has already been shipped.',
  out_for_delivery: 'Order cannot be cancelled. It is already out for delivery.',
  delivered: 'Order cannot be cancelled. It has already been delivered.',
  cancelled: 'Order cannot be cancelled. It has already been cancelled.',
};

/**
 * Cancels an order (seed 003, SPEC section 5): its customer or staff, until
 * it has shipped. The row is locked, so a cancel racing a status push ends
 * in one of the two, never in between.
 */
@Injectable()
export class CancelOrderService {
  constructor(private readonly transactions: Transactions) {}

  cancel(ctx: RequestContext, orderId: number, reason: string | null): Promise<Order> {
    const { actor } = ctx;
    if (actor.role !== 'customer' && !isStaff(actor)) throw new DomainError(DomainErrorCode.PermissionDenied, 'You are not authorized to cancel this order');
    return this.transactions.run(async (manager) => {
      const order = await manager.findOne(Order, { where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!order) throw new DomainError(DomainErrorCode.OrderNotFound, 'Order not found');
      if (actor.role === 'customer' && order.customerId !== actor.id) {
        throw new DomainError(DomainErrorCode.PermissionDenied, 'You are not authorized to cancel this order');
      }
      const tooLate = TOO_LATE[order.status];
      if (tooLate) throw new DomainError(DomainErrorCode.OrderNotCancellable, tooLate);
      const changes = { status: 'cancelled' as const, cancellationReason: reason, cancelledAt: new Date() };
      await manager.update(Order, { id: order.id }, changes);
      return Object.assign(order, changes);
    });
  }
}
