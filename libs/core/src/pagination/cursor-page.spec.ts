import { RequestValidationError } from '../errors/problem';
import { Keyset, keysetQuery } from './cursor-page';

const keyset: Keyset = {
  name: 'created_at.desc',
  columns: [
    { sql: 'ticket.created_at', type: 'timestamptz' },
    { sql: 'ticket.id', type: 'int' },
  ],
  direction: 'DESC',
};

/** Just enough of a query builder to see what keysetQuery adds. */
function fakeQuery() {
  const calls: { where: [string, Record<string, unknown>][]; limit?: number } = { where: [] };
  const query = {
    andWhere: (sql: string, params: Record<string, unknown>) => (calls.where.push([sql, params]), query),
    addSelect: () => query,
    orderBy: () => query,
    addOrderBy: () => query,
    limit: (n: number) => ((calls.limit = n), query),
  };
  return { query: query as never, calls };
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keysetQuery cursors', () => {
  it('continues after the row a cursor names, one row beyond the limit', () => {
    const { query, calls } = fakeQuery();
    keysetQuery(query, keyset, { limit: 25, cursor: cursorOf(['created_at.desc', '2026-12-07 20:15:01.123456+00', '42']) });
    expect(calls.where).toEqual([
      ['(ticket.created_at, ticket.id) < (CAST(:keyset0 AS timestamptz), CAST(:keyset1 AS int))', { keyset0: '2026-12-07 20:15:01.123456+00', keyset1: '42' }],
    ]);
    expect(calls.limit).toBe(26);
  });

  it.each([
    ['not base64', 'a b'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['another sort', cursorOf(['updated_at.desc', '2026-12-07 20:15:01+00', '1'])],
    ['a missing value', cursorOf(['created_at.desc', '2026-12-07 20:15:01+00'])],
    ['a number where text is kept', cursorOf(['created_at.desc', '2026-12-07 20:15:01+00', 1])],
    ['no real day', cursorOf(['created_at.desc', '2026-02-30 20:15:01+00', '1'])],
    ['no real hour', cursorOf(['created_at.desc', '2026-02-03 25:15:01+00', '1'])],
    ['an id beyond integer', cursorOf(['created_at.desc', '2026-02-03 20:15:01+00', '99999999999'])],
    ['an id just beyond integer', cursorOf(['created_at.desc', '2026-02-03 20:15:01+00', '2147483648'])],
    ['SQL', cursorOf(['created_at.desc', "now()'; --", '1'])],
  ])('refuses %s with a 400 on cursor', (_, cursor) => {
    expect(() => keysetQuery(fakeQuery().query, keyset, { limit: 25, cursor })).toThrow(RequestValidationError);
  });
});
