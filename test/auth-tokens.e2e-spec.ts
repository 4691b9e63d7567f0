import { createHmac, createSign, generateKeyPairSync, KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Factories } from './support/factories';
import { useTestApp } from './support/harness';
import { startTestApp, TestApp } from './support/test-app';

/** Builds a JWT by hand, so every malformed variant can be made. */
function jwt(header: object, payload: object, key?: { secret: string | Buffer } | { privateKey: KeyObject }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(payload)}`;
  if (!key) return `${input}.`;
  if ('secret' in key) return `${input}.${createHmac('sha256', key.secret).update(input).digest('base64url')}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}

const SECRET = process.env.JWT_SECRET!;
const now = () => Math.floor(Date.now() / 1000);
const HS256 = { alg: 'HS256', typ: 'JWT' };
const RS256 = { alg: 'RS256', typ: 'JWT' };

async function expectUnauthorized(app: TestApp, token: string | undefined, header?: string) {
  const headers = header !== undefined ? { authorization: header } : undefined;
  const res = await app.http.get('/api/auth/me', { token, headers });
  expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: 'Unauthorized' } });
}

describe('tokens: HS256 with JWT_SECRET (no public key configured)', () => {
  const { app, factories } = useTestApp();

  it('accepts a valid HS256 token with sub, role and exp', async () => {
    const customer = await factories.customer();
    const token = jwt(HS256, { sub: String(customer.user.id), role: 'customer', exp: now() + 60 }, { secret: SECRET });
    expect((await app.http.get('/api/auth/me', { token })).status).toBe(200);
  });

  it('401: missing or malformed Authorization header, garbage tokens', async () => {
    await expectUnauthorized(app, undefined);
    for (const header of ['', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Token abc', 'Bearer a b']) await expectUnauthorized(app, undefined, header);
    for (const token of ['garbage', 'a.b.c', 'e30.e30.', '....', 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x', `${'x'.repeat(5000)}.y.z`]) await expectUnauthorized(app, token);
  });

  it('401: expired, not yet valid, or without exp', async () => {
    const customer = await factories.customer();
    const sub = String(customer.user.id);
    await expectUnauthorized(app, jwt(HS256, { sub, role: 'customer', exp: now() - 5 }, { secret: SECRET }));
    await expectUnauthorized(app, jwt(HS256, { sub, role: 'customer', exp: now() + 60, nbf: now() + 30 }, { secret: SECRET }));
    await expectUnauthorized(app, jwt(HS256, { sub, role: 'customer' }, { secret: SECRET }));
    await expectUnauthorized(app, jwt(HS256, { sub, role: 'customer', exp: String(now() + 60) }, { secret: SECRET }));
  });

  it('401: tampered payload or signature, another secret, alg none', async () => {
    const customer = await factories.customer();
    const [header, payload, signature] = customer.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    await expectUnauthorized(app, `${header}.${forged}.${signature}`);
    await expectUnauthorized(app, `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`);
    await expectUnauthorized(app, `${header}.${payload}.`);
    await expectUnauthorized(app, jwt(HS256, claims, { secret: 'another-secret-0123456789' }));
    await expectUnauthorized(app, jwt({ alg: 'none', typ: 'JWT' }, claims));
    await expectUnauthorized(app, jwt({ alg: 'None' }, claims));
    await expectUnauthorized(app, jwt({ alg: 'HS512' }, claims, { secret: SECRET }));
  });

  it('401: an RS256 token when no JWT_PUBLIC_KEY is configured', async () => {
    const customer = await factories.customer();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectUnauthorized(app, jwt(RS256, { sub: String(customer.user.id), role: 'customer', exp: now() + 60 }, { privateKey }));
  });

  it('401: unknown or deleted user, a role that disagrees with the stored one, malformed claims', async () => {
    const customer = await factories.customer();
    const sign = (claims: object) => jwt(HS256, { exp: now() + 60, ...claims }, { secret: SECRET });
    await expectUnauthorized(app, sign({ sub: '2147483000', role: 'customer' }));
    for (const sub of ['0', '-1', '1.5', 'abc', '99999999999', '']) await expectUnauthorized(app, sign({ sub, role: 'customer' }));
    await expectUnauthorized(app, sign({ role: 'customer' }));
    await expectUnauthorized(app, sign({ sub: String(customer.user.id), role: 'admin' }));
    await expectUnauthorized(app, sign({ sub: String(customer.user.id), role: 'agent' }));
    await expectUnauthorized(app, sign({ sub: String(customer.user.id), role: 'superuser' }));
    await expectUnauthorized(app, sign({ sub: String(customer.user.id) }));
    await expectUnauthorized(app, sign({ sub: String(customer.user.id), role: 'customer', permissions: 'view_support_ticket' }));

    const doomed = await factories.customer();
    expect((await app.http.get('/api/auth/me', { token: doomed.token })).status).toBe(200);
    await app.running.app.get(DataSource).query('DELETE FROM users WHERE id = $1', [doomed.user.id]);
    await expectUnauthorized(app, doomed.token);

    const demoted = await factories.admin();
    await app.running.app.get(DataSource).query("UPDATE users SET role = 'customer' WHERE id = $1", [demoted.user.id]);
    await expectUnauthorized(app, demoted.token);
  });

  it('a permissions claim is the exact permission set (never more than the role has)', async () => {
    const customer = await factories.customer();
    const customerToken = (permissions: unknown) => jwt(HS256, { sub: String(customer.user.id), role: 'customer', permissions, exp: now() + 60 }, { secret: SECRET });
    const me = async (permissions: unknown) => (await app.http.get('/api/auth/me', { token: customerToken(permissions) })).body.permissions;
    expect(await me(['view_support_ticket', 'track_support_ticket'])).toEqual(['track_support_ticket', 'view_support_ticket']);
    expect(await me(['approve_agent', 'view_support_ticket', 'some_other_service_permission'])).toEqual(['view_support_ticket']);
    expect(await me([])).toEqual([]);

    const admin = await factories.admin();
    const adminToken = (permissions: string[]) => jwt(HS256, { sub: String(admin.user.id), role: 'admin', permissions, exp: now() + 60 }, { secret: SECRET });
    const agent = await factories.unapprovedAgent();
    const booking = { customerId: (await factories.pushedCustomer()).user.mmCustomerId, bookingNumber: 'B-1', status: 'confirmed' };

    const approver = adminToken(['approve_agent']);
    const integrationRefused = await app.http.put('/api/integrations/bookings/1999999901', booking, { token: approver });
    expect(integrationRefused.status).toBe(403);
    expect(integrationRefused.body).toEqual({ error: 'Permission denied' });
    expect((await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token: approver })).status).toBe(200);

    const syncer = adminToken(['manage_reference_data']);
    expect((await app.http.put('/api/integrations/bookings/1999999902', booking, { token: syncer })).status).toBe(200);
    const approveRefused = await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token: syncer });
    expect(approveRefused.status).toBe(403);
    expect(approveRefused.body).toEqual({ error: 'You do not have permission to perform this action.' });
  });

  it('service tokens may call only the integration API', async () => {
    const service = factories.serviceToken('munch');
    const customer = await factories.pushedCustomer();
    expect((await app.http.put('/api/integrations/bookings/1999999903', { customerId: customer.user.mmCustomerId, bookingNumber: 'B-3', status: 'confirmed' }, { token: service })).status).toBe(200);
    expect((await app.http.get('/api/auth/me', { token: service })).status).toBe(403);
    expect((await app.http.post('/api/admin/approve-agent/1/', undefined, { token: service })).status).toBe(403);
    expect((await app.http.get('/api/agent/tickets/', { token: service })).status).toBe(403);
    // the guard refuses every other route by role; test/route-access.e2e-spec.ts checks no other route lists `service`
  });
});

