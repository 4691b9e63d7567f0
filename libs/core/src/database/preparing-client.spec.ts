import { dataSourceOptions } from './data-source-options';
import { PreparingClient, StatementNames } from './preparing-client';

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

  it('names no more texts than its cap; the named ones keep their names', () => {
    const names = new StatementNames(2);
    for (const text of ['A', 'A', 'B', 'B']) names.nameFor(text);
    const [a, b] = [names.nameFor('A'), names.nameFor('B')];
    names.nameFor('C');
    expect(names.nameFor('C')).toBeUndefined();
    expect([names.nameFor('A'), names.nameFor('B')]).toEqual([a, b]);
  });

  it('does not spend a slot on a text run only once', () => {
    const names = new StatementNames(1);
    names.nameFor('one-off');
    names.nameFor('repeated');
    expect(names.nameFor('repeated')).toBeDefined();
  });
});

describe('dataSourceOptions', () => {
  const params = { url: 'postgres://localhost/x', entities: [], migrations: [] };

  it('connects through the PreparingClient by default, and through the plain client when told not to prepare', () => {
    expect((dataSourceOptions(params) as { extra: { Client?: unknown } }).extra.Client).toBe(PreparingClient);
    expect((dataSourceOptions({ ...params, preparedStatements: false }) as { extra: { Client?: unknown } }).extra.Client).toBeUndefined();
  });
});
