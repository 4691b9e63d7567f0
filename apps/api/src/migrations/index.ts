/**
 * Migrations run in this order at start-up and by `npm run migration:run`.
 * Generate with `npm run migration:generate -- apps/api/src/migrations/<Name>`,
 * read the SQL, then add the class here (a unit test checks none is missing).
 */
import { Initial1795269541969 } from './1795269541969-Initial';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Initial1795269541969];
