import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '@mm/core';

/** Often enough that the pending list stays far below its 4 MB limit: at most 60 of its 512 pages at 130 message sends a second. */
export const SEARCH_INDEX_CLEAN_EVERY_MS = 5_000;
const SEARCH_INDEX = 'ix_tickets_search_vector';

/**
 * Merges the search index's pending list into the index in the background.
 * A GIN index queues new entries in a pending list, and the write that finds
 * the list over `gin_pending_list_limit` merges all of it before it answers.
 * Every change of a ticket re-inserts all of its search words, and under
 * the benchmark's message sends the unlucky one took 230 ms
 * (docs/decisions.md). Turning the list off (`fastupdate = off`) made every
 * ticket change pay for its own entries instead: 30-45 % fewer message writes
 * a second with ten connections. Emptied every few seconds here, the list
 * never reaches its limit, and searches read a short one.
 */
@Injectable()
export class SearchIndexCleaner extends PeriodicJob {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super(SEARCH_INDEX_CLEAN_EVERY_MS, 'Cleaning the search index');
  }

  protected runOnce(): Promise<number> {
    return this.clean();
  }

  /** Merges the pending list now; answers how many of its pages it merged. */
  async clean(): Promise<number> {
    const [{ pages }] = await this.dataSource.query<{ pages: number }[]>('SELECT gin_clean_pending_list($1::regclass) AS pages', [SEARCH_INDEX]);
    return Number(pages);
  }
}
