/**
 * Several apps at once need a real PostgreSQL: the embedded fallback (PGlite,
 * `npm test` on a machine without PostgreSQL) serves one connection, so cases
 * that keep two apps open together are skipped there. CI always runs them.
 */
export const describeWithPostgres = process.env.E2E_EMBEDDED ? describe.skip : describe;
export const itWithPostgres = process.env.E2E_EMBEDDED ? it.skip : it;
