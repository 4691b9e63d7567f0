import { Column, DataSource, Entity, EntityManager, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CompiledSelect, CompiledSelects } from './compiled-select';

@Entity('authors')
class Author {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
}

@Entity('posts')
class Post {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @Column({ type: 'simple-json' }) tags: string[];
  @ManyToOne(() => Author) author: Author | null;
}

/**
 * CompiledSelect reaches into TypeORM's query builder (its SQL, parameters and
 * expression map) and RawSqlResultsToEntityTransformer: these fail when a
 * TypeORM upgrade changes them. No database: the manager answers the rows.
 */
describe('CompiledSelect (TypeORM internals)', () => {
  const dataSource = new DataSource({ type: 'postgres', entities: [Author, Post] });
  beforeAll(() => (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas());

  const posts = () => dataSource.getRepository(Post).createQueryBuilder('post').leftJoinAndSelect('post.author', 'author');
  const managerAnswering = (rows: Record<string, unknown>[]) => {
    const calls: { sql: string; values: unknown[] }[] = [];
    const manager = {
      connection: dataSource,
      queryRunner: undefined,
      query: (sql: string, values: unknown[]) => (calls.push({ sql, values }), Promise.resolve(rows)),
    } as unknown as EntityManager;
    return { manager, calls };
  };

  it('numbers the named parameters once each, in order, and leaves casts alone', async () => {
    const query = new CompiledSelect(
      posts().where('post.title = :title AND post.id > :after', { title: 'x', after: 0 }).andWhere('post.title::text <> :title OR author.id = :author', { author: 0 }),
    );
    const { manager, calls } = managerAnswering([]);
    await query.getRawMany(manager, { title: 'Hello', after: 3, author: 7 });
    expect(calls[0].values).toEqual(['Hello', 3, 7]);
    expect(calls[0].sql).toContain('"post"."title" = $1 AND "post"."id" > $2');
    expect(calls[0].sql).toContain('post.title::text <> $1 OR "author"."id" = $3');
  });

  it('turns rows into entities with their relations, as the query builder would', async () => {
    const query = new CompiledSelect(posts().where('post.id = :id', { id: 0 }));
    const { manager } = managerAnswering([
      { post_id: 1, post_title: 'First', post_tags: '["a","b"]', post_authorId: 9, author_id: 9, author_name: 'Ann' },
    ]);
    const [post] = (await query.getMany(manager, { id: 1 })) as Post[];
    expect(post).toBeInstanceOf(Post);
    expect(post).toMatchObject({ id: 1, title: 'First', author: { id: 9, name: 'Ann' } });
    expect(post.tags).toEqual(['a', 'b']); // hydrated by the driver, as TypeORM does
    expect(post.author).toBeInstanceOf(Author);
  });

  it('refuses paging, spread parameters and a missing value', async () => {
    expect(() => new CompiledSelect(posts().take(5))).toThrow('does not page');
    expect(() => new CompiledSelect(posts().where('post.id IN (:...ids)', { ids: [1] }))).toThrow('spread parameter');
    const { manager } = managerAnswering([]);
    await expect(async () => new CompiledSelect(posts().where('post.id = :id', { id: 0 })).getRawMany(manager, {})).rejects.toThrow('no value for :id');
  });

  it('CompiledSelects builds a shape once and forgets the least recently used beyond its size', () => {
    const shapes = new CompiledSelects<Post>(2);
    const build = jest.fn(() => posts());
    const a = shapes.get(['a'], build);
    expect(shapes.get(['a'], build)).toBe(a);
    shapes.get(['b'], build);
    shapes.get(['a'], build);
    shapes.get(['c'], build); // evicts b
    expect(build).toHaveBeenCalledTimes(3);
    shapes.get(['a'], build);
    shapes.get(['b'], build);
    expect(build).toHaveBeenCalledTimes(4);
  });
});
