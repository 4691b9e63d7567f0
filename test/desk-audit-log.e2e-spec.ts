import { DataSource } from 'typeorm';
import { recordAudit, Transactions } from '@mm/core';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/** `GET /api/desk/audit-log` (SPEC section 7): every configuration change, who, when, what, before, after, in the change's transaction. */
describe('desk API: audit log', () => {
  const { app, factories } = useTestApp();
  let admin: Person;

  const db = () => app.running.app.get(DataSource);
  const auditLog = (query = '', token = admin.token) => app.http.get(`/api/desk/audit-log${query}`, { token });
  const entriesAbout = async (entityType: string, entityId: number) =>
    (await auditLog('?limit=100')).body.data.filter((e: { entityType: string; entityId: string }) => e.entityType === entityType && e.entityId === String(entityId));

  beforeAll(async () => {
    admin = await factories.admin();
  });

  it('records FAQ creation, change and removal with who, when, before and after; newest first', async () => {
    const created = await app.http.post('/api/admin/faq/', { question: 'Where is my parcel?', answer: 'On its way.', category: 'Late' }, { token: admin.token });
    expect(created.status).toBe(201);
    const id = Number(created.body.faq.id);
    expect((await app.http.put(`/api/admin/faq/${id}/`, { question: 'Where is my parcel?', answer: 'Delivered today.', category: 'Late' }, { token: admin.token })).status).toBe(200);
    expect([200, 204]).toContain((await app.http.delete(`/api/admin/faq/${id}/`, { token: admin.token })).status);

    const entries = await entriesAbout('faq', id);
    const actor = { id: admin.user.id, role: 'admin', name: admin.user.name };
    const faq = (answer: string) => ({ id, question: 'Where is my parcel?', answer, category: 'late' });
    expect(entries).toEqual([
      { id: expect.any(Number), actor, action: 'faq.deleted', entityType: 'faq', entityId: String(id), before: faq('Delivered today.'), after: null, createdAt: expect.any(String) },
      { id: expect.any(Number), actor, action: 'faq.updated', entityType: 'faq', entityId: String(id), before: faq('On its way.'), after: faq('Delivered today.'), createdAt: expect.any(String) },
      { id: expect.any(Number), actor, action: 'faq.created', entityType: 'faq', entityId: String(id), before: null, after: faq('On its way.'), createdAt: expect.any(String) },
    ]);
    expect(Date.now() - Date.parse(entries[0].createdAt)).toBeLessThan(60_000);
  });

  it('records an agent approval once: approving again changes nothing and records nothing', async () => {
    const agent = await factories.unapprovedAgent();
    for (let i = 0; i < 2; i++) expect((await app.http.post(`/api/admin/approve-agent/${agent.user.id}/`, undefined, { token: admin.token })).status).toBe(200);
    const entries = await entriesAbout('agent', agent.user.id);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'agent.approved',
        actor: { id: admin.user.id, role: 'admin', name: admin.user.name },
        before: expect.objectContaining({ id: agent.user.id, approvedAt: null }),
        after: expect.objectContaining({ id: agent.user.id, approvedAt: expect.any(String) }),
      }),
    ]);
  });

  it('records rejecting and deactivating an agent once each', async () => {
    const [waiting, working] = await Promise.all([factories.unapprovedAgent(), factories.agent()]);
    for (let i = 0; i < 2; i++) {
      expect((await app.http.post(`/api/admin/reject-agent/${waiting.user.id}/`, undefined, { token: admin.token })).status).toBe(200);
      expect((await app.http.post(`/api/admin/deactivate-agent/${working.user.id}/`, undefined, { token: admin.token })).status).toBe(200);
    }
    const deactivated = (id: number) => ({
      before: expect.objectContaining({ id, deactivatedAt: null }),
      after: expect.objectContaining({ id, deactivatedAt: expect.any(String) }),
    });
    expect(await entriesAbout('agent', waiting.user.id)).toEqual([expect.objectContaining({ action: 'agent.rejected', ...deactivated(waiting.user.id) })]);
    expect(await entriesAbout('agent', working.user.id)).toEqual([expect.objectContaining({ action: 'agent.deactivated', ...deactivated(working.user.id) })]);
  });

  it('records nothing when the change fails: the entry is in the change\'s transaction', async () => {
    const before = (await auditLog('?limit=1')).body.data[0]?.id ?? 0;
    expect((await app.http.put('/api/admin/faq/2147483647/', { question: 'Q?', answer: 'A.', category: 'Late' }, { token: admin.token })).status).toBe(404);
    await expect(
      app.running.app.get(Transactions).run(async (manager) => {
        await recordAudit(manager, null, { action: 'test.rolled_back', entityType: 'test', entityId: 1, before: null, after: { x: 1 } });
        throw new Error('the change fails after recording');
      }),
    ).rejects.toThrow('the change fails after recording');
    expect((await auditLog('?limit=1')).body.data[0]?.id ?? 0).toBe(before);
    expect(await db().query(`SELECT 1 FROM audit_log WHERE action = 'test.rolled_back'`)).toEqual([]);
    await expect(recordAudit(db().manager, null, { action: 'x', entityType: 'x', entityId: null, before: null, after: null })).rejects.toThrow(/transaction/);
  });

  it('pages with cursors, newest first, none repeated', async () => {
    for (let i = 0; i < 5; i++) await app.http.post('/api/admin/faq/', { question: `Q${i}?`, answer: 'A.', category: 'Other' }, { token: admin.token });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await auditLog(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((e: { id: number }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(await auditLog('?cursor=bogus')).toMatchObject({ status: 400, body: { error: 'Validation failed', errors: { cursor: [expect.any(String)] } } });
    expect(await auditLog('?limit=500')).toMatchObject({ status: 400, body: { errors: { limit: [expect.any(String)] } } });
    expect(await auditLog('?action=faq')).toMatchObject({ status: 400, body: { errors: { action: [expect.any(String)] } } });
  });

  it('is for admins only: agents, unapproved agents, customers and service tokens 403, anonymous 401', async () => {
    const [agent, unapproved, customer] = await Promise.all([factories.agent(), factories.unapprovedAgent(), factories.customer()]);
    for (const token of [agent.token, unapproved.token, customer.token, factories.serviceToken('munch')]) {
      expect(await auditLog('', token)).toMatchObject({ status: 403, body: { error: expect.any(String) } });
    }
    expect(await app.http.get('/api/desk/audit-log')).toMatchObject({ status: 401, body: { error: expect.any(String) } });
  });
});
