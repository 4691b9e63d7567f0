import { Client } from 'pg';
import { PgBoss } from 'pg-boss';
import { JOB_QUEUE_SCHEMA } from '@mm/core';
import { CLAIM_BATCH, NEXT_DUE, SLA_DUE_QUEUE } from '@mm/sla';
import { Dataset } from './dataset';

/** At 1,000,000 tickets: 50,000 unresolved under a policy, 10,000 of them due in the same second. */
export const SLA_UNRESOLVED = 50_000;
export const SLA_STORM = 10_000;

export interface SlaFigures {
  /** Running clocks of unresolved tickets under the policy. */
  clocks: number;
  /** The sweep's "next due clock" statement (EXPLAIN ANALYZE): its execution time and whether it probes the partial index. */
  nextDueMs: number;
  nextDueUsesIndex: boolean;
  /** "What is due in the next minute", counted. */
  dueCountMs: number;
  /** Clocks due in the same second, acted on by the running service with no request. */
  storm: number;
  /** From their due time until all were breached (polled every 250 ms). */
  stormSeconds: number;
  breached: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * Puts a policy on the unresolved tickets (a resolution clock each, due over the
 * next week) with SQL, measures the indexed "what is due" statements, then
 * makes `storm` clocks due in the same second (with the wake-up job a change
 * would have enqueued) and waits for the running service to breach them all.
 */
export async function measureSla(url: string, dataset: Dataset, log: (line: string) => void, stormSize?: number): Promise<SlaFigures> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const scale = dataset.tickets / 1_000_000;
    const wanted = Math.max(100, Math.round(SLA_UNRESOLVED * scale), stormSize ?? 0);
    const {
      rows: [policy],
    } = await client.query(
      `INSERT INTO sla_policies (name, position, match, calendar_id, targets, breach_action)
       VALUES ('Bench', 0, '{}', (SELECT id FROM sla_calendars WHERE built_in LIMIT 1), '{"medium": {"resolutionMinutes": 10080}}', 'notify') RETURNING id`,
    );
    // Warned already: the storm measures breaches alone.
    const inserted = await client.query(
      `INSERT INTO sla_clocks (ticket_id, metric, policy_id, target_minutes, started_at, running_since, due_at, warn_at, warned_at)
       SELECT id, 'resolution', $1, 10080, now(), now(), now() + interval '1 hour' + random() * interval '7 days', now(), now()
       FROM tickets WHERE status NOT IN ('resolved', 'closed') ORDER BY id DESC LIMIT $2
       ON CONFLICT DO NOTHING`,
      [policy.id, wanted],
    );
    const clocks = inserted.rowCount ?? 0;
    await client.query('ANALYZE sla_clocks');
    log(`  sla: ${clocks} running clocks under a policy`);

    const [plan] = await timed(() => client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${NEXT_DUE}`, [new Date(Date.now() + 60_000), CLAIM_BATCH]));
    const explained = plan.rows[0]['QUERY PLAN'][0];
    const nextDueMs = explained['Execution Time'] as number;
    const nextDueUsesIndex = JSON.stringify(explained.Plan).includes('ix_sla_clocks_due');
    const [, dueCountMs] = await timed(() =>
      client.query(`SELECT count(*) FROM sla_clocks WHERE due_at <= now() + interval '1 minute' AND breached_at IS NULL AND running_since IS NOT NULL`),
    );
    log(`  sla: next due clock ${nextDueMs.toFixed(2)} ms (${nextDueUsesIndex ? 'ix_sla_clocks_due' : 'NOT the partial index'}), due in the next minute counted in ${dueCountMs.toFixed(1)} ms`);

    const storm = Math.min(clocks, stormSize ?? Math.max(100, Math.round(SLA_STORM * scale)));
    const dueAt = new Date(Math.ceil((Date.now() + 10_000) / 1000) * 1000);
    await client.query(`UPDATE sla_clocks SET due_at = $1 WHERE id IN (SELECT id FROM sla_clocks WHERE policy_id = $2 ORDER BY id LIMIT $3)`, [dueAt, policy.id, storm]);
    const boss = new PgBoss({ connectionString: url, schema: JOB_QUEUE_SCHEMA, schedule: false, supervise: false, migrate: false, max: 1 });
    await boss.start();
    await boss.send(SLA_DUE_QUEUE, {}, { startAfter: dueAt, singletonKey: dueAt.toISOString() });
    await boss.stop({ graceful: false });
    log(`  sla: ${storm} clocks due at ${dueAt.toISOString()}, waiting for the service to breach them ...`);

    // breached_at is the sweep's own time (when it started): the storm is over when this poll sees every one committed.
    const deadline = dueAt.getTime() + 180_000;
    let breached = 0;
    let allBreachedAt = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      const { rows } = await client.query(`SELECT count(breached_at)::int AS n FROM sla_clocks WHERE due_at = $1`, [dueAt]);
      breached = rows[0].n;
      if (breached >= storm) {
        allBreachedAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const stormSeconds = (allBreachedAt - dueAt.getTime()) / 1000;
    log(`  sla: ${breached} of ${storm} breached, the last ${stormSeconds.toFixed(1)} s after the due time`);
    return { clocks, nextDueMs, nextDueUsesIndex, dueCountMs, storm, stormSeconds, breached };
  } finally {
    await client.end();
  }
}
