import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequestContext } from '@mm/core';
import { Access, Ctx } from '@mm/auth';
import { CancelOrderService } from '@mm/ticket';
import { OrderIdPipe } from '../../platform/common/entity-id.pipe';
import { CancelOrderDto } from './dto/cancel-order.dto';
import { HelpdeskOrderCancelledResponseDto } from './dto/helpdesk-responses.dto';
import { HelpdeskErrorResponses } from './helpdesk.errors';
import { helpdeskCancelledOrder } from './helpdesk.presenter';

/** Seed 003: cancelling an order from the helpdesk (SPEC section 5). */
@ApiTags('helpdesk')
@Controller('api/orders')
export class HelpdeskOrdersController {
  constructor(private readonly orders: CancelOrderService) {}

  @Post(':order/cancel')
  @HttpCode(200)
  @Access({ roles: ['customer', 'agent', 'admin'], permissions: ['cancel_order'] })
  @ApiOperation({
    summary: 'Cancel an order',
    description: 'Its customer, or staff. Not once it is `shipped`, `out_for_delivery`, `delivered` or already `cancelled` (400 with the reason).',
  })
  @ApiParam({ name: 'order', type: 'integer', description: 'Order ID' })
  @ApiOkResponse({ type: HelpdeskOrderCancelledResponseDto })
  @HelpdeskErrorResponses([400, 401, 403, 404, 409, 422, 429], { 403: 'You are not authorized to cancel this order', 404: 'Order not found' })
  async cancel(@Ctx() ctx: RequestContext, @Param('order', OrderIdPipe) orderId: number, @Body() body: CancelOrderDto): Promise<HelpdeskOrderCancelledResponseDto> {
    const order = await this.orders.cancel(ctx, orderId, body.reason ?? null);
    return { success: true, message: 'Order cancelled successfully', data: helpdeskCancelledOrder(order) };
  }
}