describe('tokens: RS256 of the MM identity service (JWT_PUBLIC_KEY), issuer and audience configured', () => {
  const identity = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = identity.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const ISSUER = 'https://identity.mm.test';
  const AUDIENCE = 'mm-support';
  let app: TestApp;
  let factories: Factories;

  beforeAll(async () => {
    app = await startTestApp({ JWT_PUBLIC_KEY: publicKeyPem.replace(/\n/g, '\\n'), JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    factories = new Factories(app);
  });
  afterAll(() => app.close());

  const claims = (sub: number, extra: object = {}) => ({ sub: String(sub), role: 'customer', exp: now() + 60, iss: ISSUER, aud: AUDIENCE, ...extra });

  it('accepts an RS256 token signed by the identity service, naming the customer by their MM customer id', async () => {
    const customer = await factories.pushedCustomer();
    const res = await app.http.get('/api/auth/me', { token: jwt(RS256, claims(customer.user.mmCustomerId!), { privateKey: identity.privateKey }) });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(customer.user.id);
  });

  it('401: an identity token whose MM customer id is only one of our own ids (a customer registered here)', async () => {
    const registered = await factories.customer();
    await expectUnauthorized(app, jwt(RS256, claims(registered.user.id), { privateKey: identity.privateKey }));
  });

  it('accepts its own HS256 tokens, which carry the issuer and audience', async () => {
    const person = await factories.customer();
    const login = await app.http.post('/api/auth/login', { email: person.user.email, password: person.password });
    const payload = JSON.parse(Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ iss: ISSUER, aud: AUDIENCE });
    expect((await app.http.get('/api/auth/me', { token: login.body.accessToken })).status).toBe(200);
  });

  it('401: RS256 signed by another key, HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const customer = await factories.customer();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectUnauthorized(app, jwt(RS256, claims(customer.user.id), { privateKey: stranger.privateKey }));
    await expectUnauthorized(app, jwt(HS256, claims(customer.user.id), { secret: publicKeyPem }));
    await expectUnauthorized(app, jwt(HS256, claims(customer.user.id), { secret: Buffer.from(publicKeyPem) }));
    await expectUnauthorized(app, jwt({ alg: 'none' }, claims(customer.user.id)));
  });

  it('401: wrong or missing issuer or audience, expired, no exp', async () => {
    const customer = await factories.pushedCustomer();
    const sign = (extra: object) => jwt(RS256, claims(customer.user.mmCustomerId!, extra), { privateKey: identity.privateKey });
    await expectUnauthorized(app, sign({ iss: 'https://evil.test' }));
    await expectUnauthorized(app, sign({ iss: undefined }));
    await expectUnauthorized(app, sign({ aud: 'another-service' }));
    await expectUnauthorized(app, sign({ aud: undefined }));
    await expectUnauthorized(app, sign({ exp: now() - 1 }));
    await expectUnauthorized(app, sign({ exp: undefined }));
    await expectUnauthorized(app, jwt(HS256, claims(customer.user.id, { iss: 'https://evil.test' }), { secret: SECRET }));
  });
});
