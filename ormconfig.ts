import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './libs/core/src/database/data-source-options';
import { ENTITIES } from './apps/api/src/platform/database/entities';
import { MIGRATIONS } from './apps/api/src/platform/database/migrations';

/** The DataSource of the TypeORM CLI (`npm run migration:generate|run|revert`); needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required for the migration CLI, e.g. postgres://postgres@127.0.0.1:5432/mm_support\n');
  process.exit(1);
}

export default new DataSource(dataSourceOptions({ url, entities: ENTITIES, migrations: MIGRATIONS }));
