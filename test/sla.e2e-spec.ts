import { DataSource } from 'typeorm';
import { RequestValidationError } from '@mm/core';
import { slaBreachedSql, SlaClocksService, SlaConfigService, slaNextDueSql, SlaPolicy, SlaTimersService } from '@mm/sla';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { connectSocket, describeWithPostgres, RecordingSocket, settle } from './support/socket';

const MINUTE = 60_000;
const plus = (date: Date, minutes: number) => new Date(date.getTime() + minutes * MINUTE);

/**
 * SLA clocks (SPEC 7.2) driven through the seed surfaces (helpdesk create and
 * messages, console status changes), with breaches and warnings fired on a
 * clock the test controls (`fireDue(at)`). The suite has its own database:
 * its policies must not reach other suites' tickets.
 */
describeWithPostgres('service levels: clocks, breaches and warnings', () => {
  const { app, factories, tickets: helpers, desk } = useTestApp({ ownDatabase: true });
  let admin: Person;
  let customer: Person;
  let staffSocket: RecordingSocket;
  let notifyPolicy: SlaPolicy;

  const config = () => app.running.app.get(SlaConfigService);
  const clocks = () => app.running.app.get(SlaClocksService);
  const timers = () => app.running.app.get(SlaTimersService);
  const sql = (text: string, params: unknown[] = []) => app.running.app.get(DataSource).query(text, params);

  async function openTicket(category: string, priority = 'medium'): Promise<{ id: number; createdAt: Date }> {
    const id = await desk.createTicket(customer, 'helpdesk', { description: 'My card was charged twice', category, priority });
    const [row] = await sql('SELECT created_at FROM tickets WHERE id = $1', [id]);
    return { id, createdAt: row.created_at };
  }
  const message = (ticketId: number, who: Person, text: string) => app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: text }, { token: who.token });
  const setStatus = (ticketId: number, status: string) => app.http.put(`/api/support/tickets/${ticketId}/update-status/`, { status }, { token: admin.token });
  const breachHistory = (ticketId: number) => sql(`SELECT details FROM ticket_history WHERE ticket_id = $1 AND type = 'sla_breached' ORDER BY id`, [ticketId]);

  beforeAll(async () => {
    admin = await factories.admin();
    customer = await factories.customer();
    const [aroundTheClock] = (await config().listCalendars(helpers.contextOf(admin))).items;
    const ctx = helpers.contextOf(admin);
    notifyPolicy = await config().createPolicy(ctx, {
      name: 'Billing',
      position: 1,
      match: { categories: ['billing'] },
      calendarId: aroundTheClock.id,
      targets: { medium: { firstReplyMinutes: 60, nextReplyMinutes: 30, resolutionMinutes: 240 }, high: { firstReplyMinutes: 15, resolutionMinutes: 120 } },
      breachAction: 'notify',
    });
    await config().createPolicy(ctx, {
      name: 'Technical, escalating',
      position: 2,
      match: { categories: ['technical'] },
      calendarId: aroundTheClock.id,
      targets: { medium: { firstReplyMinutes: 10 }, high: { firstReplyMinutes: 5 } },
      breachAction: 'escalate',
    });
    staffSocket = await connectSocket(app.url, { token: admin.token });
  });

  afterAll(async () => {
    staffSocket?.close();
  });

  describe('calendars and policies', () => {
    it('lists the built-in Around the clock calendar', async () => {
      const calendars = (await config().listCalendars(helpers.contextOf(admin))).items;
      expect(calendars[0]).toMatchObject({ name: 'Around the clock', timezone: 'UTC', builtIn: true });
      expect(calendars[0].weeklyHours).toHaveLength(7);
    });

    it('refuses invalid configuration with field errors, and non-admins, changing nothing', async () => {
      const ctx = helpers.contextOf(admin);
      const badCalendar = await config()
        .createCalendar(ctx, { name: 'Bad', timezone: 'Mars/Olympus', weeklyHours: [{ day: 1, start: '18:00', end: '09:00' }], holidays: [] })
        .catch((error: unknown) => error);
      expect(badCalendar).toBeInstanceOf(RequestValidationError);
      expect((badCalendar as RequestValidationError).fields).toEqual({ timezone: ['unknown timezone: Mars/Olympus'], 'weeklyHours.0': ['end must be after start'] });

      const unknownCalendar = await config()
        .createPolicy(ctx, { name: 'X', position: 9, match: {}, calendarId: 999_999, targets: { low: { firstReplyMinutes: 5 } }, breachAction: 'notify' })
        .catch((error: unknown) => error);
      expect((unknownCalendar as RequestValidationError).fields).toEqual({ calendarId: ['unknown calendar: 999999'] });

      const agent = await factories.agent();
      const denied = await config()
        .createCalendar(helpers.contextOf(agent), { name: 'Paris', timezone: 'Europe/Paris', weeklyHours: [{ day: 1, start: '09:00', end: '18:00' }], holidays: [] })
        .catch((error: unknown) => error);
      expect(denied).toMatchObject({ code: 'PERMISSION_DENIED' });
      await expect(config().listPolicies(helpers.contextOf(customer))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      expect((await config().listCalendars(helpers.contextOf(admin))).items).toHaveLength(1);
      expect((await config().listPolicies(helpers.contextOf(admin))).items).toHaveLength(2);
    });
  });

  it('starts first reply and resolution clocks on create; a ticket no policy fits has none', async () => {
    const ticket = await openTicket('billing');
    expect(await clocks().slaFor(ticket)).toEqual({
      policyId: notifyPolicy.id,
      policyName: 'Billing',
      firstReplyDueAt: plus(ticket.createdAt, 60).toISOString(),
      nextReplyDueAt: null,
      resolutionDueAt: plus(ticket.createdAt, 240).toISOString(),
      paused: false,
      breaches: [],
    });
    const other = await openTicket('account');
    expect(await clocks().slaFor(other)).toBeNull();
    expect(await sql('SELECT count(*)::int AS n FROM sla_clocks WHERE ticket_id = $1', [other.id])).toEqual([{ n: 0 }]);
  });

  it('warns at 80 % and breaches at the due time, exactly once, with a history entry, an outbox event and socket events to staff', async () => {
    const ticket = await openTicket('billing');
    const dueAt = plus(ticket.createdAt, 60);

    await timers().fireDue(plus(ticket.createdAt, 47));
    expect(staffSocket.received('support:sla_warning').filter((event) => event.ticketId === ticket.id)).toEqual([]);
    await timers().fireDue(plus(ticket.createdAt, 49));
    const warning = await staffSocket.next('support:sla_warning', (event) => event.ticketId === ticket.id);
    expect(warning).toMatchObject({ ticketId: ticket.id, metric: 'first_reply', dueAt: dueAt.toISOString() });

    const breachedAt = plus(ticket.createdAt, 61);
    await timers().fireDue(breachedAt);
    await timers().fireDue(plus(ticket.createdAt, 62));
    const breach = await staffSocket.next('support:sla_breached', (event) => event.ticketId === ticket.id);
    expect(breach).toMatchObject({ ticketId: ticket.id, metric: 'first_reply', dueAt: dueAt.toISOString(), breachedAt: breachedAt.toISOString() });
    expect(await breachHistory(ticket.id)).toEqual([{ details: { metric: 'first_reply', dueAt: dueAt.toISOString(), breachedAt: breachedAt.toISOString(), policyId: notifyPolicy.id } }]);
    expect(await sql(`SELECT count(*)::int AS n FROM outbox_events WHERE ticket_id = $1 AND type = 'ticket.sla_breached'`, [ticket.id])).toEqual([{ n: 1 }]);
    await settle(300);
    expect(staffSocket.received('support:sla_breached').filter((event) => event.ticketId === ticket.id)).toHaveLength(1);
    expect(staffSocket.received('support:sla_warning').filter((event) => event.ticketId === ticket.id)).toHaveLength(1);

    const sla = await clocks().slaFor(ticket);
    expect(sla?.breaches).toEqual([{ metric: 'first_reply', dueAt: dueAt.toISOString(), breachedAt: breachedAt.toISOString() }]);
    // notify: the ticket itself is left as it was.
    expect(await helpers.ticket(ticket.id)).toMatchObject({ priority: 'medium', escalationLevel: 0, status: 'open' });
  });

  it('never sends breach or warning events to the customer', async () => {
    const customerSocket = await connectSocket(app.url, { token: customer.token });
    try {
      const ticket = await openTicket('billing');
      await timers().fireDue(plus(ticket.createdAt, 61));
      await staffSocket.next('support:sla_breached', (event) => event.ticketId === ticket.id);
      await settle(300);
      expect(customerSocket.received('support:sla_breached')).toEqual([]);
      expect(customerSocket.received('support:sla_warning')).toEqual([]);
    } finally {
      customerSocket.close();
    }
  });

  it('a staff reply meets the first reply target; a customer message after it starts the next reply clock', async () => {
    const ticket = await openTicket('billing');
    expect((await message(ticket.id, admin, 'We are looking into it')).status).toBe(201);
    let sla = await clocks().slaFor(ticket);
    expect(sla).toMatchObject({ firstReplyDueAt: null, nextReplyDueAt: null });

    expect((await message(ticket.id, customer, 'Any news?')).status).toBe(201);
    const [{ created_at: askedAt }] = await sql(`SELECT created_at FROM ticket_messages WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1`, [ticket.id]);
    sla = await clocks().slaFor(ticket);
    expect(sla?.nextReplyDueAt).toBe(plus(askedAt, 30).toISOString());

    await timers().fireDue(plus(askedAt, 29));
    expect(await breachHistory(ticket.id)).toEqual([]);
    // Past both the first reply's due time (met) and the next reply's.
    await timers().fireDue(plus(ticket.createdAt, 61));
    expect((await breachHistory(ticket.id)).map((row: { details: { metric: string } }) => row.details.metric)).toEqual(['next_reply']);
  });

  it('stands still while on hold and carries on from where it stood when work resumes', async () => {
    const ticket = await openTicket('billing');
    expect((await setStatus(ticket.id, 'In Progress')).status).toBe(200);
    expect((await setStatus(ticket.id, 'On Hold')).status).toBe(200);
    const held = await clocks().slaFor(ticket);
    expect(held).toMatchObject({ paused: true, firstReplyDueAt: null, resolutionDueAt: null });

    await timers().fireDue(plus(ticket.createdAt, 300));
    expect(await breachHistory(ticket.id)).toEqual([]);

    expect((await setStatus(ticket.id, 'In Progress')).status).toBe(200);
    const [{ elapsed_minutes: elapsed, running_since: resumedAt }] = await sql(`SELECT elapsed_minutes, running_since FROM sla_clocks WHERE ticket_id = $1 AND metric = 'resolution'`, [ticket.id]);
    expect(elapsed).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(1);
    const resumed = await clocks().slaFor(ticket);
    expect(resumed?.paused).toBe(false);
    expect(resumed?.resolutionDueAt).toBe(new Date(resumedAt.getTime() + (240 - elapsed) * MINUTE).toISOString());
  });

  it('resolution stands still while resolved and resumes on reopening', async () => {
    const ticket = await openTicket('billing');
    await helpers.resolve(ticket.id, admin);
    expect(await clocks().slaFor(ticket)).toMatchObject({ paused: true, resolutionDueAt: null });
    expect((await message(ticket.id, customer, 'It happened again')).status).toBe(201);
    expect(await helpers.ticket(ticket.id)).toMatchObject({ status: 'open' });
    const reopened = await clocks().slaFor(ticket);
    expect(reopened?.paused).toBe(false);
    expect(reopened?.resolutionDueAt).not.toBeNull();
    // No staff reply yet (resolving is not a reply): first reply runs on too, later by the time it stood still.
    const firstReplyDue = new Date(reopened!.firstReplyDueAt!).getTime();
    expect(firstReplyDue).toBeGreaterThanOrEqual(plus(ticket.createdAt, 60).getTime());
    expect(firstReplyDue).toBeLessThan(plus(ticket.createdAt, 60).getTime() + 5_000);
  });

  it('re-chooses on a priority change and recomputes due times from each clock start', async () => {
    const ticket = await openTicket('billing');
    const res = await app.http.put(`/api/support/tickets/${ticket.id}/update-status/`, { status: 'Open', priority: 'High' }, { token: admin.token });
    expect(res.status).toBe(200);
    expect(await clocks().slaFor(ticket)).toMatchObject({
      firstReplyDueAt: plus(ticket.createdAt, 15).toISOString(),
      resolutionDueAt: plus(ticket.createdAt, 120).toISOString(),
    });
  });

  it('escalate: a breach raises priority and escalation level as a customer escalation does, without a reward', async () => {
    const ticket = await openTicket('technical');
    await timers().fireDue(plus(ticket.createdAt, 11));
    expect(await helpers.ticket(ticket.id)).toMatchObject({ status: 'escalated', priority: 'high', escalationLevel: 1 });
    const history = await sql(`SELECT type, actor_role FROM ticket_history WHERE ticket_id = $1 ORDER BY id`, [ticket.id]);
    expect(history).toEqual([
      { type: 'created', actor_role: 'customer' },
      { type: 'sla_breached', actor_role: 'service' },
      { type: 'escalated', actor_role: 'service' },
    ]);
    expect(await sql(`SELECT count(*)::int AS n FROM reward_ledger WHERE ticket_id = $1 AND reason = 'ticket_escalated'`, [ticket.id])).toEqual([{ n: 0 }]);
    // Once only: the breached clock does not breach again at the new (high) target.
    await timers().fireDue(plus(ticket.createdAt, 30));
    expect(await breachHistory(ticket.id)).toHaveLength(1);
  });

  it('orders a list by the most urgent pending due time and filters the breached tickets (for the desk)', async () => {
    const later = await openTicket('billing');
    const sooner = await openTicket('billing', 'high');
    const none = await openTicket('account');
    const ids = [later.id, sooner.id, none.id];
    const ordered = await sql(`SELECT t.id FROM tickets t WHERE t.id = ANY($1) ORDER BY ${slaNextDueSql('t')} ASC NULLS LAST, t.id`, [ids]);
    expect(ordered.map((row: { id: number }) => row.id)).toEqual([sooner.id, later.id, none.id]);

    await timers().fireDue(plus(sooner.createdAt, 16));
    expect(await sql(`SELECT t.id FROM tickets t WHERE t.id = ANY($1) AND ${slaBreachedSql('t')}`, [ids])).toEqual([{ id: sooner.id }]);
  });

  it('warns the assignee of a ticket, and no agent it is not assigned to', async () => {
    const assignee = await factories.agent();
    const otherAgent = await factories.agent();
    const [assigneeSocket, otherSocket] = await Promise.all([connectSocket(app.url, { token: assignee.token }), connectSocket(app.url, { token: otherAgent.token })]);
    try {
      const ticket = await openTicket('billing');
      expect((await app.http.post(`/api/support/tickets/${ticket.id}/assign-self/`, undefined, { token: assignee.token })).status).toBe(200);
      await timers().fireDue(plus(ticket.createdAt, 49));
      expect(await assigneeSocket.next('support:sla_warning', (event) => event.ticketId === ticket.id)).toMatchObject({ metric: 'first_reply' });
      await settle(300);
      expect(otherSocket.received('support:sla_warning').filter((event) => event.ticketId === ticket.id)).toEqual([]);
    } finally {
      assigneeSocket.close();
      otherSocket.close();
    }
  });
});
