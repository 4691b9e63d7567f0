import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { requestHash } from '@mm/core';
import { Person } from '../support/factories';
import { useTestApp } from '../support/harness';
import { HttpResponse } from '../support/http';
import { describeWithPostgres } from '../support/socket';
import { connect, count, holdLock } from './support/db';
import { createRequest, Origin, ORIGINS } from '../support/desk';
import { expectSurfaceError } from './support/surfaces';

/**
 * SPEC section 6, issue 7: `Idempotency-Key` on every create — tickets on all
 * five surfaces, messages, internal notes, feedback. The same key and body
 * replay the first response and do nothing again (one row, one outbox event,
 * one award); another body is 422; a duplicate while the first still runs is
 * 409 (the first is held deterministically on a row lock taken from another
 * connection); keys belong to their caller. Every refusal is in the format of
 * the surface that owns the path.
 */

/** One create, ready to send, and how to observe what it did. */
interface Prepared {
  caller: Person;
  path: string;
  body: Record<string, unknown>;
  /** The same request with another body. */
  otherBody: Record<string, unknown>;
  status: number;
  idOf(body: any): number;
  /** What this caller's request left behind (rows, outbox events, awards). */
  effects(): Promise<Record<string, number>>;
  /** `effects()` after exactly one successful request. */
  once: Record<string, number>;
  /** Row locks (SELECT … FOR UPDATE) that the command waits for inside its transaction. */
  lock: [string, unknown[]];
}

interface IdempotencyCase {
  name: string;
  prepare(): Promise<Prepared>;
  /** Another caller's request, as close to the first as the route allows (same path and body where possible). */
  anotherCaller(first: Prepared): Promise<Prepared>;
}

