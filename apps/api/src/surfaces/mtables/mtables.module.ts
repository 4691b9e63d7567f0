import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { TicketModule, CustomerEventPresenters } from '@mm/ticket';
import { MtablesController } from './mtables.controller';
import { mtablesErrorRenderer } from './mtables.errors';
import { mtablesCustomerEvents } from './mtables.presenter';

export const MTABLES_BASE_PATH = '/api/customer/mtables/support';

/** Seed 002: mtables customer support, /api/customer/mtables/support. */
@Module({
  imports: [TicketModule],
  controllers: [MtablesController],
})
export class MtablesModule implements OnModuleInit {
  constructor(
    private readonly renderers: ErrorRendererRegistry,
    private readonly presenters: CustomerEventPresenters,
  ) {}

  onModuleInit(): void {
    this.renderers.register([MTABLES_BASE_PATH], mtablesErrorRenderer);
    this.presenters.register('mtables', mtablesCustomerEvents);
  }
}
