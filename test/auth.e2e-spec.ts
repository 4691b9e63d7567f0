import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { User } from '@mm/auth';
import { useTestApp } from './support/harness';

const email = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@Example.test`;
const PASSWORD = 'correct horse battery';

describe('auth: register, login, me', () => {
  const { app, factories } = useTestApp();

  describe('POST /api/auth/register', () => {
    it('creates a customer and answers 201 with a bearer token and the user', async () => {
      const address = email('new');
      const res = await app.http.post('/api/auth/register', { email: address, password: PASSWORD, name: ' Jane Doe ', phone: '+1 555 0100', locale: 'fr' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: 'Bearer',
        expiresIn: 3600,
        user: { id: expect.any(Number), email: address.toLowerCase(), name: 'Jane Doe', role: 'customer' },
      });
      expect(res.text).not.toContain(PASSWORD);

      const me = await app.http.get('/api/auth/me', { token: res.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: res.body.user.id, role: 'customer', phone: '+1 555 0100', locale: 'fr', approved: true });

      const stored = await app.running.app.get(DataSource).getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where({ id: res.body.user.id }).getOneOrFail();
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    });

    it('defaults the locale to en', async () => {
      const res = await app.http.post('/api/auth/register', { email: email(), password: PASSWORD, name: 'No Locale' });
      expect(res.status).toBe(201);
      const me = await app.http.get('/api/auth/me', { token: res.body.accessToken });
      expect(me.body.locale).toBe('en');
    });

    it('refuses an email that exists in any letter case with 400 on the email field', async () => {
      const address = email('dup');
      expect((await app.http.post('/api/auth/register', { email: address, password: PASSWORD, name: 'First' })).status).toBe(201);
      const res = await app.http.post('/api/auth/register', { email: address.toUpperCase(), password: PASSWORD, name: 'Second' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'Validation failed', errors: { email: ['A user with this email already exists.'] } });
    });

    it('validates every field and names it', async () => {
      const res = await app.http.post('/api/auth/register', { email: 'not-an-email', password: 'short', name: '', phone: 'call me', locale: 'de' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('Validation failed');
      expect(Object.keys(res.body.errors).sort()).toEqual(['email', 'locale', 'name', 'password', 'phone']);
      expect(res.body.errors.locale).toEqual(['locale must be one of: en, fr, es']);
      expect(res.body.errors.password).toEqual(['password must be longer than or equal to 8 characters']);
    });

    it('refuses missing fields, unknown fields and non-JSON bodies without a 500', async () => {
      const missing = await app.http.post('/api/auth/register', {});
      expect(missing.status).toBe(400);
      expect(Object.keys(missing.body.errors).sort()).toEqual(['email', 'name', 'password']);
      const extra = await app.http.post('/api/auth/register', { email: email(), password: PASSWORD, name: 'X', role: 'admin' });
      expect(extra.status).toBe(400);
      expect(extra.body.errors).toEqual({ role: ['property role should not exist'] });
      const garbage = await app.http.post('/api/auth/register', undefined, { raw: '{"email":' });
      expect(garbage.status).toBe(400);
    });

    it('only ever creates customers', async () => {
      const res = await app.http.post('/api/auth/register', { email: email(), password: PASSWORD, name: 'Wannabe', role: 'admin' });
      expect(res.status).toBe(400);
    });
  });

  describe('POST /api/auth/login', () => {
    it('answers 200 with the same shape as register, for any letter case of the email', async () => {
      const person = await factories.customer();
      const res = await app.http.post('/api/auth/login', { email: person.user.email.toUpperCase(), password: person.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 3600,
        user: { id: person.user.id, email: person.user.email, name: person.user.name, role: 'customer' },
      });
      expect((await app.http.get('/api/auth/me', { token: res.body.accessToken })).status).toBe(200);
    });

    it('answers 401 {"error":"Invalid credentials"} for a wrong password and an unknown email alike', async () => {
      const person = await factories.customer();
      const wrong = await app.http.post('/api/auth/login', { email: person.user.email, password: 'not the password' });
      const unknown = await app.http.post('/api/auth/login', { email: email('nobody'), password: 'not the password' });
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: 'Invalid credentials' });
      }
    });

    it('refuses an account without a password (pushed by another MM service)', async () => {
      const person = await factories.customer({ passwordHash: null });
      const res = await app.http.post('/api/auth/login', { email: person.user.email, password: '' + person.password });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'Invalid credentials' });
    });

    it('lets agents and admins log in with their stored role', async () => {
      for (const person of [await factories.agent(), await factories.unapprovedAgent(), await factories.admin()]) {
        const res = await app.http.post('/api/auth/login', { email: person.user.email, password: person.password });
        expect(res.status).toBe(200);
        expect(res.body.user.role).toBe(person.user.role);
      }
    });

    it('validates the body', async () => {
      const res = await app.http.post('/api/auth/login', { email: 42 });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['email', 'password']);
    });
  });

  describe('GET /api/auth/me', () => {
    it('shows an unapproved agent its approval state (no 403 here)', async () => {
      const agent = await factories.unapprovedAgent();
      const res = await app.http.get('/api/auth/me', { token: agent.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: agent.user.id,
        email: agent.user.email,
        name: agent.user.name,
        role: 'agent',
        phone: null,
        locale: 'en',
        approved: false,
        approvedAt: null,
        permissions: expect.arrayContaining(['manage_support_ticket']),
        createdAt: expect.any(String),
      });
    });

    it('shows an approved agent as approved, and never the password hash', async () => {
      const agent = await factories.agent();
      const res = await app.http.get('/api/auth/me', { token: agent.token });
      expect(res.body.approved).toBe(true);
      expect(res.body.approvedAt).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toMatch(/argon|password/i);
    });

    it('is 401 without a token and 403 for a service token', async () => {
      const none = await app.http.get('/api/auth/me');
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: 'Unauthorized' });
      const service = await app.http.get('/api/auth/me', { token: factories.serviceToken() });
      expect(service.status).toBe(403);
    });
  });
});
