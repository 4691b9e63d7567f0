import { ModulesContainer } from '@nestjs/core';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { Person, uniqueId } from '../support/factories';
import { useTestApp } from '../support/harness';
import { HttpResponse } from '../support/http';
import { RouteInfo, routesOf } from './authz-matrix';
import { errorFormatProblems } from './support/surfaces';

/**
 * Issue 7, fuzzing: property-based requests (fast-check) to every route of
 * every surface, shaped by the route's own OpenAPI request schema — wrong
 * types, missing and extra fields, huge and odd unicode strings (NUL,
 * surrogates, RTL, emoji), negative/zero/huge/non-numeric ids in paths,
 * queries and bodies, garbage and deeply nested JSON, raw non-JSON bodies.
 * Whatever comes in: never a 5xx, a refusal always in the surface's own
 * error format, and a refused request writes nothing (a fingerprint of every
 * table, before and after). Runs on a database of its own with event
 * delivery off, so nothing else writes meanwhile. FUZZ_RUNS scales the runs.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  enum?: unknown[];
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
}

interface RouteShape {
  route: RouteInfo;
  /** The OpenAPI path (`{param}`). */
  fields: Record<string, Schema>;
  required: string[];
  /** A body the route would accept, as far as its schema and examples say. */
  validBody: Record<string, unknown> | undefined;
  query: Record<string, Schema>;
  params: string[];
}

/** Values that are wrong for almost any field, and a few that look right to a careless parser. */
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  '\udfff lone surrogates \ud83d',
  '\u202eevil rtl\u202c',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  'ﷺ𒐫𝕳',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '../../etc/passwd',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e3',
  '0x10',
  '99999999999999999999',
  '2147483648',
  'true',
  'null',
  '[]',
  '{}',
];
const ODD_NUMBERS = [0, -1, -2147483648, 2147483647, 2147483648, 1.5, -0.0001, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1];

function nested(depth: number, array: boolean): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
  return value;
}

const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 300_000 }).chain((n) => fc.constantFrom('x'.repeat(n), 'é'.repeat(n), '😀'.repeat(n / 2))),
);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.constantFrom<unknown>(null, true, false, [], {}, ...ODD_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.oneof(fc.integer(), oddString), { maxLength: 30 }),
  fc.integer({ min: 20, max: 500 }).chain((depth) => fc.constantFrom(nested(depth, true), nested(depth, false))),
);

/** JSON nested far deeper than any serializer here could write: built as text. */
const deepJson = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.boolean())
  .map(([depth, array]) => (array ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'customerId', 'role', 'status', 'assigneeId', 'toString'), fc.string({ maxLength: 20 }));

/** A valid-looking body with fields dropped, replaced by odd values, or joined by extra ones. */
function mutatedBody(shape: RouteShape): fc.Arbitrary<unknown> {
  const base = shape.validBody ?? {};
  const names = Object.keys({ ...base, ...shape.fields });
  const perField = Object.fromEntries(
    names.map((name) => [name, fc.oneof({ weight: 3, arbitrary: fc.constant(base[name]) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: oddValue })]),
  );
  return fc
    .tuple(fc.record(perField), fc.dictionary(extraKey, oddValue, { maxKeys: 3 }), fc.boolean())
    .map(([fields, extra, withExtra]) => {
      const body: Record<string, unknown> = withExtra ? { ...extra } : {};
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) body[name] = value;
      return body;
    });
}

/** Percent-encoding that also takes lone surrogates (encodeURIComponent throws on them): as their UTF-8 replacement. */
const encode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** Path ids that are not ids: negative, zero, huge, fractional, words, injections, unicode. */
const oddId = fc.oneof(
  fc.constantFrom('-1', '0', '1.5', '1e3', '0x10', '2147483648', '99999999999999999999999', 'abc', 'null', '%00', '%F0%9F%98%80', "1'%20OR%20'1'='1", '507f1f77bcf86cd799439011', '..%2F..', ' 1'),
  fc.integer({ min: -1_000_000, max: 0 }).map(String),
  fc.bigInt({ min: 2n ** 31n, max: 2n ** 80n }).map(String),
  fc.string({ unit: 'binary', maxLength: 12 }).map(encode),
);

/**
 * Query values stay short: a request head over 16 KB is refused by Node's HTTP parser (431) before
 * any route or surface sees it. At most 12 values × 250 bytes, percent-encoded (×3): under 10 KB.
 */
const oddQueryValue = fc.oneof(oddString.filter((s) => Buffer.byteLength(s) <= 250), fc.constantFrom(...ODD_NUMBERS.map(String)));

/** One request: path ids, query and body (JSON, or raw text) as the arbitrary drew them. */
interface Drawn {
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
}

