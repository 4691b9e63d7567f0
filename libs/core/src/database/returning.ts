import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

const returningLists = new WeakMap<EntityMetadata, string>();

/** Every column a plain SELECT of the entity reads, as a RETURNING list. */
function returningList(metadata: EntityMetadata): string {
  let list = returningLists.get(metadata);
  if (!list) {
    list = metadata.columns
      .filter((column) => column.isSelect)
      .map((column) => `"${column.databaseName}"`)
      .join(', ');
    returningLists.set(metadata, list);
  }
  return list;
}

/**
 * One INSERT of `values` (the columns given, the rest take their defaults)
 * that returns the row as stored, as an entity; null when it hit a unique
 * conflict on `conflictColumn`. The query builder's insert assembles its SQL
 * and reloads the generated columns through several layers on every call; on
 * a create that was a visible share of the service's CPU (docs/benchmarks.md).
 */
export async function insertUnlessConflict<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
  conflictColumn: string,
): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const { driver } = manager.connection;
  const columns = metadata.columns.filter((column) => column.isInsert && column.getEntityValue(values) !== undefined);
  const params = columns.map((column) => driver.preparePersistentValue(column.getEntityValue(values), column));
  const rows: ObjectLiteral[] = await manager.query(
    `INSERT INTO "${metadata.tableName}" (${columns.map((column) => `"${column.databaseName}"`).join(', ')})
     VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})
     ON CONFLICT ("${conflictColumn}") DO NOTHING RETURNING ${returningList(metadata)}`,
    params,
  );
  if (!rows.length) return null;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (column.databaseName in rows[0]) column.setEntityValue(entity, driver.prepareHydratedValue(rows[0][column.databaseName], column));
  }
  return entity;
}

/**
 * The rows an UPDATE or DELETE … RETURNING gave. TypeORM's `query` answers
 * those two commands with `[rows, affected count]`, not with the rows, so
 * `(await query(…)).length` would always be 2.
 */
export async function changedRows<T>(db: EntityManager | DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await db.query(sql, params)) as [T[], number];
  return rows;
}
