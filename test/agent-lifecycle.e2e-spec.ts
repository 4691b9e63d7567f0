import { DataSource } from 'typeorm';
import { User } from '@mm/auth';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/**
 * Beyond seed 004: admins reject agents awaiting approval and deactivate
 * approved ones. Their tokens stop working on the next request (HTTP and
 * socket), and a deactivated agent's open tickets return to the queue.
 * Approval reaches a waiting agent live. Its own database: this suite's
 * dispatcher delivers its events to its sockets.
 */
describe('console: rejecting and deactivating agents, approval live', () => {
  const { app, factories, tickets, desk, sockets } = useTestApp({ ownDatabase: true });
  let admin: Person;
  beforeAll(async () => {
    admin = await factories.admin();
  });

  const stored = (id: number) => app.running.app.get(DataSource).getRepository(User).findOneByOrFail({ id });
  const post = (path: string, who: Person | null = admin, body?: unknown) => app.http.post(path, body, who ? { token: who.token } : {});
  const reject = (id: number | string, who: Person | null = admin) => post(`/api/admin/reject-agent/${id}/`, who);
  const deactivate = (id: number | string, who: Person | null = admin) => post(`/api/admin/deactivate-agent/${id}/`, who);
  const agentIds = async (status: 'pending' | 'approved') =>
    (await app.http.get(`/api/admin/agents/?status=${status}`, { token: admin.token })).body.agents.map((a: { id: string }) => a.id);

  describe('POST /api/admin/deactivate-agent/{agent_id}/', () => {
    it('ends the agent’s access at once (HTTP, sign-in, socket) and returns their open tickets to the queue, recorded', async () => {
      const agent = await factories.agent();
      const colleague = await factories.agent();
      const customer = await factories.customer();
      const [inProgress, onHold, resolved] = [await desk.openTicket(customer), await desk.openTicket(customer), await desk.openTicket(customer)];
      for (const id of [inProgress, onHold, resolved]) expect((await post(`/api/support/tickets/${id}/assign-self/`, agent)).status).toBe(200);
      expect((await app.http.put(`/api/support/tickets/${onHold}/update-status/`, { status: 'On Hold' }, { token: agent.token })).status).toBe(200);
      await tickets.resolve(resolved, admin);
      const agentSocket = await sockets.connect(agent);
      const colleagueSocket = await sockets.connect(colleague);
      expect((await app.http.get('/api/agent/tickets/', { token: agent.token })).status).toBe(200);

      const res = await deactivate(agent.user.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Agent deactivated', returned_ticket_ids: [String(inProgress), String(onHold)] });

      // The very next request with the same token is refused; so is signing in and reconnecting.
      expect((await app.http.get('/api/agent/tickets/', { token: agent.token })).status).toBe(401);
      expect((await app.http.get('/api/auth/me', { token: agent.token })).status).toBe(401);
      expect((await app.http.post('/api/auth/login', { email: agent.user.email, password: agent.password })).status).toBe(401);
      await new Promise<void>((resolve) => (agentSocket.socket.disconnected ? resolve() : agentSocket.socket.once('disconnect', () => resolve())));
      expect((await sockets.refused(agent)).message).toBe('Unauthorized');

      // Open tickets are back in the queue (status kept); the resolved one keeps its agent.
      expect(await tickets.ticket(inProgress)).toMatchObject({ assigneeId: null, status: 'in_progress' });
      expect(await tickets.ticket(onHold)).toMatchObject({ assigneeId: null, status: 'on_hold' });
      expect(await tickets.ticket(resolved)).toMatchObject({ assigneeId: agent.user.id, status: 'resolved' });
      const history = await app.http.get(`/api/support/tickets/${inProgress}/`, { token: admin.token });
      expect(history.body.history[0]).toMatchObject({ type: 'assigned', from: String(agent.user.id), to: null, actor_id: String(admin.user.id), actor_role: 'admin' });
      // Staff hear it live: the ticket is in the queue again, so every approved agent sees it.
      const assigned = await colleagueSocket.next('support:ticket_assigned', (p) => p.ticketId === inProgress);
      expect(assigned).toMatchObject({ assigneeId: null, previousAssigneeId: agent.user.id, status: 'in_progress' });
      expect((await post(`/api/support/tickets/${inProgress}/assign-self/`, colleague)).status).toBe(200);

      expect(await agentIds('approved')).not.toContain(String(agent.user.id));
      expect((await stored(agent.user.id)).deactivatedAt).toBeInstanceOf(Date);
      // Again: 200, nothing more to return.
      expect((await deactivate(agent.user.id)).body).toEqual({ message: 'Agent deactivated', returned_ticket_ids: [] });
    });

    it('a deactivated agent can be neither approved nor given a ticket', async () => {
      const agent = await factories.agent();
      const ticketId = await desk.openTicket(await factories.customer());
      expect((await deactivate(agent.user.id)).status).toBe(200);
      const approve = await post(`/api/admin/approve-agent/${agent.user.id}/`);
      expect([approve.status, approve.body]).toEqual([404, { error: 'Agent not found' }]);
      const reassign = await post(`/api/support/tickets/${ticketId}/reassign/`, admin, { agent_id: String(agent.user.id) });
      expect([reassign.status, reassign.body]).toEqual([404, { error: 'Agent not found' }]);
      expect((await tickets.ticket(ticketId)).assigneeId).toBeNull();
    });

    it('racing an assignment to the same agent, never leaves an open ticket with a deactivated agent', async () => {
      for (let round = 0; round < 5; round++) {
        const agent = await factories.agent();
        const [queued, reassigned] = [await desk.openTicket(await factories.customer()), await desk.openTicket(await factories.customer())];
        const [deactivated, reassign, pickUp] = await Promise.all([
          deactivate(agent.user.id),
          post(`/api/support/tickets/${reassigned}/reassign/`, admin, { agent_id: String(agent.user.id) }),
          post(`/api/support/tickets/${queued}/assign-self/`, agent),
        ]);
        expect(deactivated.status).toBe(200);
        expect([200, 404]).toContain(reassign.status);
        expect([200, 401, 403]).toContain(pickUp.status);
        expect((await tickets.ticket(queued)).assigneeId).toBeNull();
        expect((await tickets.ticket(reassigned)).assigneeId).toBeNull();
        // Whatever won, what the agent held when the deactivation committed was returned, and said so.
        const returned = deactivated.body.returned_ticket_ids as string[];
        expect(returned.includes(String(reassigned))).toBe(reassign.status === 200);
        expect(returned.includes(String(queued))).toBe(pickUp.status === 200);
      }
    });

    it('is for admins only, and answers unknown agents in the console format, changing nothing', async () => {
      const agent = await factories.agent();
      const customer = await factories.customer();
      expect((await deactivate(agent.user.id, null)).status).toBe(401);
      for (const caller of [agent, customer, await factories.unapprovedAgent()]) {
        const res = await deactivate(agent.user.id, caller);
        expect(res.status).toBe(403);
      }
      for (const id of [999999999, customer.user.id, admin.user.id, 'abc', 0]) {
        const res = await deactivate(id);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'Agent not found' });
      }
      expect((await stored(agent.user.id)).deactivatedAt).toBeNull();
      expect((await app.http.get('/api/agent/tickets/', { token: agent.token })).status).toBe(200);
    });
  });

  describe('POST /api/admin/reject-agent/{agent_id}/', () => {
    it('closes an agent awaiting approval: off the waiting list, tokens 401, sign-in refused, the email stays taken', async () => {
      const waiting = await factories.unapprovedAgent();
      expect(await agentIds('pending')).toContain(String(waiting.user.id));
      const res = await reject(waiting.user.id);
      expect([res.status, res.body]).toEqual([200, { message: 'Agent rejected' }]);
      expect(await agentIds('pending')).not.toContain(String(waiting.user.id));
      expect((await app.http.get('/api/auth/me', { token: waiting.token })).status).toBe(401);
      expect((await app.http.post('/api/auth/login', { email: waiting.user.email, password: waiting.password })).status).toBe(401);
      const again = await app.http.post('/api/support/register-agent/', { email: waiting.user.email, password: 'securepass123', name: 'Again' });
      expect([again.status, again.body]).toEqual([400, { email: ['A user with this email already exists.'] }]);
      expect((await reject(waiting.user.id)).status).toBe(200); // idempotent
    });

    it('refuses an approved agent (deactivate them instead) and unknown ids, for admins only', async () => {
      const approved = await factories.agent();
      const res = await reject(approved.user.id);
      expect([res.status, res.body]).toEqual([404, { error: 'Agent is not awaiting approval' }]);
      expect((await stored(approved.user.id)).deactivatedAt).toBeNull();
      expect((await reject(999999999)).body).toEqual({ error: 'Agent not found' });
      const waiting = await factories.unapprovedAgent();
      expect((await reject(waiting.user.id, null)).status).toBe(401);
      expect((await reject(waiting.user.id, approved)).status).toBe(403);
      expect((await stored(waiting.user.id)).deactivatedAt).toBeNull();
    });
  });

  it('an agent waiting for approval hears it live (account:approved, to them alone)', async () => {
    const waiting = await factories.unapprovedAgent();
    const other = await factories.unapprovedAgent();
    const [socket, otherSocket] = [await sockets.connect(waiting), await sockets.connect(other)];
    expect((await post(`/api/admin/approve-agent/${waiting.user.id}/`)).status).toBe(200);
    expect(await socket.next('account:approved')).toEqual({ userId: waiting.user.id });
    expect(otherSocket.received('account:approved')).toEqual([]);
  });
});
