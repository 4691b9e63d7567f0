import { dataSourceOptions } from './data-source-options';

describe('dataSourceOptions', () => {
  const options = (poolSize?: number) => dataSourceOptions({ url: 'postgres://localhost/x', entities: [], migrations: [], poolSize }) as { poolSize?: number; extra?: Record<string, unknown> };

  it('keeps a fixed-size pool: pg would close connections idle for 10 s, and the next burst would pay for cold backends', () => {
    expect(options()).toMatchObject({ poolSize: 10, extra: { min: 10 } });
    expect(options(3)).toMatchObject({ poolSize: 3, extra: { min: 3 } });
    expect(options(1)).toMatchObject({ poolSize: 1, extra: { min: 1 } });
  });
});
