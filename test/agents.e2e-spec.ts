import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { User } from '@mm/auth';
import { Factories } from './support/factories';
import { useTestApp } from './support/harness';

const email = (label = 'agent') => `${label}-${randomBytes(5).toString('hex')}@example.test`;
const PASSWORD = 'securepass123';

describe('console: agent registration and approval (seed 004)', () => {
  const { app, factories } = useTestApp();
  let admin: Awaited<ReturnType<Factories['admin']>>;

  const stored = (id: number) => app.running.app.get(DataSource).getRepository(User).findOneByOrFail({ id });

  beforeAll(async () => {
    admin = await factories.admin();
  });

  describe('POST /api/support/register-agent/', () => {
    it('registers an unapproved agent: 201 with the documented body, contact_number stored as phone', async () => {
      const address = email();
      const res = await app.http.post('/api/support/register-agent/', { email: address, password: PASSWORD, name: 'John Agent', contact_number: '+91 98765 43210' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        message: 'Registration successful. Waiting for admin approval.',
        user: { id: expect.stringMatching(/^\d+$/), email: address, name: 'John Agent', role: 'support_agent' },
      });
      const agent = await stored(Number(res.body.user.id));
      expect(agent).toMatchObject({ role: 'agent', phone: '+91 98765 43210', approvedAt: null });

      const login = await app.http.post('/api/auth/login', { email: address, password: PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe('agent');
      const me = await app.http.get('/api/auth/me', { token: login.body.accessToken });
      expect(me.body).toMatchObject({ role: 'agent', approved: false, approvedAt: null });
    });

    it('answers the path without the trailing slash too, and contact_number is optional', async () => {
      const res = await app.http.post('/api/support/register-agent', { email: email(), password: PASSWORD, name: 'No Slash' });
      expect(res.status).toBe(201);
      expect((await stored(Number(res.body.user.id))).phone).toBeNull();
    });

    it('refuses an email that already exists (any letter case, any role) with 400 {"email": [...]}', async () => {
      const address = email('taken');
      expect((await app.http.post('/api/support/register-agent/', { email: address, password: PASSWORD, name: 'First' })).status).toBe(201);
      const customer = await factories.customer();
      for (const taken of [address.toUpperCase(), customer.user.email]) {
        const res = await app.http.post('/api/support/register-agent/', { email: taken, password: PASSWORD, name: 'Again' });
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ email: ['A user with this email already exists.'] });
      }
    });

    it('validates in the console format: 400 {"field": ["message"]}', async () => {
      const missing = await app.http.post('/api/support/register-agent/', {});
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ email: ['This field is required.'], password: ['This field is required.'], name: ['This field is required.'] });

      const bad = await app.http.post('/api/support/register-agent/', { email: 'nope', password: 'short', name: '  ', contact_number: 'call me', role: 'admin' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        email: ['Enter a valid email address.'],
        password: ['Ensure this field has at least 8 characters.'],
        name: ['This field may not be blank.'],
        contact_number: ['Enter a valid phone number.'],
        role: ['This field is not allowed.'],
      });
    });
  });

  describe('POST /api/admin/approve-agent/{agent_id}/', () => {
    it('approves: 200 {"message":"Agent approved successfully"}; the agent then works, before that 403', async () => {
      const agent = await factories.unapprovedAgent();
      const waiting = await app.http.get('/api/agent/tickets/', { token: agent.token });
      expect(waiting.status).toBe(403);
      expect(waiting.body).toEqual({ error: 'Your agent account is awaiting admin approval' });

      const res = await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Agent approved successfully' });
      expect((await stored(agent.user.id)).approvedAt).toBeInstanceOf(Date);

      expect((await app.http.get('/api/agent/tickets/', { token: agent.token })).status).toBe(200);
      const me = await app.http.get('/api/auth/me', { token: agent.token });
      expect(me.body).toMatchObject({ approved: true, approvedAt: expect.any(String) });
    });

    it('is idempotent and answers without the trailing slash too', async () => {
      const agent = await factories.unapprovedAgent();
      expect((await app.http.post(`/api/admin/approve-agent/${agent.user.id}`, undefined, { token: admin.token })).status).toBe(200);
      const first = (await stored(agent.user.id)).approvedAt;
      const again = await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token: admin.token });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ message: 'Agent approved successfully' });
      expect((await stored(agent.user.id)).approvedAt).toEqual(first);
    });

    it('answers 404 {"error":"Agent not found"} for an unknown id, a non-agent and a malformed id', async () => {
      const customer = await factories.customer();
      for (const id of ['999999999', String(customer.user.id), String(admin.user.id), 'abc', '0', '99999999999']) {
        const res = await app.http.post(`/api/admin/approve-agent/${id}/`, undefined, { token: admin.token });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'Agent not found' });
      }
      expect((await stored(customer.user.id)).approvedAt).toBeNull();
    });

    it('is for admins only: 401 without a token, 403 for customers, agents and services', async () => {
      const agent = await factories.unapprovedAgent();
      const none = await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`);
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: 'Authentication credentials were not provided or are invalid' });
      for (const token of [(await factories.customer()).token, (await factories.agent()).token, agent.token, factories.serviceToken()]) {
        const res = await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: expect.any(String) });
      }
      expect((await stored(agent.user.id)).approvedAt).toBeNull();
    });
  });

  describe('GET /api/admin/agents/', () => {
    const list = (query: string, token = admin.token) => app.http.get(`/api/admin/agents/${query}`, { token });
    const ids = (res: { body: { agents: { id: string }[] } }) => res.body.agents.map((a) => a.id);

    it('lists agents newest first, pending or approved, in the console format', async () => {
      const waiting = await factories.unapprovedAgent({ name: 'Wanda Waiting' });
      const approved = await factories.agent({ name: 'Andy Approved' });
      const customer = await factories.customer();

      // Other suites create agents at the same time: find ours by id, check the order relative to each other.
      const find = (res: { body: { agents: { id: string }[] } }, id: number) => res.body.agents.find((a) => a.id === String(id));
      const pending = await list('?status=pending&page_size=100');
      expect(pending.status).toBe(200);
      expect(find(pending, waiting.user.id)).toEqual({
        id: String(waiting.user.id),
        email: waiting.user.email,
        name: 'Wanda Waiting',
        role: 'support_agent',
        approved: false,
        approved_at: null,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      });
      expect(pending.body.agents.every((a: { approved: boolean }) => !a.approved)).toBe(true);
      expect(find(pending, approved.user.id)).toBeUndefined();

      const active = await list('?status=Approved&page_size=100');
      expect(active.status).toBe(200);
      expect(find(active, approved.user.id)).toMatchObject({ name: 'Andy Approved', approved: true, approved_at: expect.stringMatching(/Z$/) });
      expect(active.body.agents.every((a: { approved: boolean }) => a.approved)).toBe(true);
      expect(find(active, waiting.user.id)).toBeUndefined();

      const all = await list('?page_size=100');
      expect(ids(all).indexOf(String(approved.user.id))).toBeLessThan(ids(all).indexOf(String(waiting.user.id)));
      expect(ids(all)).toContain(String(waiting.user.id));
      for (const notAgent of [customer.user.id, admin.user.id]) expect(find(all, notAgent)).toBeUndefined();
      const numbers = ids(all).map(Number);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
      expect(JSON.stringify(all.body)).not.toMatch(/password|hash/i);
    });

    it('follows an approval: the agent moves from pending to approved', async () => {
      const agent = await factories.unapprovedAgent();
      expect(ids(await list('?status=pending&page_size=100'))).toContain(String(agent.user.id));
      await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token: admin.token });
      expect(ids(await list('?status=pending&page_size=100'))).not.toContain(String(agent.user.id));
      expect(ids(await list('?status=approved&page_size=100'))).toContain(String(agent.user.id));
    });

    it('is bounded by page_size (at most 100) with a Link header to the next page', async () => {
      for (let i = 0; i < 3; i++) await factories.unapprovedAgent();
      const page1 = await list('?status=pending&page_size=2');
      expect(page1.status).toBe(200);
      expect(page1.body.agents).toHaveLength(2);
      expect(page1.headers.get('link')).toBe(`<${app.url}/api/admin/agents/?status=pending&page_size=2&page=2>; rel="next"`);
      const page2 = await list('?status=pending&page_size=2&page=2');
      expect(page2.body.agents.length).toBeGreaterThan(0);
      const [first, second, third] = [...ids(page1), ids(page2)[0]].map(Number);
      expect(first).toBeGreaterThan(second);
      expect(second).toBeGreaterThanOrEqual(third); // equal only if an agent registered between the two reads
      const beyond = await list('?status=pending&page=100000');
      expect([beyond.status, beyond.body, beyond.headers.get('link')]).toEqual([200, { agents: [] }, null]);

      const defaults = await list('');
      expect(defaults.body.agents.length).toBeLessThanOrEqual(50);
      for (const [query, body] of [
        ['?page_size=1000', { page_size: ['Ensure this value is less than or equal to 100.'] }],
        ['?page_size=0', { page_size: ['Ensure this value is greater than or equal to 1.'] }],
        ['?status=active', { status: ['"active" is not a valid choice.'] }],
      ] as const) {
        const res = await list(query);
        expect([res.status, res.body]).toEqual([400, body]);
      }
    });

    it('is for admins only: 401 without a token, 403 for agents, unapproved agents, customers and services', async () => {
      const none = await app.http.get('/api/admin/agents/');
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: 'Authentication credentials were not provided or are invalid' });
      for (const token of [(await factories.agent()).token, (await factories.unapprovedAgent()).token, (await factories.customer()).token, factories.serviceToken()]) {
        const res = await list('?status=pending', token);
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: expect.any(String) });
        expect(res.body).not.toHaveProperty('agents');
      }
    });
  });

  it('refuses a customer on staff routes with 403', async () => {
    const customer = await factories.customer();
    for (const path of ['/api/agent/tickets/', '/api/admin/support/tickets/', '/api/admin/agents/']) {
      const res = await app.http.get(path, { token: customer.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'You do not have permission to perform this action.' });
    }
  });
});