/** How fast-check prints a drawn request in a failure report: short, and safe for 5,000-deep bodies. */
function withSummary(drawn: Drawn): Drawn {
  const summary = () => {
    let body: string;
    try {
      body = drawn.raw ?? JSON.stringify(drawn.body) ?? 'undefined';
    } catch {
      body = '(too deep to print)';
    }
    return `${drawn.path.slice(0, 300)} ${drawn.contentType ?? ''} ${body.slice(0, 500)}`;
  };
  return Object.assign(drawn, { [fc.toStringMethod]: summary });
}

function requestArb(shape: RouteShape, validParams: Record<string, string>): fc.Arbitrary<Drawn> {
  const paramsArb = fc.record(
    Object.fromEntries(shape.params.map((p) => [p, fc.oneof({ weight: 3, arbitrary: fc.constant(validParams[p] ?? '1') }, { weight: 1, arbitrary: oddId })])),
  ) as fc.Arbitrary<Record<string, string>>;
  const queryNames = [...Object.keys(shape.query), 'page', 'unknown_param'];
  const queryArb = fc.dictionary(fc.constantFrom(...queryNames), fc.oneof(oddQueryValue, fc.array(oddQueryValue, { minLength: 2, maxLength: 3 })), { maxKeys: 4 });
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(shape.route.method);
  const bodyArb: fc.Arbitrary<Pick<Drawn, 'body' | 'raw' | 'contentType'>> = hasBody
    ? fc.oneof(
        { weight: 6, arbitrary: mutatedBody(shape).map((body) => ({ body })) },
        { weight: 2, arbitrary: oddValue.map((body) => ({ body })) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom(...Object.keys(shape.fields), 'extra'), deepJson).map(([field, deep]) => ({ raw: `{${JSON.stringify(field)}:${deep}}` })),
        },
        {
          weight: 1,
          arbitrary: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'null', '', '\u0000', '{"__proto__":{"admin":true}}')).map((raw) => ({ raw })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1'), fc.string({ maxLength: 50 }))
            .map(([contentType, raw]) => ({ raw, contentType })),
        },
      )
    : fc.constant({});
  return fc.tuple(paramsArb, queryArb, bodyArb).map(([params, query, body]) => {
    let path = shape.route.path.replace(/:(\w+)/g, (_, name: string) => params[name]);
    const search = Object.entries(query)
      .flatMap(([name, value]) => [value].flat().map((v) => `${encode(name)}=${encode(String(v))}`))
      .join('&');
    if (search) path += `?${search}`;
    return withSummary({ path, ...body });
  });
}

