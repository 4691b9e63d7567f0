// Quiet, deterministic defaults for every e2e suite; a suite may override per app.
process.env.LOG_LEVEL ??= 'silent';
process.env.RATE_LIMIT_ENABLED ??= 'false';
process.env.SEED_DEMO ??= 'false';
process.env.JWT_SECRET ??= 'e2e-test-secret-0123456789abcdef0123456789';
process.env.OUTBOX_POLL_MS ??= '50';
// Suites seed thousands of rows in one statement (every ticket row runs the report triggers); on a loaded
// machine that outlasts the production default of 15 s. The faults suite sets its own short timeout.
process.env.DATABASE_QUERY_TIMEOUT_MS ??= '45000';
