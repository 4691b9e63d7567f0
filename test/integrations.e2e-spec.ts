import { randomBytes, randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { useTestApp } from './support/harness';

const email = (label = 'pushed') => `${label}-${randomBytes(5).toString('hex')}@Example.test`;
/** Rides, orders and bookings have no sequence: any id far from the factories' ones. */
const refId = () => randomInt(1_000_000_000, 2_000_000_000);
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

describe('integration API (SPEC section 5)', () => {
  const { app, factories } = useTestApp();
  let service: string;
  let db: DataSource;

  /** An MM customer id: their own space, apart from our user ids. */
  async function freshCustomerId(): Promise<number> {
    return randomInt(1_000_000_000, 2_000_000_000);
  }

  async function pushCustomer(body: Record<string, unknown> = {}) {
    const id = await freshCustomerId();
    const res = await app.http.put(`/api/integrations/customers/${id}`, { name: 'Pushed Customer', email: email(), ...body }, { token: service });
    expect(res.status).toBe(200);
    return res.body as { id: number; email: string };
  }

  beforeAll(async () => {
    service = factories.serviceToken('munch');
    db = app.running.app.get(DataSource);
  });

  describe('PUT /api/integrations/customers/{id}', () => {
    it('creates the customer under the given MM id and answers 200 with the stored object', async () => {
      const id = await freshCustomerId();
      const address = email();
      const res = await app.http.put(`/api/integrations/customers/${id}`, { name: 'Alice Martin', email: address, phone: '+33 6 12 34 56 78', locale: 'fr' }, { token: service });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id, name: 'Alice Martin', email: address.toLowerCase(), phone: '+33 6 12 34 56 78', locale: 'fr', createdAt: ISO, updatedAt: ISO });
      const [row] = await db.query('SELECT role, password_hash FROM users WHERE mm_customer_id = $1', [id]);
      expect(row).toEqual({ role: 'customer', password_hash: null });
    });

    it('is idempotent: the same body again answers the same object, one row, nothing rewritten', async () => {
      const id = await freshCustomerId();
      const body = { name: 'Same Twice', email: email() };
      const first = await app.http.put(`/api/integrations/customers/${id}`, body, { token: service });
      const second = await app.http.put(`/api/integrations/customers/${id}`, body, { token: service });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(second.body.locale).toBe('en');
      const [{ count }] = await db.query('SELECT count(*)::int AS count FROM users WHERE lower(email) = lower($1)', [body.email]);
      expect(count).toBe(1);
    });

    it('replaces the customer on a changed body (optional fields left out become null)', async () => {
      const pushed = await pushCustomer({ phone: '+1 555 0100', locale: 'es' });
      const res = await app.http.put(`/api/integrations/customers/${pushed.id}`, { name: 'Renamed', email: pushed.email }, { token: service });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: pushed.id, name: 'Renamed', phone: null, locale: 'en' });
    });

    it('never moves users_id_seq, even for the largest id: registration keeps working', async () => {
      const [{ last_value: before }] = await db.query('SELECT last_value FROM users_id_seq');
      for (const id of [2_147_483_647, 2_147_483_646]) {
        const res = await app.http.put(`/api/integrations/customers/${id}`, { name: 'Far Away', email: email('far') }, { token: service });
        expect(res.status).toBe(200);
        expect(res.body.id).toBe(id);
      }
      const [{ last_value: after }] = await db.query('SELECT last_value FROM users_id_seq');
      expect(Number(after)).toBeLessThan(Number(before) + 1000); // other suites register meanwhile; a push would have taken it to 2147483647
      const registered = await app.http.post('/api/auth/register', { email: email('later'), password: 'correct horse', name: 'Later' });
      expect(registered.status).toBe(201);
    });

    it('never merges a push into an account made here: a registered customer or an agent with that id stays as it was', async () => {
      const registered = await app.http.post('/api/auth/register', { email: email('mine'), password: 'correct horse', name: 'Registered Here' });
      const agent = await factories.agent();
      for (const local of [registered.body.user, agent.user]) {
        const id = Number(local.id);
        const pushed = await app.http.put(`/api/integrations/customers/${id}`, { name: 'Pushed Over', email: email('pushed') }, { token: service });
        expect(pushed.status).toBe(200);
        expect(pushed.body.id).toBe(id);
        const [row] = await db.query('SELECT name, email, role, mm_customer_id FROM users WHERE id = $1', [id]);
        expect(row).toEqual({ name: local.name, email: local.email.toLowerCase(), role: local.role, mm_customer_id: null });
      }
      // The registered person still logs in as themselves, and sees none of the pushed customer's data.
      const login = await app.http.post('/api/auth/login', { email: registered.body.user.email, password: 'correct horse' });
      expect(login.status).toBe(200);
      expect(login.body.user).toEqual(registered.body.user);
      // An order pushed for MM customer <id> belongs to the pushed customer, not to our user <id>.
      const orderId = refId();
      const id = Number(registered.body.user.id);
      await app.http.put(`/api/integrations/orders/${orderId}`, { customerId: id, orderNumber: `ORD-${orderId}`, vertical: 'munch', status: 'delivered' }, { token: service });
      const [order] = await db.query('SELECT customer_id FROM orders WHERE id = $1', [orderId]);
      expect(order.customer_id).not.toBe(id);
      const ticket = await app.http.post(
        '/api/customer/munch/support/ticket',
        { orderId, issueType: 'PAYMENT_ISSUE', description: 'Not my order at all, but let me try' },
        { token: login.body.accessToken },
      );
      expect(ticket.status).not.toBe(200);
    });

    it('refuses an email another user has (400 on email)', async () => {
      const other = await factories.customer();
      const taken = await app.http.put(`/api/integrations/customers/${await freshCustomerId()}`, { name: 'Copycat', email: other.user.email.toUpperCase() }, { token: service });
      expect(taken.status).toBe(400);
      expect(taken.body).toEqual({ error: 'Validation failed', errors: { email: ['A user with this email already exists.'] } });

      const pushed = await pushCustomer();
      const moved = await app.http.put(`/api/integrations/customers/${pushed.id}`, { name: 'Moved', email: other.user.email }, { token: service });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual({ email: ['A user with this email already exists.'] });
    });

    it('validates every field and the path id', async () => {
      const res = await app.http.put(`/api/integrations/customers/${await freshCustomerId()}`, { name: ' ', email: 'nope', phone: 'call me', locale: 'de', role: 'admin' }, { token: service });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['email', 'locale', 'name', 'phone', 'role']);
      for (const id of ['abc', '0', '-4', '1.5', '99999999999']) {
        const bad = await app.http.put(`/api/integrations/customers/${id}`, { name: 'X', email: email() }, { token: service });
        expect(bad.status).toBe(400);
        expect(Object.keys(bad.body.errors)).toEqual(['id']);
      }
    });
  });

  describe('PUT /api/integrations/rides/{id}', () => {
    it('creates and replaces a ride with its passengers; the same body again changes nothing', async () => {
      const customer = await pushCustomer();
      const passenger = await pushCustomer();
      const id = refId();
      const body = { customerId: customer.id, pickupLocation: '123 Main St', dropoffLocation: '456 Elm St', status: 'completed', passengerIds: [passenger.id, passenger.id] };
      const first = await app.http.put(`/api/integrations/rides/${id}`, body, { token: service });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id, customerId: customer.id, pickupLocation: '123 Main St', dropoffLocation: '456 Elm St', status: 'completed', passengerIds: [passenger.id], createdAt: ISO, updatedAt: ISO });
      // Stored under our user ids.
      const [stored] = await db.query('SELECT customer_id, passenger_ids FROM rides WHERE id = $1', [id]);
      const [owner, rider] = await Promise.all([customer.id, passenger.id].map(async (mmId) => (await db.query('SELECT id FROM users WHERE mm_customer_id = $1', [mmId]))[0].id));
      expect(stored).toEqual({ customer_id: owner, passenger_ids: [rider] });
      const second = await app.http.put(`/api/integrations/rides/${id}`, body, { token: service });
      expect(second.body).toEqual(first.body);

      const replaced = await app.http.put(`/api/integrations/rides/${id}`, { ...body, status: 'cancelled', passengerIds: undefined }, { token: service });
      expect(replaced.body).toMatchObject({ status: 'cancelled', passengerIds: [] });
      const [{ count }] = await db.query('SELECT count(*)::int AS count FROM rides WHERE id = $1', [id]);
      expect(count).toBe(1);
    });

    it('answers 404 {"error":"Customer not found"} for an unknown customer or passenger, or an id of ours', async () => {
      const customer = await pushCustomer();
      const agent = await factories.agent();
      const registered = await factories.customer();
      const base = { pickupLocation: 'A', dropoffLocation: 'B', status: 'completed' };
      for (const body of [
        { ...base, customerId: 2_147_483_000 },
        { ...base, customerId: customer.id, passengerIds: [2_147_483_000] },
        { ...base, customerId: agent.user.id },
        { ...base, customerId: customer.id, passengerIds: [agent.user.id] },
        { ...base, customerId: registered.user.id },
      ]) {
        const id = refId();
        const res = await app.http.put(`/api/integrations/rides/${id}`, body, { token: service });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'Customer not found' });
        expect(await db.query('SELECT id FROM rides WHERE id = $1', [id])).toEqual([]);
      }
    });

    it('validates every field', async () => {
      const res = await app.http.put(`/api/integrations/rides/${refId()}`, { customerId: 'x', pickupLocation: '', status: 7, passengerIds: ['a', 0] }, { token: service });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['customerId', 'dropoffLocation', 'passengerIds', 'pickupLocation', 'status']);
    });
  });

  describe('PUT /api/integrations/orders/{id}', () => {
    it('creates and replaces an order; idempotent; support\'s cancellation is kept', async () => {
      const customer = await pushCustomer();
      const id = refId();
      const body = { customerId: customer.id, orderNumber: 'ORD-2026-000123', vertical: 'munch', status: 'delivered', totalMinor: 2599, currency: 'USD' };
      const first = await app.http.put(`/api/integrations/orders/${id}`, body, { token: service });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id, customerId: customer.id, orderNumber: 'ORD-2026-000123', vertical: 'munch', status: 'delivered', totalMinor: 2599, currency: 'USD', cancelledAt: null, createdAt: ISO, updatedAt: ISO });
      expect((await app.http.put(`/api/integrations/orders/${id}`, body, { token: service })).body).toEqual(first.body);

      await db.query("UPDATE orders SET cancelled_at = now(), cancellation_reason = 'customer asked' WHERE id = $1", [id]);
      const pushed = await app.http.put(`/api/integrations/orders/${id}`, { customerId: customer.id, orderNumber: 'ORD-2026-000123', vertical: 'mtables', status: 'cancelled' }, { token: service });
      expect(pushed.body).toMatchObject({ vertical: 'mtables', status: 'cancelled', totalMinor: null, currency: null, cancelledAt: ISO });
    });

    it('answers 404 for an unknown customer and validates every field', async () => {
      const missing = await app.http.put(`/api/integrations/orders/${refId()}`, { customerId: 2_147_483_000, orderNumber: 'ORD-1', vertical: 'shop', status: 'pending' }, { token: service });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: 'Customer not found' });

      const bad = await app.http.put(`/api/integrations/orders/${refId()}`, { customerId: 1, orderNumber: '', vertical: 'food', status: 'lost', totalMinor: -1, currency: 'usd' }, { token: service });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['currency', 'orderNumber', 'status', 'totalMinor', 'vertical']);
      expect(bad.body.errors.vertical).toEqual(['vertical must be one of: munch, mtables, shop']);
    });
  });

  describe('PUT /api/integrations/bookings/{id}', () => {
    it('creates and replaces a booking; idempotent', async () => {
      const customer = await pushCustomer();
      const id = refId();
      const body = { customerId: customer.id, bookingNumber: 'BKG-2026-000045', status: 'confirmed', venueName: 'Chez Marcel', startsAt: '2026-12-24T19:00:00Z' };
      const first = await app.http.put(`/api/integrations/bookings/${id}`, body, { token: service });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ id, customerId: customer.id, bookingNumber: 'BKG-2026-000045', status: 'confirmed', venueName: 'Chez Marcel', startsAt: '2026-12-24T19:00:00.000Z', createdAt: ISO, updatedAt: ISO });
      expect((await app.http.put(`/api/integrations/bookings/${id}`, body, { token: service })).body).toEqual(first.body);
      const moved = await app.http.put(`/api/integrations/bookings/${id}`, { ...body, startsAt: '2026-12-25T20:30:00+01:00', venueName: null }, { token: service });
      expect(moved.body).toMatchObject({ startsAt: '2026-12-25T19:30:00.000Z', venueName: null });
    });

    it('answers 404 for an unknown customer and validates every field', async () => {
      const missing = await app.http.put(`/api/integrations/bookings/${refId()}`, { customerId: 2_147_483_000, bookingNumber: 'B-1', status: 'confirmed' }, { token: service });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: 'Customer not found' });
      const bad = await app.http.put(`/api/integrations/bookings/${refId()}`, { customerId: 0, bookingNumber: 5, startsAt: 'tomorrow' }, { token: service });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['bookingNumber', 'customerId', 'startsAt', 'status']);
    });
  });

  it('concurrent first pushes of one id all succeed with one row (no duplicate-key race)', async () => {
    const id = await freshCustomerId();
    const body = { name: 'Raced', email: email('race') };
    const customers = await Promise.all([1, 2, 3, 4, 5].map(() => app.http.put(`/api/integrations/customers/${id}`, body, { token: service })));
    expect(customers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const rideId = refId();
    const ride = { customerId: id, pickupLocation: 'A', dropoffLocation: 'B', status: 'completed' };
    const rides = await Promise.all([1, 2, 3, 4, 5].map(() => app.http.put(`/api/integrations/rides/${rideId}`, ride, { token: service })));
    expect(rides.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const [{ count }] = await db.query('SELECT (SELECT count(*) FROM users WHERE mm_customer_id = $1) + (SELECT count(*) FROM rides WHERE id = $2) AS count', [id, rideId]);
    expect(Number(count)).toBe(2);
  });

  describe('who may call it', () => {
    it('admins and service tokens; 401 without a token; 403 for customers and agents', async () => {
      const customer = await pushCustomer();
      const body = { customerId: customer.id, bookingNumber: 'B-2', status: 'confirmed' };
      const admin = await factories.admin();
      expect((await app.http.put(`/api/integrations/bookings/${refId()}`, body, { token: admin.token })).status).toBe(200);
      expect((await app.http.put(`/api/integrations/bookings/${refId()}`, body, { token: factories.serviceToken('mtables') })).status).toBe(200);

      const none = await app.http.put(`/api/integrations/bookings/${refId()}`, body);
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: 'Unauthorized' });
      for (const person of [await factories.customer(), await factories.agent(), await factories.unapprovedAgent()]) {
        const res = await app.http.put(`/api/integrations/bookings/${refId()}`, body, { token: person.token });
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: expect.any(String) });
      }
    });
  });
});
