import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** The schema pg-boss keeps its tables in (it creates and migrates it itself, under an advisory lock). */
export const JOB_QUEUE_SCHEMA = 'pgboss';

export interface JobOptions {
  /** Not before this instant (the job waits in the database until then, across restarts). */
  startAfter?: Date;
  /** On a `deduplicated` queue, jobs with the same key are stored once while they wait. */
  singletonKey?: string;
}

export interface WorkerOptions {
  /** How often an idle worker asks for due jobs. */
  pollingIntervalSeconds: number;
  /** Jobs handed to one call of the handler. */
  batchSize?: number;
  /** Workers of this queue in this process. */
  localConcurrency?: number;
  /** Sending a job whose singletonKey is already waiting stores nothing (pg-boss's `short` policy). */
  deduplicated?: boolean;
}

export type JobHandler<T> = (jobs: T[]) => Promise<void>;

type PgClient = { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
type SqlRunner = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * pg-boss's database adapter: the `pg` client under a TypeORM query runner, so
 * pg-boss shares the app's pool (PGlite has one connection) and gets `pg`'s own
 * results (one per statement of a multi-statement text, as pg-boss expects).
 */
async function onRunnerClient(runner: QueryRunner, text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
  const client = (await runner.connect()) as PgClient;
  return client.query(text, values);
}

/**
 * The service's one job queue (pg-boss on the service's own PostgreSQL; see
 * docs/decisions.md). Jobs live in the database: they survive restarts, and a
 * job whose time passed while the service was down runs right after it
 * starts. Each job goes to one worker across all instances, but a handler that
 * fails is retried, so handlers must be idempotent (check the state they act on).
 *
 * Modules declare their queues with `define` while the application is built
 * (onModuleInit); the queue starts its workers at bootstrap.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, { options: WorkerOptions; handler: JobHandler<never> }>();
  private started = false;

  constructor(private readonly dataSource: DataSource) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => this.onPooledConnection(text, values) },
      schema: JOB_QUEUE_SCHEMA,
      // Cron schedules are not used (timers are jobs with startAfter); no LISTEN connection (PGlite has one connection).
      schedule: false,
      useListenNotify: false,
    });
    this.boss.on('error', (error: unknown) => this.logger.warn({ err: error }, 'Job queue error'));
  }

  private async onPooledConnection(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await onRunnerClient(runner, text, values);
    } catch (error) {
      // A multi-statement text (pg-boss's migrations) that fails leaves its BEGIN open: never return such a connection to the pool.
      await onRunnerClient(runner, 'ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  define<T extends object>(name: string, options: WorkerOptions, handler: JobHandler<T>): void {
    if (this.started) throw new Error(`Queue ${name} must be defined before the application starts`);
    this.queues.set(name, { options, handler: handler as JobHandler<never> });
  }

  /**
   * Enqueues a job. Given the manager of a running transaction, the job is
   * stored in that transaction: it exists only if the transaction commits.
   */
  async send<T extends object>(name: string, data: T, options: JobOptions = {}, manager?: EntityManager): Promise<void> {
    const runner = manager?.queryRunner;
    const db: SqlRunner | undefined = runner ? { executeSql: (text, values) => onRunnerClient(runner, text, values) } : undefined;
    await this.boss.send(name, data, { startAfter: options.startAfter, singletonKey: options.singletonKey, ...(db ? { db } : {}) });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const [name, { options, handler }] of this.queues) {
      await this.boss.createQueue(name, { policy: options.deduplicated ? 'short' : 'standard' });
      await this.boss.work<object>(
        name,
        {
          pollingIntervalSeconds: options.pollingIntervalSeconds,
          batchSize: options.batchSize ?? 1,
          localConcurrency: options.localConcurrency ?? 1,
        },
        (jobs) => handler(jobs.map((job) => job.data) as never[]),
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // Finishes running handlers (they may hold the database) before the pool closes.
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}
