import { DataSource } from 'typeorm';
import { ReportRollups } from '@mm/reporting';
import { SlaConfigService, startClock, stopClock, WorkingCalendar, workingMinutesBetween } from '@mm/sla';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { describeWithPostgres } from './support/socket';

const at = (iso: string) => new Date(iso);
/** Monday to Friday, 09:00-17:00 UTC. */
const OFFICE_HOURS: WorkingCalendar = { timezone: 'UTC', weeklyHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };
const PERIOD = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';

/**
 * Reports (SPEC 7.7) against tickets with known timings: the tickets go through
 * the real surfaces (create, staff reply, resolve, a customer's reply reopening
 * one), then their timestamps are moved into a past week so every figure below
 * is computed by hand. The suite has its own database: reports count every ticket.
 */
describeWithPostgres('desk API: reports', () => {
  const { app, factories, tickets: helpers, desk } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let agent: Person;
  let otherAgent: Person;
  let customer: Person;
  const ids: Record<'office' | 'reopened' | 'open' | 'older', number> = { office: 0, reopened: 0, open: 0, older: 0 };

  const sql = (text: string, params: unknown[] = []) => app.running.app.get(DataSource).query(text, params);
  const report = (path: string, token = admin.token) => app.http.get(`/api/desk/reports/${path}`, { token });

  const openTicket = (category: string) => desk.createTicket(customer, 'helpdesk', { description: 'My card was charged twice', category, priority: 'medium' });
  const message = async (ticketId: number, who: Person) =>
    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Looking into it' }, { token: who.token })).status).toBe(201);
  /** Moves a ticket's creation, its messages (in order) and its resolution to the given instants. */
  async function retime(ticketId: number, createdAt: Date, messageTimes: Date[], resolvedAt: Date | null): Promise<void> {
    await sql('UPDATE tickets SET created_at = $2, resolved_at = $3 WHERE id = $1', [ticketId, createdAt, resolvedAt]);
    const messages: Array<{ id: number }> = await sql('SELECT id FROM ticket_messages WHERE ticket_id = $1 ORDER BY id', [ticketId]);
    expect(messages).toHaveLength(messageTimes.length);
    for (const [i, { id }] of messages.entries()) await sql('UPDATE ticket_messages SET created_at = $2 WHERE id = $1', [id, messageTimes[i]]);
  }

  beforeAll(async () => {
    admin = await factories.admin();
    agent = await factories.agent({ name: 'Ada Agent' });
    otherAgent = await factories.agent({ name: 'Zed Agent' });
    customer = await factories.customer();
    const config = app.running.app.get(SlaConfigService);
    const ctx = helpers.contextOf(admin);
    const calendar = await config.createCalendar(ctx, { name: 'Office hours', ...OFFICE_HOURS });
    await config.createPolicy(ctx, {
      name: 'Billing in office hours',
      position: 1,
      match: { categories: ['billing'] },
      calendarId: calendar.id,
      targets: { medium: { firstReplyMinutes: 60, resolutionMinutes: 480 } },
      breachAction: 'notify',
    });

    // Billing (the office-hours policy): created Tuesday 16:00, answered Wednesday 10:00, resolved Wednesday 12:00.
    ids.office = await openTicket('billing');
    await message(ids.office, admin);
    await helpers.resolve(ids.office, admin);
    await retime(ids.office, at('2026-11-03T16:00:00Z'), [at('2026-11-04T10:00:00Z')], at('2026-11-04T12:00:00Z'));
    // Its clocks as libs/sla counts them over those instants: the first reply (120 working minutes) missed its 60, the resolution (240) met its 480.
    const firstReply = stopClock(startClock('first_reply', 0, 60, OFFICE_HOURS, at('2026-11-03T16:00:00Z'), true), OFFICE_HOURS, at('2026-11-04T10:00:00Z'));
    const resolution = stopClock(startClock('resolution', 0, 480, OFFICE_HOURS, at('2026-11-03T16:00:00Z'), true), OFFICE_HOURS, at('2026-11-04T12:00:00Z'));
    expect([firstReply.elapsedMinutes, resolution.elapsedMinutes]).toEqual([120, 240]);
    expect(await sql(`SELECT metric FROM sla_clocks WHERE ticket_id = $1 ORDER BY metric`, [ids.office])).toEqual([{ metric: 'first_reply' }, { metric: 'resolution' }]);
    for (const clock of [firstReply, resolution]) {
      await sql(
        `UPDATE sla_clocks SET started_at = $3, elapsed_minutes = $4, running_since = NULL, stopped_at = $5, breached_at = $6 WHERE ticket_id = $1 AND metric = $2`,
        [ids.office, clock.metric, clock.startedAt, clock.elapsedMinutes, clock.stoppedAt, clock.elapsedMinutes > clock.targetMinutes ? clock.dueAt : null],
      );
    }

    // No policy: created Monday 09:00, answered 09:30, resolved 11:00, reopened by the customer Tuesday 08:00, resolved again Thursday 09:00.
    ids.reopened = await openTicket('technical');
    await message(ids.reopened, admin);
    await helpers.resolve(ids.reopened, admin);
    await message(ids.reopened, customer); // reopens it
    expect((await helpers.ticket(ids.reopened)).status).toBe('open');
    await helpers.resolve(ids.reopened, admin);
    await retime(ids.reopened, at('2026-11-02T09:00:00Z'), [at('2026-11-02T09:30:00Z'), at('2026-11-03T08:00:00Z')], at('2026-11-05T09:00:00Z'));
    const reopenings = await sql(`UPDATE ticket_history SET created_at = $2 WHERE ticket_id = $1 AND type = 'status_changed' AND from_value = 'resolved' RETURNING id`, [
      ids.reopened,
      at('2026-11-03T08:00:00Z'),
    ]);
    expect(reopenings[1]).toBe(1); // one reopening (TypeORM answers [rows, count])
    await sql(`UPDATE ticket_history SET created_at = $2 WHERE ticket_id = $1 AND NOT (type = 'status_changed' AND from_value = 'resolved')`, [ids.reopened, at('2026-11-02T09:00:00Z')]);

    // Still open: created Thursday 10:00, answered 10:10.
    ids.open = await openTicket('technical');
    await message(ids.open, admin);
    await retime(ids.open, at('2026-11-05T10:00:00Z'), [at('2026-11-05T10:10:00Z')], null);
    // Older and still open: part of the backlog, of nothing else.
    ids.older = await openTicket('technical');
    await retime(ids.older, at('2026-10-30T10:00:00Z'), [], null);

    await sql('UPDATE tickets SET assignee_id = $2 WHERE id = ANY($1)', [[ids.office, ids.reopened], agent.user.id]);
    await sql(`INSERT INTO ticket_feedback (ticket_id, customer_id, rating, created_at) VALUES ($1, $3, 5, '2026-11-04T13:00:00Z'), ($2, $3, 3, '2026-11-05T10:00:00Z')`, [
      ids.office,
      ids.reopened,
      customer.user.id,
    ]);
  });

  it('sums up the week: working minutes where the policy applied, wall-clock elsewhere, the reopening, the backlog, SLA and CSAT', async () => {
    expect(workingMinutesBetween(OFFICE_HOURS, at('2026-11-03T16:00:00Z'), at('2026-11-04T10:00:00Z'))).toBe(120); // not the 1080 wall-clock minutes
    const res = await report(`summary?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      created: 3,
      resolved: 2,
      reopened: 1,
      backlog: 2, // the open one and the older one
      firstReplyMinutes: { median: 30, p90: 102 }, // of 10, 30, 120: 30 + 0.8 × 90
      resolutionMinutes: { median: 2280, p90: 3912 }, // of 240 (working) and 4320 (Monday 09:00 to Thursday 09:00)
      slaAttainment: 0.5, // first reply missed, resolution met
      csat: { average: 4, count: 2 },
    });
  });

  it('filters by category, origin and agent', async () => {
    const billing = (await report(`summary?${PERIOD}&category=billing`)).body;
    expect(billing).toMatchObject({ created: 1, resolved: 1, reopened: 0, backlog: 0, firstReplyMinutes: { median: 120, p90: 120 }, resolutionMinutes: { median: 240, p90: 240 }, csat: { average: 5, count: 1 } });
    const theirs = (await report(`summary?${PERIOD}&agentId=${agent.user.id}`)).body;
    expect(theirs).toMatchObject({ created: 2, resolved: 2, reopened: 1, backlog: 0, csat: { average: 4, count: 2 } });
    expect((await report(`summary?${PERIOD}&origin=munch`)).body).toMatchObject({ created: 0, resolved: 0, backlog: 0, firstReplyMinutes: { median: null, p90: null }, slaAttainment: null, csat: { average: null, count: 0 } });
    expect((await report(`summary?${PERIOD}&origin=helpdesk`)).body.created).toBe(3);
  });

  it('gives a point per day: created, backlog at the end of each day, median first reply, CSAT', async () => {
    const series = async (query: string) => {
      const res = await report(`timeseries?${PERIOD}&${query}`);
      expect(res.status).toBe(200);
      return res.body.points.map((point: { at: string; value: number | null }) => [point.at.slice(0, 10), point.value]);
    };
    const days = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08'];
    const zip = (values: Array<number | null>) => days.map((day, i) => [day, values[i]]);
    expect(await series('metric=created')).toEqual(zip([1, 1, 0, 1, 0, 0, 0]));
    expect(await series('metric=resolved')).toEqual(zip([0, 0, 1, 1, 0, 0, 0]));
    expect(await series('metric=backlog')).toEqual(zip([2, 3, 2, 2, 2, 2, 2]));
    expect(await series('metric=first_reply')).toEqual(zip([30, 120, null, 10, null, null, null]));
    expect(await series('metric=csat')).toEqual(zip([null, null, 5, 3, null, null, null]));
    expect(await series('metric=created&interval=week')).toEqual([['2026-11-02', 3]]);
    expect(await series(`metric=backlog&agentId=${agent.user.id}`)).toEqual(zip([1, 2, 1, 0, 0, 0, 0]));
    expect(await series('metric=backlog&category=billing')).toEqual(zip([0, 1, 0, 0, 0, 0, 0]));
  });

  it('counts the backlog at any instant, within a day too', async () => {
    const backlog = async (to: string, query = '') => (await report(`summary?from=2026-11-01T00:00:00Z&to=${to}${query}`)).body.backlog;
    expect(await backlog('2026-11-05T08:59:00Z')).toBe(2); // the older one and the reopened one, resolved again at 09:00
    expect(await backlog('2026-11-05T09:30:00Z')).toBe(1);
    expect(await backlog('2026-11-05T10:05:00Z')).toBe(2); // the open one came in at 10:00
    expect(await backlog('2026-11-05T10:05:00Z', '&category=technical')).toBe(2);
    expect(await backlog('2026-11-05T10:05:00Z', '&origin=munch')).toBe(0);
    expect(await backlog('2026-11-05T08:59:00Z', `&agentId=${agent.user.id}`)).toBe(1);
    const withinDays = await report('timeseries?from=2026-11-03T12:00:00Z&to=2026-11-05T09:30:00Z&metric=backlog');
    expect(withinDays.body.points).toEqual([
      { at: '2026-11-03T00:00:00.000Z', value: 3 },
      { at: '2026-11-04T00:00:00.000Z', value: 2 },
      { at: '2026-11-05T00:00:00.000Z', value: 1 }, // at 09:30, the end of the period
    ]);
  });

  it('lists every approved agent with what they were given, resolved, their median first reply and CSAT', async () => {
    const res = await report(`agents?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body.agents).toEqual([
      { agentId: agent.user.id, name: 'Ada Agent', assigned: 2, resolved: 2, firstReplyMinutes: { median: 75 }, csat: { average: 4, count: 2 } },
      { agentId: otherAgent.user.id, name: 'Zed Agent', assigned: 0, resolved: 0, firstReplyMinutes: { median: null }, csat: { average: null, count: 0 } },
    ]);
    // A period starting and ending within days (Wednesday 12:30 to Thursday 09:30): the resolution at 09:00 and the rating at 13:00 count.
    const partial = 'from=2026-11-04T12:30:00Z&to=2026-11-05T09:30:00Z';
    const ada = async (query: string) => (await report(`agents?${query}`)).body.agents.find((row: { agentId: number }) => row.agentId === agent.user.id);
    expect(await ada(partial)).toMatchObject({ assigned: 0, resolved: 1, firstReplyMinutes: { median: null }, csat: { average: 5, count: 1 } });
    expect(await ada(`${partial}&category=technical`)).toMatchObject({ assigned: 0, resolved: 1, csat: { average: null, count: 0 } });
    expect(await ada('from=2026-11-04T12:30:00Z&to=2026-11-04T14:00:00Z')).toMatchObject({ resolved: 0, csat: { average: 5, count: 1 } });
    expect(await ada(`${PERIOD}&category=technical`)).toMatchObject({ assigned: 1, resolved: 1, firstReplyMinutes: { median: 30 }, csat: { average: 3, count: 1 } });
  });

  it('keeps the pre-aggregated figures equal to a full recomputation through every kind of change', async () => {
    // The facts against their definition, and the daily counts against a recount of the facts.
    // (Changes are appended as rows until compacted: the figures are the sums per key.)
    const days = `SELECT day, origin, category, sum(created)::int AS created, sum("left")::int AS "left" FROM ticket_report_days
      GROUP BY 1, 2, 3 HAVING sum(created) <> 0 OR sum("left") <> 0`;
    const agentDays = `SELECT day, assignee_id, sum(resolved)::int AS resolved, sum(rated)::int AS rated, sum(rating_sum)::int AS rating_sum
      FROM ticket_report_agent_days GROUP BY 1, 2 HAVING sum(resolved) <> 0 OR sum(rated) <> 0`;
    const differences = async () => ({
      stale: await sql('SELECT * FROM ticket_report_facts EXCEPT SELECT * FROM ticket_report_source'),
      missing: await sql('SELECT * FROM ticket_report_source EXCEPT SELECT * FROM ticket_report_facts'),
      staleDays: await sql(`${days} EXCEPT SELECT * FROM ticket_report_days_source`),
      missingDays: await sql(`SELECT * FROM ticket_report_days_source EXCEPT ${days}`),
      staleAgentDays: await sql(`${agentDays} EXCEPT SELECT * FROM ticket_report_agent_days_source`),
      missingAgentDays: await sql(`SELECT * FROM ticket_report_agent_days_source EXCEPT ${agentDays}`),
    });
    const none = { stale: [], missing: [], staleDays: [], missingDays: [], staleAgentDays: [], missingAgentDays: [] };
    // Everything above (creates, replies, resolutions, a reopening, clocks, timestamps moved by SQL) went through the triggers.
    expect(await differences()).toEqual(none);
    expect(Number((await sql('SELECT count(*) AS n FROM ticket_report_facts'))[0].n)).toBe(4);

    // More changes, each kept in step in its own transaction: a new ticket, a staff reply, a reassignment, a category change, a clock removed, a closing.
    const fresh = await openTicket('billing');
    await message(fresh, admin);
    await sql('UPDATE tickets SET assignee_id = $2, category = $3 WHERE id = $1', [fresh, otherAgent.user.id, 'technical']);
    await sql(`DELETE FROM sla_clocks WHERE ticket_id = $1 AND metric = 'first_reply'`, [ids.office]);
    await sql(`UPDATE tickets SET status = 'closed', closed_at = now() WHERE id = $1`, [ids.open]);
    expect(await differences()).toEqual(none);
    expect((await sql(`SELECT sum(created)::int AS created, sum("left")::int AS "left" FROM ticket_report_days`))[0]).toEqual({ created: 5, left: 3 });

    // Ratings given, changed and taken back; a ticket moved to another day and origin; a ticket deleted.
    await sql(`INSERT INTO ticket_feedback (ticket_id, customer_id, rating) VALUES ($1, $2, 2)`, [fresh, customer.user.id]);
    await sql(`UPDATE ticket_feedback SET rating = 4 WHERE ticket_id = $1`, [ids.reopened]);
    await sql(`DELETE FROM ticket_feedback WHERE ticket_id = $1`, [ids.office]);
    await sql(`UPDATE tickets SET created_at = created_at - interval '3 days', origin = 'munch' WHERE id = $1`, [ids.older]);
    await sql(`UPDATE tickets SET assignee_id = $2, resolved_at = resolved_at + interval '1 day' WHERE id = $1`, [ids.reopened, otherAgent.user.id]);
    expect(await differences()).toEqual(none);
    const doomed = await openTicket('technical');
    await sql('DELETE FROM tickets WHERE id = $1', [doomed]);
    expect(await differences()).toEqual(none);
    // Compaction folds the appended rows into one per key and changes no figure.
    await app.running.app.get(ReportRollups).compact();
    expect(await differences()).toEqual(none);
    const [keys] = await sql(`SELECT count(*)::int AS n, count(DISTINCT (day, origin, category))::int AS distinct FROM ticket_report_days`);
    expect(keys.n).toBe(keys.distinct);
    const [agentKeys] = await sql(`SELECT count(*)::int AS n, count(DISTINCT (day, assignee_id))::int AS distinct FROM ticket_report_agent_days`);
    expect(agentKeys.n).toBe(agentKeys.distinct);
    expect(await sql('SELECT ticket_id, rating FROM ticket_report_facts WHERE rated_at IS NOT NULL ORDER BY ticket_id')).toEqual([
      { ticket_id: ids.reopened, rating: 4 },
      { ticket_id: fresh, rating: 2 },
    ]);
    const [row] = await sql('SELECT assignee_id, category, first_reply_at IS NOT NULL AS replied FROM ticket_report_facts WHERE ticket_id = $1', [fresh]);
    expect(row).toEqual({ assignee_id: otherAgent.user.id, category: 'technical', replied: true });
    // Without its clock the office-hours ticket's first reply is wall-clock time again: Tuesday 16:00 to Wednesday 10:00.
    const [office] = await sql('SELECT first_reply_minutes FROM ticket_report_facts WHERE ticket_id = $1', [ids.office]);
    expect(office.first_reply_minutes).toBe(1080);
  });

  it('answers bad periods and filters with a 400 naming the parameter, and only to staff with view_reports', async () => {
    const bad = async (query: string, field: string) => {
      const res = await report(query);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors)).toContain(field);
    };
    await bad('summary?from=2026-11-09T00:00:00Z&to=2026-11-02T00:00:00Z', 'from');
    await bad('summary?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to');
    await bad('summary?from=yesterday', 'from');
    await bad('summary?origin=space', 'origin');
    await bad('summary?agentId=abc', 'agentId');
    await bad('timeseries?metric=revenue', 'metric');
    await bad('timeseries?metric=created&interval=hour', 'interval');
    await bad('summary?colour=red', 'colour');
    expect((await report('summary', agent.token)).status).toBe(403); // agents lack view_reports
    expect((await report('summary', customer.token)).status).toBe(403);
    expect((await app.http.get('/api/desk/reports/summary')).status).toBe(401);
  });
});
