import { readdirSync } from 'node:fs';
import { MIGRATIONS } from './index';

describe('migrations list', () => {
  it('lists every migration file in this folder, in timestamp order', () => {
    const files = readdirSync(__dirname)
      .filter((f) => /^\d+-.+\.ts$/.test(f) && !f.endsWith('.spec.ts'))
      .sort();
    const classNames = files.map((f) => {
      const [timestamp, name] = f.replace(/\.ts$/, '').split('-');
      return `${name}${timestamp}`;
    });
    expect(MIGRATIONS.map((m) => m.name)).toEqual(classNames);
  });
});
