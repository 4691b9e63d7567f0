import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { TicketModule, CustomerEventPresenters } from '@mm/ticket';
import { MtxiController } from './mtxi.controller';
import { mtxiErrorRenderer } from './mtxi.errors';
import { mtxiCustomerEvents } from './mtxi.presenter';

export const MTXI_BASE_PATH = '/api/customer/mtxi/support';

/** Seed 001: mtxi customer support, /api/customer/mtxi/support. */
@Module({
  imports: [TicketModule],
  controllers: [MtxiController],
})
export class MtxiModule implements OnModuleInit {
  constructor(
    private readonly renderers: ErrorRendererRegistry,
    private readonly presenters: CustomerEventPresenters,
  ) {}

  onModuleInit(): void {
    this.renderers.register([MTXI_BASE_PATH], mtxiErrorRenderer);
    this.presenters.register('mtxi', mtxiCustomerEvents);
  }
}
