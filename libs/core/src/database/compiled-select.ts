import { LRUCache } from 'lru-cache';
import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { QueryExpressionMap } from 'typeorm/query-builder/QueryExpressionMap';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';

/** TypeORM's named parameters, as its PostgreSQL driver finds them (`:name`; `:...name` spreads an array). */
const NAMED_PARAMETER = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

/**
 * A SELECT built once with the query builder and run many times with other
 * parameter values. The query builder assembles its SQL anew on every call,
 * which was the largest part of a ticket lookup's CPU in the service
 * (docs/benchmarks.md); this keeps the SQL and the query builder's plan for
 * turning rows into entities, relations included.
 *
 * For queries without paging (skip/take with joins needs two queries) and
 * with scalar parameters; entities with @AfterLoad listeners would need their
 * load events, and none of ours has one.
 */
export class CompiledSelect<T extends ObjectLiteral> {
  private readonly sql: string;
  private readonly parameterNames: string[] = [];
  private readonly expressionMap: QueryExpressionMap;

  constructor(query: SelectQueryBuilder<T>) {
    this.expressionMap = query.expressionMap;
    if (query.expressionMap.skip || query.expressionMap.take) throw new Error('CompiledSelect does not page');
    const known = query.getParameters();
    this.sql = query.getQuery().replace(NAMED_PARAMETER, (full, spread: string | undefined, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(known, name)) return full;
      if (spread) throw new Error(`CompiledSelect: spread parameter :...${name} is not supported`);
      const index = this.parameterNames.indexOf(name);
      return `$${index >= 0 ? index + 1 : this.parameterNames.push(name)}`;
    });
  }

  /** The entities the query finds with these parameter values, on `manager`'s connection (its transaction, if any). */
  async getMany(manager: EntityManager, parameters: Record<string, unknown>): Promise<T[]> {
    return (await this.getRawAndEntities(manager, parameters)).entities;
  }

  /** The rows as PostgreSQL returns them and the entities made of them (a keyset page needs both). */
  async getRawAndEntities(manager: EntityManager, parameters: Record<string, unknown>): Promise<{ raw: ObjectLiteral[]; entities: T[] }> {
    const raw = await this.getRawMany(manager, parameters);
    if (!raw.length) return { raw, entities: [] };
    const { expressionMap } = this;
    const entities = new RawSqlResultsToEntityTransformer(expressionMap, manager.connection.driver, [], [], manager.queryRunner).transform(raw, expressionMap.mainAlias!) as T[];
    return { raw, entities };
  }

  /** The rows as PostgreSQL returns them (aggregates, raw selections). */
  getRawMany<R extends ObjectLiteral = ObjectLiteral>(manager: EntityManager, parameters: Record<string, unknown>): Promise<R[]> {
    const values = this.parameterNames.map((name) => {
      if (!(name in parameters)) throw new Error(`CompiledSelect: no value for :${name}`);
      return parameters[name];
    });
    return manager.query(this.sql, values);
  }
}

/**
 * Compiled queries by shape: the text that decides a query's SQL (its
 * conditions, never their values), built on first use. At most `max`
 * shapes are kept, the least recently used going first.
 */
export class CompiledSelects<T extends ObjectLiteral> {
  private readonly byShape: LRUCache<string, CompiledSelect<T>>;

  constructor(max: number) {
    this.byShape = new LRUCache({ max });
  }

  get(shape: readonly unknown[], build: () => SelectQueryBuilder<T>): CompiledSelect<T> {
    const key = shape.join('\n');
    let query = this.byShape.get(key);
    if (!query) {
      query = new CompiledSelect(build());
      this.byShape.set(key, query);
    }
    return query;
  }
}
