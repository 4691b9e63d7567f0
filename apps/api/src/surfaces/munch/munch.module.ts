import { Module, OnModuleInit } from '@nestjs/common';
import { ErrorRendererRegistry } from '@mm/core';
import { TicketModule, CustomerEventPresenters } from '@mm/ticket';
import { MunchController } from './munch.controller';
import { munchErrorRenderer } from './munch.errors';
import { munchCustomerEvents } from './munch.presenter';

export const MUNCH_BASE_PATH = '/api/customer/munch/support';

/** Seed 000: munch customer support, /api/customer/munch/support. */
@Module({
  imports: [TicketModule],
  controllers: [MunchController],
})
export class MunchModule implements OnModuleInit {
  constructor(
    private readonly renderers: ErrorRendererRegistry,
    private readonly presenters: CustomerEventPresenters,
  ) {}

  onModuleInit(): void {
    this.renderers.register([MUNCH_BASE_PATH], munchErrorRenderer);
    this.presenters.register('munch', munchCustomerEvents);
  }
}
