import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The desk's reports (SPEC 7.7), read from `ticket_report_facts`: one row of
 * figures per ticket, which triggers keep equal to the view `ticket_report_source`
 * in the transaction of every change (TicketReportFacts migration), so a report
 * is range scans of covering indexes; the backlog and the agents' resolutions
 * and ratings add up daily counts kept from the facts (ReportRollups migration;
 * several rows per key until compacted, so always summed). Reply and resolution times are the working
 * minutes libs/sla's clocks counted when a policy applied (calendar and on-hold
 * pauses included), and wall-clock minutes otherwise.
 */
export interface ReportFilters {
  from: Date;
  to: Date;
  origin?: string;
  category?: string;
  agentId?: number;
}

export interface Spread {
  median: number | null;
  p90: number | null;
}

export interface SummaryReport {
  created: number;
  resolved: number;
  reopened: number;
  backlog: number;
  firstReplyMinutes: Spread;
  resolutionMinutes: Spread;
  slaAttainment: number | null;
  csat: { average: number | null; count: number };
}

export const TIMESERIES_METRICS = ['created', 'resolved', 'backlog', 'first_reply', 'csat'] as const;
export type TimeseriesMetric = (typeof TIMESERIES_METRICS)[number];
export const TIMESERIES_INTERVALS = ['day', 'week'] as const;
export type TimeseriesInterval = (typeof TIMESERIES_INTERVALS)[number];

export interface AgentReportRow {
  agentId: number;
  name: string;
  assigned: number;
  resolved: number;
  firstReplyMinutes: { median: number | null };
  csat: { average: number | null; count: number };
}

/** One row per ticket with its report figures, kept by triggers (see the TicketReportFacts migration); aliased `t`. */
const FACTS = 'ticket_report_facts t';
const REOPENING = `h.type = 'status_changed' AND h.from_value IN ('resolved', 'closed')`;

const round = (value: number | string | null): number | null => (value === null ? null : Math.round(Number(value) * 10) / 10);
const spread = (median: number | string | null, p90: number | string | null): Spread => ({ median: round(median), p90: round(p90) });
const average = (value: number | string | null): number | null => (value === null ? null : Math.round(Number(value) * 100) / 100);

interface Where {
  params: unknown[];
  /** The filters as ` AND alias.column = $n` clauses on the given table alias. */
  on(alias: string): string;
  /** Only the origin and category filters (what `ticket_report_days` is counted by). */
  onDays(alias: string): string;
  byAgent: boolean;
}

/** The filters other than time, numbered after `offset` parameters. */
function ticketFilters(filters: ReportFilters, offset: number): Where {
  const clauses: Array<{ column: string; n: number }> = [];
  const params: unknown[] = [];
  const add = (column: string, value: unknown) => {
    params.push(value);
    clauses.push({ column, n: offset + params.length });
  };
  if (filters.origin) add('origin', filters.origin);
  if (filters.category) add('category', filters.category);
  if (filters.agentId !== undefined) add('assignee_id', filters.agentId);
  const sql = (alias: string, columns: string[]) =>
    clauses
      .filter((clause) => columns.includes(clause.column))
      .map((clause) => ` AND ${alias}.${clause.column} = $${clause.n}`)
      .join('');
  return {
    params,
    on: (alias) => sql(alias, ['origin', 'category', 'assignee_id']),
    onDays: (alias) => sql(alias, ['origin', 'category']),
    byAgent: filters.agentId !== undefined,
  };
}

/**
 * Every change to the backlog before the instant `$to` as rows (at, delta): +1 when a ticket was created, -1 when it left
 * (resolved or closed, at the later of that and its creation). Without an agent filter whole UTC days come from
 * `ticket_report_days` and only the day of `$to` from the facts; an agent's tickets come from the facts (their index).
 */
function backlogMoves(where: Where, to: string): string {
  const left = 'GREATEST(t.created_at, t.done_at)';
  if (where.byAgent) {
    return `SELECT t.created_at AS at, 1 AS delta FROM ${FACTS} WHERE t.created_at < ${to}${where.on('t')}
      UNION ALL
      SELECT ${left}, -1 FROM ${FACTS} WHERE t.created_at < ${to} AND t.done_at < ${to}${where.on('t')}`;
  }
  const dayOfTo = `date_trunc('day', ${to}::timestamptz, 'UTC')`;
  return `SELECT d.day::timestamp AT TIME ZONE 'UTC' AS at, d.created - d."left" AS delta FROM ticket_report_days d
      WHERE d.day < (${to}::timestamptz AT TIME ZONE 'UTC')::date${where.onDays('d')}
    UNION ALL
    SELECT t.created_at, 1 FROM ${FACTS} WHERE t.created_at >= ${dayOfTo} AND t.created_at < ${to}${where.on('t')}
    UNION ALL
    SELECT ${left}, -1 FROM ${FACTS} WHERE t.done_at IS NOT NULL AND ${left} >= ${dayOfTo} AND ${left} < ${to}${where.on('t')}`;
}

