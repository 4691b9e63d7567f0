import { DataSourceOptions } from 'typeorm';
import { PreparingClient } from './preparing-client';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = Function[];

export interface DataSourceParams {
  url: string;
  entities: ClassList;
  migrations: ClassList;
  poolSize?: number;
  applicationName?: string;
  /** Run repeated statements as named prepared statements (PreparingClient); default true. */
  preparedStatements?: boolean;
}

/** The one place that says how we talk to PostgreSQL; used by the app, the CLI and the tests. */
export function dataSourceOptions(params: DataSourceParams): DataSourceOptions {
  const poolSize = params.poolSize ?? 10;
  return {
    type: 'postgres',
    url: params.url,
    entities: params.entities,
    migrations: params.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    poolSize,
    applicationName: params.applicationName ?? 'mm-support',
    extra: {
      connectionTimeoutMillis: 10_000,
      // A fixed-size pool: pg closes connections idle for 10 s by default, so after a quiet spell the next
      // burst paid for new backends, each starting with cold catalog caches and unprepared statements
      // (20-70 ms per statement under load, docs/benchmarks.md). Open connections are kept instead.
      min: poolSize,
      ...(params.preparedStatements === false ? {} : { Client: PreparingClient }),
    },
  };
}
