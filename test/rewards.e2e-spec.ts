import { Person } from './support/factories';
import { useTestApp } from './support/harness';

const REWARDS = '/api/customer/rewards';

describe('rewards: GET /api/customer/rewards', () => {
  const { app, factories, tickets } = useTestApp();
  let admin: Person;

  beforeAll(async () => {
    admin = await factories.admin();
  });

  /** Create (10 + 0.20), escalate (10 + 0.20), resolve and close (5): 25 points, 0.40 credit. */
  async function earnEverything(customer: Person): Promise<number> {
    const ride = await factories.ride(customer.user.id);
    const created = await app.http.post('/api/customer/mtxi/support', { serviceType: 'ride', issueType: 'OTHER', description: 'Lost my umbrella', rideId: ride.id }, { token: customer.token });
    const ticketId = created.body.data.ticketId;
    await app.http.post('/api/customer/mtxi/support/escalate', { ticketId }, { token: customer.token });
    await tickets.resolve(ticketId, admin);
    await app.http.post('/api/customer/mtxi/support/close', { ticketId }, { token: customer.token });
    return ticketId;
  }

  it('starts empty', async () => {
    const customer = await factories.customer();
    const res = await app.http.get(REWARDS, { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ customerId: customer.user.id, points: 0, creditMinor: 0, credit: '0.00', currency: 'USD', entries: [], page: 1, perPage: 20, total: 0 });
  });

  it('shows points, credit balance and the ledger newest first; never another customer’s', async () => {
    const [customer, other] = [await factories.customer(), await factories.customer()];
    const ticketId = await earnEverything(customer);
    await earnEverything(other);
    const res = await app.http.get(REWARDS, { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ customerId: customer.user.id, points: 25, creditMinor: 40, credit: '0.40', currency: 'USD', total: 3 });
    expect(res.body.entries).toEqual([
      { id: expect.any(Number), action: 'ticket_closure', reason: 'ticket_closed', ticketId, points: 5, creditMinor: 0, credit: '0.00', createdAt: expect.any(String) },
      { id: expect.any(Number), action: 'support_interaction', reason: 'ticket_escalated', ticketId, points: 10, creditMinor: 20, credit: '0.20', createdAt: expect.any(String) },
      { id: expect.any(Number), action: 'support_interaction', reason: 'ticket_created', ticketId, points: 10, creditMinor: 20, credit: '0.20', createdAt: expect.any(String) },
    ]);
  });

  it('paginates the ledger with page and per_page', async () => {
    const customer = await factories.customer();
    await earnEverything(customer);
    const res = await app.http.get(`${REWARDS}?page=2&per_page=2`, { token: customer.token });
    expect(res.body).toMatchObject({ points: 25, page: 2, perPage: 2, total: 3 });
    expect(res.body.entries.map((e: { reason: string }) => e.reason)).toEqual(['ticket_created']);
  });

  it('bounds and validates the query: 400 in the default format', async () => {
    const customer = await factories.customer();
    for (const query of ['per_page=101', 'per_page=0', 'page=0', 'page=abc', 'sort=points']) {
      const res = await app.http.get(`${REWARDS}?${query}`, { token: customer.token });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'Validation failed', errors: expect.any(Object) });
    }
  });

  it('is 401 without a token and 403 for staff or without view_rewards', async () => {
    expect((await app.http.get(REWARDS)).status).toBe(401);
    const customer = await factories.customer();
    for (const token of [admin.token, (await factories.agent()).token, tickets.tokenWith(customer, ['create_support_ticket'])]) {
      expect((await app.http.get(REWARDS, { token })).status).toBe(403);
    }
  });
});