describeWithPostgres('hardening: Idempotency-Key on every create', () => {
  const { app, factories, desk } = useTestApp();
  let db: Client;
  let admin: Person;

  beforeAll(async () => {
    db = await connect();
    admin = await factories.admin();
  });
  afterAll(async () => {
    await db?.end();
  });

  const days = () => [0, 1].map((ahead) => new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10));
  const send = (prepared: Prepared, key: string, body = prepared.body): Promise<HttpResponse> =>
    app.http.post(prepared.path, body, { token: prepared.caller.token, headers: { 'idempotency-key': key } });
  const newKey = () => `key-${randomBytes(8).toString('hex')}`;

  async function ticketCreate(origin: Origin, customer?: Person): Promise<Prepared> {
    const caller = customer ?? (await factories.customer());
    const id = caller.user.id;
    const request = await createRequest(factories, origin, caller);
    // The create's award takes the customer's daily counter row FOR UPDATE (upsert): make the rows exist to lock them
    // (today's and tomorrow's, UTC, in case the request runs past midnight).
    for (const day of days()) await db.query('INSERT INTO reward_daily_counters (customer_id, day, interactions) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [id, day]);
    return {
      caller,
      ...request,
      otherBody: { ...request.body, description: 'Something else entirely went wrong here' },
      effects: async () => ({
        tickets: await count(db, 'SELECT 1 FROM tickets WHERE customer_id = $1', [id]),
        events: await count(db, 'SELECT 1 FROM outbox_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.customer_id = $1', [id]),
        awards: await count(db, 'SELECT 1 FROM reward_ledger WHERE customer_id = $1', [id]),
      }),
      once: { tickets: 1, events: 1, awards: 1 },
      lock: ['SELECT 1 FROM reward_daily_counters WHERE customer_id = $1 AND day = ANY($2::date[]) FOR UPDATE', [id, days()]],
    };
  }

  /** Effects on one ticket of one caller's messages or notes. */
  const onTicket = (table: string, authorColumn: string, event: string, ticketId: number, callerId: number) => async () => ({
    rows: await count(db, `SELECT 1 FROM ${table} WHERE ticket_id = $1 AND ${authorColumn} = $2`, [ticketId, callerId]),
    events: await count(db, `SELECT 1 FROM outbox_events WHERE ticket_id = $1 AND type = $2 AND (payload->'actor'->>'id')::int = $3`, [ticketId, event, callerId]),
  });
  const ticketLock = (ticketId: number): [string, unknown[]] => ['SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE', [ticketId]];

  function message(caller: Person, ticketId: number): Prepared {
    return {
      caller,
      path: `/api/support-tickets/${ticketId}/messages`,
      body: { message: 'Any news about my refund?' },
      otherBody: { message: 'A different message' },
      status: 201,
      idOf: (body) => body.data.id,
      effects: onTicket('ticket_messages', 'sender_id', 'message.created', ticketId, caller.user.id),
      once: { rows: 1, events: 1 },
      lock: ticketLock(ticketId),
    };
  }

  function note(caller: Person, ticketId: number): Prepared {
    return {
      caller,
      path: `/api/support/tickets/${ticketId}/add-note/`,
      body: { note: 'Customer sent the photos' },
      otherBody: { note: 'Another note' },
      status: 201,
      idOf: (body) => Number(body.note.id),
      effects: onTicket('ticket_notes', 'author_id', 'note.created', ticketId, caller.user.id),
      once: { rows: 1, events: 1 },
      lock: ticketLock(ticketId),
    };
  }

  async function feedback(): Promise<Prepared> {
    const caller = await factories.customer();
    const ticketId = await desk.resolved(await desk.createTicket(caller), await factories.agent());
    return {
      caller,
      path: `/api/support/tickets/${ticketId}/feedback/`,
      body: { rating: '5', comment: 'Quick and kind' },
      otherBody: { rating: '1' },
      status: 201,
      idOf: (body) => Number(body.feedback.id),
      effects: async () => ({ rows: await count(db, 'SELECT 1 FROM ticket_feedback WHERE ticket_id = $1', [ticketId]) }),
      once: { rows: 1 },
      lock: ticketLock(ticketId),
    };
  }

  const cases: IdempotencyCase[] = [
    ...ORIGINS.map((origin) => ({
      name: `${origin} ticket create`,
      prepare: () => ticketCreate(origin),
      anotherCaller: () => ticketCreate(origin),
    })),
    {
      name: 'helpdesk message',
      prepare: async () => {
        const customer = await factories.customer();
        return message(customer, await desk.createTicket(customer));
      },
      // The assigned agent, on the same ticket, with the same body.
      anotherCaller: async (first) => {
        const ticketId = Number(first.path.split('/')[3]);
        const agent = await factories.agent();
        await desk.assigned(ticketId, agent);
        return message(agent, ticketId);
      },
    },
    {
      name: 'console internal note',
      prepare: async () => {
        const agent = await factories.agent();
        return note(agent, await desk.assigned(await desk.createTicket(await factories.customer()), agent));
      },
      // An admin, on the same ticket, with the same body.
      anotherCaller: async (first) => note(admin, Number(first.path.split('/')[4])),
    },
    { name: 'console feedback', prepare: feedback, anotherCaller: feedback },
  ];

  it('does not keep a refused first attempt: a corrected retry with the same key runs', async () => {
    const prepared = await ticketCreate('helpdesk');
    const key = newKey();
    const refused = await send(prepared, key, { ...prepared.body, description: 'short' });
    expectSurfaceError(prepared.path, refused, 422);
    expect((await prepared.effects()).tickets).toBe(0);
    const corrected = await send(prepared, key);
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
    expect(await prepared.effects()).toEqual(prepared.once);
  });

  it('refuses a key that is not 1 to 255 visible ASCII characters, in the surface’s format', async () => {
    const prepared = await ticketCreate('munch');
    for (const key of ['x'.repeat(256), 'with space', 'tab\there']) {
      expectSurfaceError(prepared.path, await send(prepared, key), 400);
    }
    expect((await prepared.effects()).tickets).toBe(0);
  });

  describe.each(cases)('$name', (testCase) => {
    it('replays the first response for the same key and body, and does nothing again', async () => {
      const prepared = await testCase.prepare();
      const key = newKey();
      const first = await send(prepared, key);
      expect(first.status).toBe(prepared.status);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(await prepared.effects()).toEqual(prepared.once);

      for (let i = 0; i < 2; i++) {
        const replay = await send(prepared, key, { ...prepared.body });
        expect(replay.status).toBe(first.status);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.body).toEqual(first.body);
      }
      expect(await prepared.effects()).toEqual(prepared.once);
    });

    it('refuses the same key with another body: 422 in the surface’s format, nothing done', async () => {
      const prepared = await testCase.prepare();
      const key = newKey();
      expect((await send(prepared, key)).status).toBe(prepared.status);
      const other = await send(prepared, key, prepared.otherBody);
      expectSurfaceError(prepared.path, other, 422);
      expect(await prepared.effects()).toEqual(prepared.once);
    });

    it('answers 409 to a duplicate while the first still runs, then replays the first once it is done', async () => {
      const prepared = await testCase.prepare();
      const key = newKey();
      const lock = await holdLock(...prepared.lock);
      let firstDone: Promise<HttpResponse>;
      try {
        firstDone = send(prepared, key);
        await lock.waitForWaiter();
        const duplicate = await send(prepared, key);
        expectSurfaceError(prepared.path, duplicate, 409);
        // Its request is not committed yet, so it cannot be compared: in progress, whatever the body (422 once it is done).
        const otherBody = await send(prepared, key, prepared.otherBody);
        expectSurfaceError(prepared.path, otherBody, 409);
      } finally {
        await lock.release();
      }
      const first = await firstDone;
      expect(first.status).toBe(prepared.status);
      const replay = await send(prepared, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expectSurfaceError(prepared.path, await send(prepared, key, prepared.otherBody), 422);
      expect(await prepared.effects()).toEqual(prepared.once);
    });

    it('runs at once a request whose key an earlier version left claimed but never committed (a killed request)', async () => {
      const prepared = await testCase.prepare();
      const key = newKey();
      // What a process killed mid-request left when claims were committed apart from the change: a live lease, nothing done.
      await db.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, locked_until, expires_at)
         VALUES ($1, $2, $3, now() + interval '30 seconds', now() + interval '1 hour')`,
        [`${prepared.caller.user.role}:${prepared.caller.user.id}`, key, requestHash('POST', prepared.path, prepared.body)],
      );
      const res = await send(prepared, key);
      expect(res.status).toBe(prepared.status);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
      expect(await prepared.effects()).toEqual(prepared.once);
      expect((await send(prepared, key)).body).toEqual(res.body);
    });

    it('answers 409 to a retry of a create that committed but whose response was lost, and does not run it again', async () => {
      const prepared = await testCase.prepare();
      const key = newKey();
      expect((await send(prepared, key)).status).toBe(prepared.status);
      // What a process killed between its commit and storing the response left when responses were stored after the commit.
      await db.query(
        `UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, completed_at = NULL, locked_until = now() - interval '1 second'
          WHERE key = $1`,
        [key],
      );
      expectSurfaceError(prepared.path, await send(prepared, key), 409);
      expect(await prepared.effects()).toEqual(prepared.once);
    });

    it('keeps keys per caller: another caller with the same key gets a result of their own', async () => {
      const first = await testCase.prepare();
      const second = await testCase.anotherCaller(first);
      const key = newKey();
      const a = await send(first, key);
      const b = await send(second, key);
      expect(a.status).toBe(first.status);
      expect(b.status).toBe(second.status);
      expect(b.headers.get('idempotent-replayed')).toBeNull();
      expect(second.idOf(b.body)).not.toBe(first.idOf(a.body));
      expect(await first.effects()).toEqual(first.once);
      expect(await second.effects()).toEqual(second.once);
    });
  });
});
