import { LRUCache } from 'lru-cache';
import { Client } from 'pg';

/**
 * At most this many statement texts have a name at a time (per process; each
 * is prepared once on every connection that runs it). The least recently used
 * text loses its name when a new one needs it, and connections deallocate
 * what they prepared under it: texts that vary (an `IN ($1, …, $n)` per list
 * length, say) bound the server's memory without keeping the slots for good.
 */
export const MAX_PREPARED_STATEMENTS = 300;

/** Texts seen once, waiting for a second run before they are named: a one-off statement never takes a slot. */
const MAX_SEEN_ONCE = 5_000;

export class StatementNames {
  private readonly names: LRUCache<string, string>;
  private readonly live = new Set<string>();
  private seenOnce = new Set<string>();
  private assigned = 0;
  /** How many names were retired so far: a connection that has seen fewer may hold statements to deallocate. */
  retired = 0;

  constructor(max = MAX_PREPARED_STATEMENTS) {
    this.names = new LRUCache({
      max,
      dispose: (name) => {
        this.live.delete(name);
        this.retired++;
      },
    });
  }

  /** The name to prepare `text` under, or undefined to run it unnamed (first sight). Names are never reused. */
  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined) return name;
    if (!this.seenOnce.has(text)) {
      if (this.seenOnce.size >= MAX_SEEN_ONCE) this.seenOnce = new Set();
      this.seenOnce.add(text);
      return undefined;
    }
    this.seenOnce.delete(text);
    const assigned = `mm_${this.assigned++}`;
    this.live.add(assigned);
    this.names.set(text, assigned);
    return assigned;
  }

  isLive(name: string): boolean {
    return this.live.has(name);
  }
}

const statementNames = new StatementNames();

/** One statement that reads or writes rows: no `;`, so never several statements in one text (a `;` in a literal only means it is not prepared). */
const SINGLE_DATA_STATEMENT = /^\s*(?:SELECT|WITH|INSERT|UPDATE|DELETE)\b[^;]*$/i;

/**
 * Whether a statement may run as a named prepared statement: one with
 * parameters (the extended protocol takes a single statement anyway), or a
 * single data statement without them (an admin's list: no visibility
 * parameter). Transaction control, DDL and several statements in one text
 * (migrations) keep the simple protocol.
 */
export function preparable(text: string, values: unknown): boolean {
  if (values !== undefined && !Array.isArray(values)) return false;
  return (values !== undefined && values.length > 0) || SINGLE_DATA_STATEMENT.test(text);
}

/**
 * A `pg` client that drops its connection when a statement got no answer
 * within `query_timeout`: the server or the network is gone (frozen, silently
 * dropped), and the pool then replaces the connection instead of handing the
 * dead one out again.
 */
export class TimedClient extends Client {
  override query(...args: unknown[]): never {
    const result = (super.query as unknown as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) result.catch((error: unknown) => this.dropOnTimeout(error));
    return result as never;
  }

  private dropOnTimeout(error: unknown): void {
    if (!(error instanceof Error) || error.message !== 'Query read timeout') return;
    (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream?.destroy(error);
  }
}

/**
 * A `pg` client that runs every statement it has seen before as a named
 * prepared statement where it may (`preparable`), as the JDBC and Npgsql
 * drivers do: PostgreSQL then parses and analyses it once per connection
 * instead of on every run (for TypeORM's wide selects and inserts that was
 * most of the database's CPU per request, docs/benchmarks.md), and plans it
 * the way `plan_cache_mode` says (default: custom plans first, a generic one
 * once it is known to be as good).
 */
export class PreparingClient extends TimedClient {
  static names = statementNames;
  private retiredSeen = 0;

  override query(...args: unknown[]): never {
    const query = super.query as unknown as (...a: unknown[]) => never;
    const [text, values] = args;
    if (typeof text === 'string' && args.length === 2 && preparable(text, values)) {
      const name = PreparingClient.names.nameFor(text);
      if (name) {
        this.deallocateRetired(query);
        return query.call(this, { name, text, values: values ?? [] });
      }
    }
    return query.apply(this, args);
  }

  /** Outside a transaction (where a failed DEALLOCATE would abort it), drops this connection's statements whose names were retired. */
  private deallocateRetired(query: (...a: unknown[]) => Promise<unknown>): void {
    const { names } = PreparingClient;
    if (this.retiredSeen === names.retired || this.getTransactionStatus() !== 'I') return;
    this.retiredSeen = names.retired;
    const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
    for (const name of Object.keys(parsed)) {
      if (names.isLive(name)) continue;
      delete parsed[name];
      void query.call(this, `DEALLOCATE ${name}`).catch(() => undefined);
    }
  }
}
