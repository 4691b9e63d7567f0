import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Factories, Person } from '../support/factories';
import { HttpResponse } from '../support/http';
import { startServiceProcess, ServiceProcess } from '../support/service-process';
import { describeWithPostgres, ownDatabase } from '../support/socket';
import { startTestApp, TestApp } from '../support/test-app';
import { connect, rows } from './support/db';
import { createRequest, Origin, ORIGINS } from '../support/desk';

/**
 * Issue 7, crash safety: the real service (a child process, as `npm start`
 * runs it) is killed with SIGKILL in the middle of a burst of ticket creates
 * on every surface, then started again. Every acknowledged create (2xx) left
 * exactly one ticket; retrying the unacknowledged ones with their
 * Idempotency-Key never makes a second; the gamification ledger and the daily
 * counters match the tickets; every outbox event is delivered by the
 * restarted service (none parked), including those the killed one had
 * claimed (their lease runs out).
 */
const CUSTOMERS = 4;
const PER_CUSTOMER = 15;
const IN_FLIGHT = 12;
/** Acknowledged creates before the kill: the rest are in flight or not sent yet. */
const KILL_AFTER = 20;

interface Attempt {
  key: string;
  customer: Person;
  origin: Origin;
  path: string;
  body: Record<string, unknown>;
  status: number;
  idOf(body: any): number;
  /** The ticket id a 2xx answered with. */
  acknowledged?: number;
}

