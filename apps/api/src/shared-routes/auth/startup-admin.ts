import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@mm/core';
import { AccountsService } from '@mm/auth';

/**
 * The first admin, from ADMIN_EMAIL / ADMIN_PASSWORD, once all modules are
 * initialised (so the demo data of an empty embedded database comes first).
 * An existing account with that email is left exactly as it is.
 */
@Injectable()
export class StartupAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('StartupAdmin');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    const { user, created } = await this.accounts.ensureAdmin({ email: adminEmail, password: adminPassword, name: 'Administrator' });
    if (created) this.logger.log({ userId: user.id }, `Admin ${adminEmail} created from ADMIN_EMAIL`);
    else if (user.role !== 'admin') this.logger.warn({ userId: user.id }, `ADMIN_EMAIL ${adminEmail} belongs to a ${user.role} account: left unchanged, no admin created`);
  }
}