@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One pass over each index the figures range over: the tickets created, resolved and rated in the period. */
  async summary(filters: ReportFilters): Promise<SummaryReport> {
    const where = ticketFilters(filters, 2);
    const params = [filters.from, filters.to, ...where.params];
    const [row] = await this.dataSource.query<Array<Record<string, string | null>>>(
      `WITH created AS (
         SELECT count(*) AS n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY t.first_reply_minutes) AS first_reply,
                sum(t.sla_targets_met)::float / NULLIF(sum(t.sla_targets_decided), 0) AS sla_attainment
         FROM ${FACTS} WHERE t.created_at >= $1 AND t.created_at < $2${where.on('t')}
       ),
       resolved AS (
         SELECT count(*) AS n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY t.resolution_minutes) AS minutes
         FROM ${FACTS} WHERE t.resolved_at >= $1 AND t.resolved_at < $2${where.on('t')}
       ),
       rated AS (SELECT count(*) AS n, avg(t.rating) AS average FROM ${FACTS} WHERE t.rated_at >= $1 AND t.rated_at < $2${where.on('t')})
       SELECT created.n AS created, resolved.n AS resolved,
         (SELECT count(*) FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id
           WHERE ${REOPENING} AND h.created_at >= $1 AND h.created_at < $2${where.on('t')}) AS reopened,
         (SELECT COALESCE(sum(m.delta), 0) FROM (${backlogMoves(where, '$2')}) m) AS backlog,
         created.first_reply[1] AS first_reply_median, created.first_reply[2] AS first_reply_p90,
         resolved.minutes[1] AS resolution_median, resolved.minutes[2] AS resolution_p90,
         created.sla_attainment, rated.average AS csat_average, rated.n AS csat_count
       FROM created, resolved, rated`,
      params,
    );
    return {
      created: Number(row.created),
      resolved: Number(row.resolved),
      reopened: Number(row.reopened),
      backlog: Number(row.backlog),
      firstReplyMinutes: spread(row.first_reply_median, row.first_reply_p90),
      resolutionMinutes: spread(row.resolution_median, row.resolution_p90),
      slaAttainment: row.sla_attainment === null ? null : Math.round(Number(row.sla_attainment) * 1000) / 1000,
      csat: { average: average(row.csat_average), count: Number(row.csat_count) },
    };
  }

  /** One point per UTC day or ISO week (Monday) from the one holding `from` to the one holding `to`; `at` is the bucket's start. */
  async timeseries(metric: TimeseriesMetric, interval: TimeseriesInterval, filters: ReportFilters): Promise<Array<{ at: string; value: number | null }>> {
    const where = ticketFilters(filters, 3);
    const params = [filters.from, filters.to, interval, ...where.params];
    const bucket = (column: string) => `date_trunc($3, ${column}, 'UTC')`;
    const buckets = `generate_series(${bucket('$1::timestamptz')}, ${bucket("$2::timestamptz - interval '1 microsecond'")}, ('1 ' || $3)::interval) AS b(at)`;
    const perBucket: Record<Exclude<TimeseriesMetric, 'backlog'>, string> = {
      created: `SELECT ${bucket('t.created_at')} AS at, count(*)::float AS value FROM ${FACTS} WHERE t.created_at >= $1 AND t.created_at < $2${where.on('t')} GROUP BY 1`,
      resolved: `SELECT ${bucket('t.resolved_at')} AS at, count(*)::float AS value FROM ${FACTS} WHERE t.resolved_at >= $1 AND t.resolved_at < $2${where.on('t')} GROUP BY 1`,
      first_reply: `SELECT ${bucket('t.created_at')} AS at, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.first_reply_minutes) AS value
        FROM ${FACTS} WHERE t.created_at >= $1 AND t.created_at < $2${where.on('t')} GROUP BY 1`,
      csat: `SELECT ${bucket('t.rated_at')} AS at, avg(t.rating)::float AS value FROM ${FACTS} WHERE t.rated_at >= $1 AND t.rated_at < $2${where.on('t')} GROUP BY 1`,
    };
    // The backlog at the end of each bucket: every move before `to`, those before the first bucket counted in it, summed bucket by bucket.
    const query =
      metric === 'backlog'
        ? `WITH moves AS (
             SELECT GREATEST(${bucket('m.at')}, ${bucket('$1::timestamptz')}) AS at, sum(m.delta) AS delta FROM (${backlogMoves(where, '$2')}) m GROUP BY 1
           )
           SELECT b.at, (sum(COALESCE(m.delta, 0)) OVER (ORDER BY b.at))::float AS value FROM ${buckets} LEFT JOIN moves m ON m.at = b.at`
        : `SELECT b.at, COALESCE(v.value, ${metric === 'created' || metric === 'resolved' ? '0' : 'NULL'}) AS value
           FROM ${buckets} LEFT JOIN (${perBucket[metric]}) v ON v.at = b.at`;
    const rows = await this.dataSource.query<Array<{ at: Date; value: number | string | null }>>(`${query} ORDER BY 1`, params);
    return rows.map((row) => ({ at: new Date(row.at).toISOString(), value: row.value === null ? null : (round(row.value) as number) }));
  }

  /** Every approved agent (and any other assignee of the period), by name: what they were given, resolved, how fast they replied, how customers rated them. */
  async agents(filters: ReportFilters): Promise<AgentReportRow[]> {
    const filter = ticketFilters({ ...filters, agentId: undefined }, 2);
    const where = { sql: filter.on('t') };
    const params = [filters.from, filters.to, ...filter.params];
    // Resolutions and ratings by assignee: without an origin or category filter the period's whole UTC days come from
    // `ticket_report_agent_days` and only its ends from the facts.
    const firstDay = `(date_trunc('day', $1::timestamptz - interval '1 microsecond', 'UTC') + interval '1 day')`;
    const lastDay = `date_trunc('day', $2::timestamptz, 'UTC')`;
    const byAgent = (column: string, fromFacts: string, fromDays: string) =>
      filters.origin || filters.category
        ? `SELECT ${fromFacts} FROM ${FACTS} WHERE t.${column} >= $1 AND t.${column} < $2 AND t.assignee_id IS NOT NULL${where.sql}`
        : `SELECT ${fromFacts} FROM ${FACTS} WHERE t.${column} >= $1 AND t.${column} < LEAST(${firstDay}, $2::timestamptz) AND t.assignee_id IS NOT NULL
           UNION ALL
           SELECT ${fromFacts} FROM ${FACTS} WHERE t.${column} >= GREATEST(${lastDay}, ${firstDay}) AND t.${column} < $2 AND t.assignee_id IS NOT NULL
           UNION ALL
           SELECT a.assignee_id, ${fromDays} FROM ticket_report_agent_days a
           WHERE a.day >= (${firstDay} AT TIME ZONE 'UTC')::date AND a.day < (${lastDay} AT TIME ZONE 'UTC')::date`;
    const rows = await this.dataSource.query<Array<Record<string, string | number | null>>>(
      `WITH created AS (
         SELECT t.assignee_id, t.first_reply_minutes AS first_reply FROM ${FACTS}
         WHERE t.created_at >= $1 AND t.created_at < $2 AND t.assignee_id IS NOT NULL${where.sql}
       ),
       assigned AS (SELECT assignee_id, count(*) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply) AS first_reply FROM created GROUP BY 1),
       resolved AS (
         SELECT assignee_id, sum(n) AS n FROM (${byAgent('resolved_at', 't.assignee_id, 1 AS n', 'a.resolved')}) r GROUP BY 1 HAVING sum(n) > 0
       ),
       rated AS (
         SELECT assignee_id, sum(rating)::numeric / sum(n) AS average, sum(n) AS n
         FROM (${byAgent('rated_at', 't.assignee_id, t.rating, 1 AS n', 'a.rating_sum, a.rated')}) c GROUP BY 1 HAVING sum(n) > 0
       ),
       staff AS (
         SELECT id FROM users WHERE role = 'agent' AND approved_at IS NOT NULL AND deactivated_at IS NULL
         UNION SELECT assignee_id FROM assigned UNION SELECT assignee_id FROM resolved UNION SELECT assignee_id FROM rated
       )
       SELECT u.id, u.name, COALESCE(a.n, 0) AS assigned, COALESCE(r.n, 0) AS resolved, a.first_reply, c.average AS csat_average, COALESCE(c.n, 0) AS csat_count
       FROM staff s JOIN users u ON u.id = s.id
       LEFT JOIN assigned a ON a.assignee_id = u.id LEFT JOIN resolved r ON r.assignee_id = u.id LEFT JOIN rated c ON c.assignee_id = u.id
       ORDER BY u.name, u.id`,
      params,
    );
    return rows.map((row) => ({
      agentId: Number(row.id),
      name: String(row.name),
      assigned: Number(row.assigned),
      resolved: Number(row.resolved),
      firstReplyMinutes: { median: round(row.first_reply) },
      csat: { average: average(row.csat_average), count: Number(row.csat_count) },
    }));
  }
}
