import { Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Transactions } from '@mm/core';
import { CreateTicketService, TicketModule } from '@mm/ticket';
import { customerContext, DemoSeed, seedDemoData } from './demo-data';

/**
 * Demo data on the embedded default (config.seedDemo, SEED_DEMO): only into
 * an empty database, never otherwise. Runs while modules initialise, before
 * the ADMIN_EMAIL admin is created (onApplicationBootstrap).
 */
@Injectable()
export class DemoSeeder implements OnModuleInit {
  private readonly logger = new Logger('DemoData');
  /** The demo data this start created, if it did: main.ts prints its logins last, once listening. */
  created?: DemoSeed;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly createTicket: CreateTicketService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.seedDemo) return;
    const seed = await this.transactions.run(seedDemoData);
    if (!seed) return;
    for (const { customerId, input } of seed.tickets) {
      await this.createTicket.create(customerContext(customerId), input).catch((error: unknown) => this.logger.warn({ err: error }, 'Demo ticket not created'));
    }
    this.created = seed;
    this.logger.log(`Demo data created: ${seed.logins.length} accounts, rides, orders, bookings and ${seed.tickets.length} tickets`);
  }
}

@Module({
  imports: [TicketModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
