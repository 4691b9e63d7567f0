import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Background work every `everyMs` while the application runs (database
 * housekeeping). A failed run is logged and the next one tries again; the
 * timer never keeps the process alive.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;

  protected constructor(
    private readonly everyMs: number,
    /** What a run does, for the log line of a failure ("Compacting ticket counts"). */
    private readonly doing: string,
  ) {}

  protected abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce().catch((error: unknown) => this.logger.warn({ err: error }, `${this.doing} failed`)), this.everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
