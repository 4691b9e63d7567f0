import { DataSourceOptions } from 'typeorm';
import { PreparingClient, TimedClient } from './preparing-client';
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
  /** Acquiring a connection fails after this long; default 10 s. */
  connectTimeoutMs?: number;
  /**
   * A statement fails after this long (cancelled by the server; if the server does not answer either,
   * the connection is dropped and replaced). None by default: migrations and the CLI may run long.
   */
  queryTimeoutMs?: number;
}

/** The server cancels a statement at the query timeout; the client gives up (and drops the connection) this much later. */
const CLIENT_TIMEOUT_GRACE_MS = 500;

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
      connectionTimeoutMillis: params.connectTimeoutMs ?? 10_000,
      // Idle connections of a silently dropped network are found by TCP keepalive, used ones by the query timeout.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(params.queryTimeoutMs
        ? { statement_timeout: params.queryTimeoutMs, query_timeout: params.queryTimeoutMs + CLIENT_TIMEOUT_GRACE_MS }
        : {}),
      // A fixed-size pool: pg closes connections idle for 10 s by default, so after a quiet spell the next
      // burst paid for new backends, each starting with cold catalog caches and unprepared statements
      // (20-70 ms per statement under load, docs/benchmarks.md). Open connections are kept instead.
      min: poolSize,
      Client: params.preparedStatements === false ? TimedClient : PreparingClient,
    },
  };
}
