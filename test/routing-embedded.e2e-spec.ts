import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess } from './support/service-process';

/** Routing on the embedded default (PGlite, one connection): the job queue, the advisory lock and the ordinary assignment. */
describe('routing on the embedded default database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-routing-'));
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, SEED_DEMO: 'false', ADMIN_EMAIL: 'admin@routing.test', ADMIN_PASSWORD: 'Routing-admin-1' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives a new ticket to the online agent', async () => {
    const service = await startServiceProcess(env);
    try {
      const token = async (email: string, password: string) => (await service.http.post('/api/auth/login', { email, password })).body.accessToken as string;
      const admin = await token(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
      const registered = await service.http.post('/api/support/register-agent/', { email: 'agent@routing.test', password: 'securepass123', name: 'Routed Agent', contact_number: '+33 1 23 45 67 89' });
      expect(registered.status).toBe(201);
      const agentId = Number(registered.body.user.id);
      expect((await service.http.post(`/api/admin/approve-agent/${agentId}/`, {}, { token: admin })).status).toBe(200);
      const agent = await token('agent@routing.test', 'securepass123');
      const customer = (await service.http.post('/api/auth/register', { email: 'jane@routing.test', password: 'correct horse battery', name: 'Jane' })).body.accessToken as string;

      expect((await service.http.put('/api/desk/routing', { mode: 'round_robin' }, { token: admin })).status).toBe(200);
      expect((await service.http.put('/api/desk/me/availability', { status: 'online' }, { token: agent })).status).toBe(200);
      const created = await service.http.post('/api/support-tickets', { subject: 'Booking', description: 'My booking vanished', category: 'order' }, { token: customer });
      expect(created.status).toBe(201);

      let assignedTo: unknown = null;
      for (let i = 0; i < 100 && assignedTo === null; i++) {
        assignedTo = (await service.http.get(`/api/desk/tickets/${created.body.data.id}`, { token: admin })).body.assignee?.id ?? null;
        if (assignedTo === null) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(assignedTo).toBe(agentId);
      expect((await service.http.get('/api/desk/agents', { token: admin })).body.data).toEqual([expect.objectContaining({ id: agentId, status: 'online', activeTickets: 1 })]);
    } finally {
      expect(await service.stop()).toBe(0);
    }
  }, 120_000);
});
