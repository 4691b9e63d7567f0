import { Column, DataSource, Entity, EntityManager, PrimaryGeneratedColumn } from 'typeorm';
import { changedRows, insertUnlessConflict } from './returning';

@Entity('notes')
class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column() number: string;
  @Column({ type: 'simple-json', nullable: true }) tags: string[] | null;
  @Column({ default: 'open' }) status: string;
  @Column({ type: 'varchar', select: false, nullable: true }) secret: string | null;
}

/**
 * insertUnlessConflict reads TypeORM's entity metadata (columns, isInsert,
 * isSelect, databaseName) and its driver's value conversions: these fail when a
 * TypeORM upgrade changes them. No database: the manager answers the rows.
 */
describe('insertUnlessConflict and changedRows (TypeORM internals)', () => {
  const dataSource = new DataSource({ type: 'postgres', entities: [Note] });
  beforeAll(() => (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas());

  const managerAnswering = (answer: unknown) => {
    const calls: { sql: string; values: unknown[] }[] = [];
    const manager = { connection: dataSource, query: (sql: string, values: unknown[]) => (calls.push({ sql, values }), Promise.resolve(answer)) } as unknown as EntityManager;
    return { manager, calls };
  };
  const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

  it('inserts the given columns only, converted by the driver, and returns every selected column as an entity', async () => {
    const { manager, calls } = managerAnswering([{ id: 4, number: 'N-1', tags: '["x"]', status: 'open' }]);
    const note = await insertUnlessConflict(manager, Note, { number: 'N-1', tags: ['x'] }, 'number');
    expect(oneLine(calls[0].sql)).toBe(
      'INSERT INTO "notes" ("number", "tags") VALUES ($1, $2) ON CONFLICT ("number") DO NOTHING RETURNING "id", "number", "tags", "status"',
    );
    expect(calls[0].values).toEqual(['N-1', '["x"]']);
    expect(note).toBeInstanceOf(Note);
    expect(note).toEqual(Object.assign(new Note(), { id: 4, number: 'N-1', tags: ['x'], status: 'open' }));
  });

  it('is null on a conflict', async () => {
    const { manager } = managerAnswering([]);
    expect(await insertUnlessConflict(manager, Note, { number: 'N-1' }, 'number')).toBeNull();
  });

  it('changedRows unwraps what TypeORM answers an UPDATE … RETURNING with: [rows, count]', async () => {
    const { manager } = managerAnswering([[{ id: 1 }, { id: 2 }], 2]);
    expect(await changedRows(manager, 'UPDATE notes SET status = $1 RETURNING id', ['closed'])).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