describeWithPostgres('hardening: SIGKILL during a burst of creates', () => {
  let db: { url: string; drop(): Promise<void> };
  let helper: TestApp;
  let sql: Client;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await ownDatabase();
    // Only for factories (users, references, tokens): it neither serves the burst nor delivers events.
    helper = await startTestApp({ DATABASE_URL: db.url, OUTBOX_DISPATCH: 'false' });
    sql = await connect(db.url);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await sql?.end();
    await helper?.close();
    await db?.drop();
  });

  const serviceEnv = () => ({ DATABASE_URL: db.url, REDIS_URL: '', OUTBOX_DISPATCH: 'true', OUTBOX_POLL_MS: '50', GAMIFICATION_DAILY_CAP: '1000' });
  const send = (service: ServiceProcess, attempt: Attempt): Promise<HttpResponse> =>
    service.http.post(attempt.path, attempt.body, { token: attempt.customer.token, headers: { 'idempotency-key': attempt.key } });
  /** Tickets made by one attempt: its description carries its key. */
  const ticketsOf = async (attempt: Attempt) =>
    (await rows<{ id: number }>(sql, 'SELECT id FROM tickets WHERE customer_id = $1 AND description LIKE $2', [attempt.customer.user.id, `%${attempt.key}%`])).map((t) => t.id);

  it('keeps every acknowledged ticket exactly once, the ledger in step, and delivers every event after a restart', async () => {
    const factories = new Factories(helper);
    const attempts: Attempt[] = [];
    for (let c = 0; c < CUSTOMERS; c++) {
      const customer = await factories.customer();
      for (let i = 0; i < PER_CUSTOMER; i++) {
        const key = `crash-${randomBytes(6).toString('hex')}`;
        const origin = ORIGINS[(c + i) % ORIGINS.length];
        const request = await createRequest(factories, origin, customer, `Charged twice, request ${key}`);
        attempts.push({ key, customer, origin, ...request });
      }
    }

    // The burst: IN_FLIGHT requests at a time; SIGKILL once KILL_AFTER of them were acknowledged.
    const first = await startServiceProcess(serviceEnv());
    processes.push(first);
    let acknowledged = 0;
    let next = 0;
    const killed = new Promise<void>((resolve) => {
      const worker = async () => {
        while (next < attempts.length && first.child.exitCode === null && first.child.signalCode === null) {
          const attempt = attempts[next++];
          const res = await send(first, attempt).catch(() => undefined);
          if (res?.status === attempt.status) {
            attempt.acknowledged = attempt.idOf(res.body);
            if (++acknowledged === KILL_AFTER) {
              first.child.kill('SIGKILL');
              resolve();
            }
          }
        }
      };
      void Promise.all(Array.from({ length: IN_FLIGHT }, worker)).then(() => resolve());
    });
    await killed;
    await first.stop('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    const acked = attempts.filter((a) => a.acknowledged !== undefined);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acked.length).toBeLessThan(attempts.length);

    // Every acknowledged create is there exactly once, with the id it was acknowledged with.
    for (const attempt of acked) expect(await ticketsOf(attempt)).toEqual([attempt.acknowledged]);

    const second = await startServiceProcess(serviceEnv());
    processes.push(second);

    // Retried with their keys, the unacknowledged creates run once, or say they already ran: never twice.
    const pending = new Set(attempts.filter((a) => a.acknowledged === undefined));
    const deadline = Date.now() + 60_000;
    while (pending.size && Date.now() < deadline) {
      for (const attempt of [...pending]) {
        const res = await send(second, attempt);
        if (res.status === attempt.status) {
          attempt.acknowledged = attempt.idOf(res.body);
          pending.delete(attempt);
        } else if (res.status === 409 && /already processed/.test(JSON.stringify(res.body))) {
          pending.delete(attempt); // committed before the kill, its response lost: the ticket exists once
        } else {
          expect(res.status).toBe(409); // claimed by the killed process: retry once its lease runs out
        }
      }
      if (pending.size) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect([...pending].map((a) => a.key)).toEqual([]);
    for (const attempt of attempts) {
      const tickets = await ticketsOf(attempt);
      expect({ key: attempt.key, tickets: tickets.length }).toEqual({ key: attempt.key, tickets: 1 });
      if (attempt.acknowledged !== undefined) expect(tickets).toEqual([attempt.acknowledged]);
    }

    // The ledger matches the tickets: one creation award per ticket, and the daily counters count them.
    const ledger = await rows(
      sql,
      `SELECT t.customer_id, count(t.id)::int AS tickets, count(l.id)::int AS awards,
              (SELECT coalesce(sum(interactions), 0)::int FROM reward_daily_counters d WHERE d.customer_id = t.customer_id) AS counted
         FROM tickets t LEFT JOIN reward_ledger l ON l.ticket_id = t.id AND l.reason = 'ticket_created'
        GROUP BY t.customer_id ORDER BY t.customer_id`,
    );
    expect(ledger).toHaveLength(CUSTOMERS);
    for (const row of ledger) expect(row).toEqual({ customer_id: row.customer_id, tickets: PER_CUSTOMER, awards: PER_CUSTOMER, counted: PER_CUSTOMER });
    expect(await rows(sql, 'SELECT ticket_id FROM reward_ledger GROUP BY ticket_id, reason HAVING count(*) > 1')).toEqual([]);

    // One ticket.created event per ticket, and the restarted service delivers every event (leases of the killed one run out).
    expect(await rows(sql, `SELECT t.id FROM tickets t LEFT JOIN outbox_events e ON e.ticket_id = t.id AND e.type = 'ticket.created' GROUP BY t.id HAVING count(e.id) <> 1`)).toEqual([]);
    let undelivered: unknown[] = [];
    const deliveryDeadline = Date.now() + 60_000;
    do {
      undelivered = await rows(sql, 'SELECT id, attempts, parked_at, last_error FROM outbox_events WHERE delivered_at IS NULL');
      if (undelivered.length) await new Promise((resolve) => setTimeout(resolve, 250));
    } while (undelivered.length && Date.now() < deliveryDeadline);
    expect(undelivered).toEqual([]);
    expect(await rows(sql, 'SELECT id FROM outbox_events WHERE parked_at IS NOT NULL')).toEqual([]);
    expect((await second.http.get('/health/ready')).status).toBe(200);
  }, 240_000);

  it('replays the first response of every committed create after a SIGKILL, and runs the others at once', async () => {
    const factories = new Factories(helper);
    const attempts: (Attempt & { firstBody?: unknown })[] = [];
    for (let c = 0; c < CUSTOMERS; c++) {
      const customer = await factories.customer();
      for (let i = 0; i < PER_CUSTOMER; i++) {
        const key = `replay-${randomBytes(6).toString('hex')}`;
        const origin = ORIGINS[(c + i) % ORIGINS.length];
        const request = await createRequest(factories, origin, customer, `Charged twice, request ${key}`);
        attempts.push({ key, customer, origin, ...request });
      }
    }
    const first = await startServiceProcess(serviceEnv());
    processes.push(first);

    // Responses lost on the way (the client never reads them): these creates committed, their callers know nothing.
    const unread = attempts.slice(0, ORIGINS.length);
    for (const attempt of unread) void send(first, attempt).catch(() => undefined);
    const committedDeadline = Date.now() + 20_000;
    while ((await Promise.all(unread.map(ticketsOf))).some((tickets) => tickets.length === 0) && Date.now() < committedDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // The rest in a burst, killed once KILL_AFTER were acknowledged: some are mid-transaction, some not sent.
    const burst = attempts.slice(unread.length);
    let acknowledged = 0;
    let next = 0;
    await new Promise<void>((resolve) => {
      const worker = async () => {
        while (next < burst.length && first.child.exitCode === null && first.child.signalCode === null) {
          const attempt = burst[next++];
          const res = await send(first, attempt).catch(() => undefined);
          if (res?.status === attempt.status) {
            attempt.acknowledged = attempt.idOf(res.body);
            attempt.firstBody = res.body;
            if (++acknowledged === KILL_AFTER) {
              first.child.kill('SIGKILL');
              resolve();
            }
          }
        }
      };
      void Promise.all(Array.from({ length: IN_FLIGHT }, worker)).then(() => resolve());
    });
    await first.stop('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    // What the database holds now is what committed before the kill.
    const committed = new Map<Attempt, number>();
    for (const attempt of attempts) {
      const tickets = await ticketsOf(attempt);
      expect(tickets.length).toBeLessThanOrEqual(1);
      if (tickets.length) committed.set(attempt, tickets[0]);
    }
    for (const attempt of unread) expect(committed.has(attempt)).toBe(true);

    // Right after the restart, no waiting for a lease: every retry answers the create's own success.
    const second = await startServiceProcess(serviceEnv());
    processes.push(second);
    const retries = await Promise.all(attempts.map(async (attempt) => ({ attempt, res: await send(second, attempt) })));
    for (const { attempt, res } of retries) {
      const replayed = res.headers.get('idempotent-replayed') === 'true';
      expect({ key: attempt.key, status: res.status }).toEqual({ key: attempt.key, status: attempt.status });
      const ticketId = committed.get(attempt);
      if (ticketId !== undefined) {
        // Committed before the kill: its first response, with its ticket, whether or not the caller had read it.
        expect({ key: attempt.key, replayed, ticketId: attempt.idOf(res.body) }).toEqual({ key: attempt.key, replayed: true, ticketId });
        if (attempt.firstBody !== undefined) expect(res.body).toEqual(attempt.firstBody);
      } else {
        // Killed before its commit: it left nothing, so it runs now.
        expect({ key: attempt.key, replayed }).toEqual({ key: attempt.key, replayed: false });
      }
      expect(await ticketsOf(attempt)).toEqual([attempt.idOf(res.body)]);
    }
    expect(committed.size).toBeGreaterThan(unread.length);
    expect(committed.size).toBeLessThan(attempts.length);
  }, 240_000);
});
