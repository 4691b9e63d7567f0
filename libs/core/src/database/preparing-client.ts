import { Client } from 'pg';

/**
 * At most this many statement texts get a name (per process; each is prepared
 * once on every connection that runs it). The cap bounds the server's memory
 * where a caller builds texts that vary (an `IN ($1, …, $n)` per list length, say).
 */
export const MAX_PREPARED_STATEMENTS = 300;

/** Texts seen once, waiting for a second run before they are named: a one-off statement never takes a slot. */
const MAX_SEEN_ONCE = 5_000;

export class StatementNames {
  private readonly names = new Map<string, string>();
  private seenOnce = new Set<string>();

  constructor(private readonly max = MAX_PREPARED_STATEMENTS) {}

  /** The name to prepare `text` under, or undefined to run it unnamed (first sight, or no slot left). */
  nameFor(text: string): string | undefined {
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.max) return name;
    if (!this.seenOnce.has(text)) {
      if (this.seenOnce.size >= MAX_SEEN_ONCE) this.seenOnce = new Set();
      this.seenOnce.add(text);
      return undefined;
    }
    this.seenOnce.delete(text);
    const assigned = `mm_${this.names.size}`;
    this.names.set(text, assigned);
    return assigned;
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
  override query(...args: unknown[]): never {
    const query = super.query as unknown as (...a: unknown[]) => never;
    const [text, values] = args;
    if (typeof text === 'string' && args.length === 2 && preparable(text, values)) {
      const name = statementNames.nameFor(text);
      if (name) return query.call(this, { name, text, values: values ?? [] });
    }
    return query.apply(this, args);
  }
}
