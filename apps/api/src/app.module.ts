import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig, CoreModule, dataSourceOptions, EMBEDDED_POOL_SIZE, runMigrations } from '@mm/core';
import { AuthModule } from '@mm/auth';
import { SlaModule } from '@mm/sla';
import { TicketModule } from '@mm/ticket';
import { MunchModule } from './surfaces/munch/munch.module';
import { MtxiModule } from './surfaces/mtxi/mtxi.module';
import { MtablesModule } from './surfaces/mtables/mtables.module';
import { HelpdeskModule } from './surfaces/helpdesk/helpdesk.module';
import { ConsoleModule } from './surfaces/console/console.module';
import { DeskModule } from './surfaces/desk/desk.module';
import { AuthApiModule } from './shared-routes/auth/auth-api.module';
import { IntegrationsModule } from './shared-routes/integrations/integrations.module';
import { RewardsModule } from './shared-routes/rewards/rewards.module';
import { NotificationsModule } from './shared-routes/notifications/notifications.module';
import { ENTITIES } from './platform/database/entities';
import { MIGRATIONS } from './platform/database/migrations';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module';
import { IdempotencyModule } from './platform/idempotency/idempotency.module';
import { DemoModule } from './platform/demo/demo.module';
import { HealthModule } from './platform/health/health.module';
import { MetricsModule } from './platform/metrics/metrics.module';

export interface AppModuleOptions {
  config: AppConfig & { databaseUrl: string };
  /** The database is the embedded PGlite: one connection only. */
  embedded: boolean;
}

@Module({})
export class AppModule {
  static forRoot({ config, embedded }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            dataSourceOptions({
              url: config.databaseUrl,
              entities: ENTITIES,
              migrations: MIGRATIONS,
              poolSize: embedded ? EMBEDDED_POOL_SIZE : config.databasePoolSize,
              preparedStatements: config.databasePreparedStatements,
              connectTimeoutMs: config.databaseConnectTimeoutMs,
              // The embedded PGlite is in the process (no network to lose) and serves one session.
              queryTimeoutMs: embedded ? undefined : config.databaseQueryTimeoutMs,
            }),
          // Migrations finish before any module starts using the database; with a query timeout, on a
          // connection of their own without it (an index on a large table may take minutes).
          dataSourceFactory: async (options) => {
            if (embedded) {
              const dataSource = await new DataSource(options!).initialize();
              await runMigrations(dataSource, { lock: false });
              return dataSource;
            }
            const { statement_timeout: _server, query_timeout: _client, ...extra } = (options as { extra: Record<string, unknown> }).extra;
            // Two connections: one holds the migration lock while the other migrates.
            const migrator = await new DataSource({ ...options!, poolSize: 2, extra: { ...extra, min: 0 } } as DataSourceOptions).initialize();
            try {
              await runMigrations(migrator, { lock: true });
            } finally {
              await migrator.destroy();
            }
            return new DataSource(options!).initialize();
          },
        }),
        RateLimitModule, // before AuthModule: its guard runs first (limits apply before authentication)
        AuthModule,
        AuthApiModule,
        IntegrationsModule,
        DemoModule,
        HealthModule,
        IdempotencyModule,
        TicketModule,
        SlaModule,
        MunchModule,
        MtxiModule,
        MtablesModule,
        HelpdeskModule,
        ConsoleModule,
        DeskModule,
        RewardsModule,
        NotificationsModule,
        MetricsModule,
      ],
    };
  }
}
