import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { Transactions } from './database/transactions';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { AuditLog } from './audit/audit-log.service';
import { OutboxConsumers } from './outbox/outbox-consumers';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { ErrorRendererRegistry } from './errors/error-renderers';
import { JobQueue } from './jobs/job-queue';
import { LoggingModule } from './logging/logging.module';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [ConfigModule.forRoot(config), LoggingModule.forRoot(config)],
      providers: [AuditLog, ErrorRendererRegistry, Transactions, IdempotencyStore, { provide: APP_FILTER, useClass: AllExceptionsFilter }, JobQueue, OutboxConsumers],
      exports: [AuditLog, ErrorRendererRegistry, Transactions, IdempotencyStore, ConfigModule, JobQueue, OutboxConsumers],
    };
  }
}
