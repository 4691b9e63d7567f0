import { dataSourceOptions } from './data-source-options';
import { preparable, PreparingClient, StatementNames, TimedClient } from './preparing-client';

describe('StatementNames', () => {
  it('names a text from its second run on, always with the same name', () => {
    const names = new StatementNames(10);
    expect(names.nameFor('SELECT $1')).toBeUndefined();
    const name = names.nameFor('SELECT $1');
    expect(name).toMatch(/^mm_\d+$/);
    expect(names.nameFor('SELECT $1')).toBe(name);
  });

  it('gives different texts different names', () => {
    const names = new StatementNames(10);
    for (const text of ['A $1', 'B $1', 'A $1', 'B $1']) names.nameFor(text);
    expect(names.nameFor('A $1')).not.toBe(names.nameFor('B $1'));
  });

  it('names no more texts than its cap: a new one takes the least recently used one\'s slot, under a fresh name', () => {
    const names = new StatementNames(2);
    for (const text of ['A', 'A', 'B', 'B']) names.nameFor(text);
    const [a, b] = [names.nameFor('A'), names.nameFor('B')];
    names.nameFor('A'); // B is now the least recently used
    names.nameFor('C');
    const c = names.nameFor('C');
    expect(c).toBeDefined();
    expect([a, b]).not.toContain(c);
    expect(names.nameFor('A')).toBe(a);
    expect(names.isLive(b!)).toBe(false);
    expect(names.retired).toBe(1);
    expect(names.nameFor('B')).toBeUndefined(); // seen once again before it is named again
    expect(names.nameFor('B')).not.toBe(b);
  });

  it('does not spend a slot on a text run only once', () => {
    const names = new StatementNames(1);
    names.nameFor('one-off');
    names.nameFor('repeated');
    expect(names.nameFor('repeated')).toBeDefined();
  });
});

describe('preparable', () => {
  it('prepares statements with parameters, and single data statements without them', () => {
    expect(preparable('SELECT * FROM t WHERE id = $1', [1])).toBe(true);
    expect(preparable('SELECT * FROM t ORDER BY id LIMIT 15', [])).toBe(true);
    expect(preparable('  with x AS (SELECT 1) SELECT * FROM x', undefined)).toBe(true);
    expect(preparable('UPDATE t SET n = n + 1', [])).toBe(true);
  });

  it('leaves transaction control, DDL, several statements in one text and odd arguments to the simple protocol', () => {
    for (const text of ['START TRANSACTION', 'COMMIT', 'SET LOCAL lock_timeout = 100', 'CREATE INDEX i ON t (a)', 'SELECT 1; SELECT 2', "SELECT ';'"]) {
      expect(preparable(text, [])).toBe(false);
    }
    expect(preparable('SELECT 1', () => undefined)).toBe(false);
  });
});

describe('dataSourceOptions', () => {
  const params = { url: 'postgres://localhost/x', entities: [], migrations: [] };

  it('connects through the PreparingClient by default, and through the TimedClient when told not to prepare', () => {
    expect((dataSourceOptions(params) as { extra: { Client?: unknown } }).extra.Client).toBe(PreparingClient);
    expect((dataSourceOptions({ ...params, preparedStatements: false }) as { extra: { Client?: unknown } }).extra.Client).toBe(TimedClient);
  });
});
