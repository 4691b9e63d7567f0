import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CompiledSelects } from '../database/compiled-select';
import { RequestValidationError } from '../errors/problem';

/** A page of a cursor list (SPEC section 7): `nextCursor` is null on the last page. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** One column of a keyset: a SQL expression on the query's alias and the PostgreSQL type its cursor value is cast back to. */
export interface KeysetColumn {
  sql: string;
  type: 'int' | 'bigint' | 'timestamptz';
}

/**
 * A total order for keyset pagination: columns whose values, together, are
 * unique (end with the id) and an index that serves them in this order, so a
 * page costs the same wherever it is in the list (no OFFSET).
 */
export interface Keyset {
  /** Names the sort in the cursor: a cursor of another sort is refused. */
  name: string;
  columns: KeysetColumn[];
  direction: 'ASC' | 'DESC';
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

function invalidCursor(): RequestValidationError {
  return new RequestValidationError({ cursor: ['cursor is not a cursor of this list and sort'] });
}

/** The cursor after a row: its key values (as PostgreSQL prints them: exact, microseconds included), opaque to clients. */
function encodeCursor(keyset: Keyset, values: string[]): string {
  return Buffer.from(JSON.stringify([keyset.name, ...values])).toString('base64url');
}

const VALUE_PATTERNS: Record<KeysetColumn['type'], RegExp> = {
  int: /^-?\d{1,10}$/,
  bigint: /^-?\d{1,19}$/,
  timestamptz: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/,
};

/** A time as PostgreSQL prints it, and a real one (no 30 February, no 25:00), so casting it back cannot fail. */
function isRealTime(value: string): boolean {
  const [year, month, day, hours, minutes, seconds] = value.split(/[- :.+]/).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hours < 24 && minutes < 60 && seconds < 60;
}

/** Casting the value back to the column's type cannot fail. */
function inRange(type: KeysetColumn['type'], value: string): boolean {
  switch (type) {
    case 'int':
      return Math.abs(Number(value)) <= 2_147_483_647;
    case 'bigint':
      return BigInt(value) <= 9_223_372_036_854_775_807n && BigInt(value) >= -9_223_372_036_854_775_807n;
    case 'timestamptz':
      return isRealTime(value);
  }
}

/** The key values of a cursor made by encodeCursor for this keyset; anything else is a 400 on `cursor`. */
function decodeCursor(keyset: Keyset, cursor: string): string[] {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) throw invalidCursor();
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(decoded) || decoded[0] !== keyset.name || decoded.length !== keyset.columns.length + 1) throw invalidCursor();
  const values = decoded.slice(1);
  if (!values.every((value, i) => typeof value === 'string' && VALUE_PATTERNS[keyset.columns[i].type].test(value))) throw invalidCursor();
  if (keyset.columns.some((column, i) => !inRange(column.type, values[i]))) throw invalidCursor();
  return values as string[];
}

/**
 * Narrows `query` to one page in keyset order: the rows after the cursor's
 * row (`(a, b) < (:a, :b)`, which an index on (a, b) serves from that point),
 * one more than the limit (to know whether a next page exists), and the key
 * values as text for the next cursor. Rows inserted meanwhile never shift the
 * rows still to come, so paging skips and repeats none of them.
 */
export function keysetQuery<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, keyset: Keyset, page: PageRequest): SelectQueryBuilder<T> {
  const comparison = keyset.direction === 'DESC' ? '<' : '>';
  if (page.cursor !== undefined) {
    const values = decodeCursor(keyset, page.cursor);
    const params = Object.fromEntries(values.map((value, i) => [`keyset${i}`, value]));
    const placeholders = keyset.columns.map((column, i) => `CAST(:keyset${i} AS ${column.type})`);
    query.andWhere(`(${keyset.columns.map((c) => c.sql).join(', ')}) ${comparison} (${placeholders.join(', ')})`, params);
  }
  keyset.columns.forEach((column, i) => {
    query.addSelect(`(${column.sql})::text`, `keyset_${i}`);
    if (i === 0) query.orderBy(column.sql, keyset.direction);
    else query.addOrderBy(column.sql, keyset.direction);
  });
  return query.limit(page.limit + 1);
}

/**
 * One page of `query` (see keysetQuery) and the cursor after its last row: one query. With `compiled`,
 * the SQL is built once per `shape` (what decides the query's text: its conditions, never their values).
 */
export async function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  keyset: Keyset,
  page: PageRequest,
  compiled?: { selects: CompiledSelects<T>; shape: readonly unknown[] },
): Promise<CursorPage<T>> {
  const paged = keysetQuery(query, keyset, page);
  const { entities, raw } = compiled
    ? await compiled.selects
        .get([...compiled.shape, keyset.name, page.limit, page.cursor === undefined ? 'first' : 'after'], () => paged)
        .getRawAndEntities(query.connection.manager, paged.getParameters())
    : await paged.getRawAndEntities();
  const more = entities.length > page.limit;
  const items = entities.slice(0, page.limit);
  if (!more) return { items, nextCursor: null };
  const last = raw[page.limit - 1] as Record<string, string>;
  return { items, nextCursor: encodeCursor(keyset, keyset.columns.map((_, i) => last[`keyset_${i}`])) };
}