describe('hardening: fuzzing every request body, query and path', () => {
  const { app, factories, desk } = useTestApp({ ownDatabase: true, env: { OUTBOX_DISPATCH: 'false' } });
  /** The app's own connection pool: the embedded fallback serves one connection only. */
  let sql: DataSource;
  let shapes: RouteShape[];
  let tables: string[];
  const callers: Record<'customer' | 'admin' | 'service', string> = { customer: '', admin: '', service: '' };
  const validParams: Record<string, string> = {};

  beforeAll(async () => {
    sql = app.running.app.get(DataSource);
    const customer: Person = await factories.customer();
    const admin: Person = await factories.admin();
    callers.customer = customer.token;
    callers.admin = admin.token;
    callers.service = factories.serviceToken('fuzz');

    const ticketId = await desk.createTicket(customer, 'mtxi');
    await desk.assigned(ticketId, admin);
    const message = await desk.sendMessage(ticketId, customer, 'Hello');
    const [faq] = await sql.query(`INSERT INTO faqs (question, answer, category) VALUES ('Q?', 'A.', 'other') RETURNING id`);
    const [notification] = await sql.query(
      `INSERT INTO notifications (user_id, outbox_event_id, kind, locale, title, body) VALUES ($1, 1, 'ticket_created', 'en', 'T', 'B') RETURNING id`,
      [customer.user.id],
    );
    // References of the caller's own, so mutated bodies also reach the domain's checks, not only validation.
    const references: Record<string, Record<string, number>> = {
      '/api/customer/munch': { orderId: (await factories.order(customer.user.id, 'munch')).id },
      '/api/customer/mtxi': { rideId: (await factories.ride(customer.user.id)).id, orderId: (await factories.order(customer.user.id, 'munch')).id },
      '/api/customer/mtables': { bookingId: (await factories.booking(customer.user.id)).id, orderId: (await factories.order(customer.user.id, 'mtables')).id },
      '/api/support/tickets': { delivery_id: (await factories.order(customer.user.id, 'shop')).id },
      '/api/integrations': { customerId: customer.user.id },
    };
    const ownReferences = (path: string) => Object.entries(references).find(([prefix]) => path.startsWith(prefix))?.[1] ?? {};
    Object.assign(validParams, {
      ticketId: String(ticketId),
      ticket: String(ticketId),
      ticket_id: String(ticketId),
      message: String(message.body.data.id),
      order: String((await factories.order(customer.user.id, 'munch', { status: 'pending' })).id),
      faq_id: String(faq.id),
      agent_id: String((await factories.unapprovedAgent()).user.id),
      id: String(notification.id),
    });

    const document = (await app.http.get('/docs-json')).body;
    const resolve = (schema: Schema | undefined): Schema | undefined => {
      if (!schema) return undefined;
      if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
      if (schema.allOf) return schema.allOf.map(resolve).reduce<Schema>((all, part) => ({ ...all, ...part, properties: { ...all.properties, ...part?.properties } }), {});
      return schema;
    };
    shapes = routesOf(app.running.app.get(ModulesContainer)).map((route) => {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      // Seed 004's paths are documented with its trailing slash.
      const operation = (document.paths[path] ?? document.paths[`${path}/`])?.[route.method.toLowerCase()];
      if (!operation) throw new Error(`${route.key} is not in the OpenAPI document`);
      const body = resolve(operation.requestBody?.content?.['application/json']?.schema);
      const fields = body?.properties ?? {};
      const own = ownReferences(route.path);
      const validBody = body
        ? Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, own[name] ?? field.example ?? field.enum?.[0] ?? (field.type === 'integer' ? 1 : 'text')]))
        : undefined;
      const query = Object.fromEntries(((operation.parameters ?? []) as { in: string; name: string; schema: Schema }[]).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
      return { route, fields, required: body?.required ?? [], validBody, query, params: [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]) };
    });
    tables = ((await sql.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)) as { name: string }[]).map((t) => t.name);
  });

  /**
   * Tables whose rows are rewritten in the background without changing what they mean: hashed by
   * their meaning: +/- rows per key, folded into sums every few seconds.
   */
  const LOGICAL_VIEW: Record<string, string> = {
    ticket_counts: 'SELECT assignee_id, status, is_admin_read, sum(tickets) AS tickets FROM ticket_counts GROUP BY 1, 2, 3 HAVING sum(tickets) <> 0',
    ticket_report_days:
      'SELECT day, origin, category, sum(created) AS created, sum("left") AS "left" FROM ticket_report_days GROUP BY 1, 2, 3 HAVING sum(created) <> 0 OR sum("left") <> 0',
    ticket_report_agent_days:
      'SELECT day, assignee_id, sum(resolved) AS resolved, sum(rated) AS rated, sum(rating_sum) AS rating_sum FROM ticket_report_agent_days GROUP BY 1, 2 HAVING sum(resolved) <> 0 OR sum(rated) <> 0 OR sum(rating_sum) <> 0',
  };

  /** Every row of every table, hashed per table: equal before and after a refused request, or something was written. */
  async function fingerprint(): Promise<Record<string, string>> {
    const parts = tables.map((t) => `(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${LOGICAL_VIEW[t] ? `(${LOGICAL_VIEW[t]})` : `"${t}"`} x) AS "${t}"`);
    const [row] = (await sql.query(`SELECT ${parts.join(', ')}`)) as Record<string, string>[];
    return row;
  }
  const changedTables = (before: Record<string, string>, after: Record<string, string>) => tables.filter((t) => before[t] !== after[t]);

  /** The caller the route's rule lets in, so the request reaches validation and the domain. */
  function tokenFor(route: RouteInfo): string | undefined {
    if (route.rule.public) return undefined;
    if (route.rule.roles.includes('customer')) return callers.customer;
    if (route.rule.roles.includes('admin')) return callers.admin;
    return callers.service;
  }

  async function check(route: RouteInfo, drawn: Drawn, token: string | undefined): Promise<void> {
    const before = await fingerprint();
    const headers = drawn.contentType ? { 'content-type': drawn.contentType } : undefined;
    let res: HttpResponse;
    try {
      res = await app.http.request(route.method, drawn.path, drawn.body, { token, raw: drawn.raw, headers });
    } catch (error) {
      throw new Error(`${route.method} ${drawn.path}: the request failed (${String(error)})`);
    }
    const what = `${route.method} ${drawn.path.slice(0, 200)} → ${res.status} ${res.text.slice(0, 200)}`;
    if (res.status >= 500) throw new Error(`5xx: ${what}`);
    if (res.status >= 400) {
      const problems = errorFormatProblems(drawn.path, res.status, res.body);
      if (problems.length) throw new Error(`not the surface's error format (${problems.join('; ')}): ${what}`);
      const changed = changedTables(before, await fingerprint());
      if (changed.length) throw new Error(`a refused request wrote to ${changed.join(', ')}: ${what}`);
    }
  }

  it('fuzzes every route the app serves', () => {
    expect(shapes.length).toBeGreaterThan(40);
  });

  describe.each([0, 1, 2, 3, 4, 5])('routes, part %i of 6', (part) => {
    it('never answers 5xx, always in the surface’s format, and a refusal writes nothing', async () => {
      const mine = shapes.filter((_, i) => i % 6 === part);
      for (const shape of mine) {
        const token = tokenFor(shape.route);
        await fc.assert(
          fc.asyncProperty(requestArb(shape, validParams), (drawn) => check(shape.route, drawn, token)),
          { numRuns: RUNS, endOnFailure: true },
        );
      }
    });
  });

  it('answers garbage Authorization headers with 401 (or serves public routes), never 5xx', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 100 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      fc.string({ maxLength: 300 }).filter((s) => /^[\x21-\x7e]*$/.test(s)).map((s) => `Bearer ${s}`),
      fc.tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 })).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`),
      fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer null', `Bearer ${callers.customer}x`, `Bearer ${callers.customer.split('.').slice(0, 2).join('.')}.`),
    );
    const shape = fc.constantFrom(...shapes);
    await fc.assert(
      fc.asyncProperty(shape, header, async ({ route }, authorization) => {
        const path = route.path.replace(/:(\w+)/g, (_, name: string) => validParams[name] ?? '1');
        const res = await app.http.request(route.method, path, undefined, { headers: { authorization } });
        if (res.status >= 500) throw new Error(`5xx: ${route.method} ${path} with Authorization ${authorization.slice(0, 60)} → ${res.status} ${res.text.slice(0, 200)}`);
        if (!route.rule.public) expect(res.status).toBe(401);
        if (res.status >= 400) expect(errorFormatProblems(path, res.status, res.body)).toEqual([]);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('answers a body over the size limit with 413 in each surface’s format, writing nothing', async () => {
    const huge = { description: 'x'.repeat(1024 * 1024 + 10) };
    for (const path of ['/api/customer/munch/support/ticket', '/api/customer/mtxi/support', '/api/customer/mtables/support/tickets', '/api/support-tickets', '/api/support/tickets/create/', '/api/auth/register']) {
      const before = await fingerprint();
      const res = await app.http.post(path, huge, { token: callers.customer });
      expect({ path, status: res.status }).toEqual({ path, status: 413 });
      expect(errorFormatProblems(path, res.status, res.body)).toEqual([]);
      expect(changedTables(before, await fingerprint())).toEqual([]);
    }
  });

  it('refuses what used to crash a handler (500): deep nesting, NUL characters, unpaired surrogates', async () => {
    const cases: [string, string, string | undefined][] = [
      ['/api/customer/mtxi/support', `{"serviceType":"ride","issueType":"OTHER","description":"x","rideId":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`, callers.customer],
      ['/api/admin/faq/', `{"question":"q","answer":"a","category":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`, callers.admin],
      ['/api/customer/munch/support/ticket', JSON.stringify({ orderId: 1, issueType: 'OTHER', description: 'nul \u0000 inside the text' }), callers.customer],
      ['/api/support-tickets', JSON.stringify({ subject: 'S', description: 'nul \u0000 inside the text' }), callers.customer],
      ['/api/auth/login', JSON.stringify({ email: 'a\u0000b@example.test', password: 'whatever' }), undefined],
      ['/api/auth/register', '{"email":"\\udfff@example.test","password":"long enough","name":"N"}', undefined],
      ['/api/support/register-agent/', '{"email":"x\\ud83d@example.test","password":"long enough","name":"N"}', undefined],
    ];
    for (const [path, raw, token] of cases) {
      const before = await fingerprint();
      const res = await app.http.post(path, undefined, { token, raw });
      expect({ path, status: res.status }).toEqual({ path, status: path === '/api/support-tickets' ? 422 : 400 });
      expect(errorFormatProblems(path, res.status, res.body)).toEqual([]);
      expect(changedTables(before, await fingerprint())).toEqual([]);
    }
    const search = await app.http.get('/api/support-tickets?search=%00', { token: callers.customer });
    expect(search.status).toBe(422);
    expect(search.body.errors).toEqual({ search: [expect.stringContaining('NUL')] });
  });

  it('keeps ids out of reach: a row id in any position is never taken from the body', async () => {
    // Extra fields naming other rows (customerId, assigneeId, status…) are refused, not merged (forbidNonWhitelisted).
    const path = '/api/support-tickets';
    const before = await fingerprint();
    const res = await app.http.post(path, { subject: 'S', description: 'Long enough text', customer_id: 1, assigned_to: uniqueId(), status: 'resolved' }, { token: callers.customer });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.errors).sort()).toEqual(['assigned_to', 'customer_id', 'status']);
    expect(changedTables(before, await fingerprint())).toEqual([]);
  });
});
