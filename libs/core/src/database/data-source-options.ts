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
    poolSize: params.poolSize ?? 10,
    applicationName: params.applicationName ?? 'mm-support',
    extra: { connectionTimeoutMillis: 10_000, ...(params.preparedStatements === false ? {} : { Client: PreparingClient }) },
  };
}
