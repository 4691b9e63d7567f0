import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DEFAULT_PERMISSIONS, hashPassword, User } from '@mm/auth';
import { RequestContext } from '@mm/core';
import { Booking, CreateTicketInput, Order, Ride } from '@mm/ticket';

/** Any constant shared by every instance of this service; names the demo seeding lock. */
const DEMO_LOCK_KEY = 727_002;

export interface DemoLogin {
  label: string;
  email: string;
}

export interface DemoSeed {
  password: string;
  logins: DemoLogin[];
  /** Tickets to open as these customers once the seed is committed. */
  tickets: { customerId: number; input: CreateTicketInput }[];
}

const ACCOUNTS = [
  { key: 'admin', label: 'admin', email: 'admin@demo.test', name: 'Ada Admin', role: 'admin', approved: true },
  { key: 'agent', label: 'agent (approved)', email: 'agent@demo.test', name: 'Sam Agent', role: 'agent', approved: true },
  { key: 'newAgent', label: 'agent (awaiting approval)', email: 'new.agent@demo.test', name: 'Nova Newcomer', role: 'agent', approved: false },
  { key: 'alice', label: 'customer', email: 'alice@demo.test', name: 'Alice Martin', role: 'customer', approved: true },
  { key: 'bob', label: 'customer', email: 'bob@demo.test', name: 'Bob Diaz', role: 'customer', approved: true },
] as const;

/**
 * Fills an EMPTY database with demo accounts (one random password for all,
 * shown once) and reference data; returns undefined when anything is there.
 * Several instances starting at once take turns on an advisory lock.
 */
export async function seedDemoData(manager: EntityManager): Promise<DemoSeed | undefined> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK_KEY]);
  const [{ used }] = await manager.query(
    'SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM rides) OR EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM bookings) AS used',
  );
  if (used) return undefined;

  const password = randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const users = {} as Record<(typeof ACCOUNTS)[number]['key'], User>;
  for (const account of ACCOUNTS) {
    users[account.key] = await manager.save(
      manager.create(User, {
        email: account.email,
        name: account.name,
        role: account.role,
        passwordHash,
        phone: null,
        locale: account.key === 'bob' ? 'es' : 'en',
        approvedAt: account.role === 'agent' && account.approved ? new Date() : null,
      }),
    );
  }
  const { alice, bob } = users;

  await manager.save(Ride, [
    { id: 1101, customerId: alice.id, pickupLocation: '12 Harbour Road', dropoffLocation: 'Central Station', status: 'completed', passengerIds: [bob.id] },
    { id: 1102, customerId: bob.id, pickupLocation: 'Airport Terminal 2', dropoffLocation: '8 Rue du Lac', status: 'completed', passengerIds: [] },
  ]);
  await manager.save(Order, [
    { id: 2101, customerId: alice.id, orderNumber: 'ORD-2026-002101', vertical: 'munch', status: 'delivered', totalMinor: 2599, currency: 'USD' },
    { id: 2102, customerId: alice.id, orderNumber: 'ORD-2026-002102', vertical: 'munch', status: 'preparing', totalMinor: 1450, currency: 'USD' },
    { id: 2103, customerId: bob.id, orderNumber: 'ORD-2026-002103', vertical: 'mtables', status: 'confirmed', totalMinor: 6800, currency: 'EUR' },
  ]);
  await manager.save(Booking, [
    { id: 3101, customerId: bob.id, bookingNumber: 'BKG-2026-003101', status: 'confirmed', venueName: 'Chez Marcel', startsAt: new Date('2026-12-24T19:00:00Z') },
    { id: 3102, customerId: alice.id, bookingNumber: 'BKG-2026-003102', status: 'confirmed', venueName: 'The Garden Room', startsAt: new Date('2026-12-31T20:00:00Z') },
  ]);

  return {
    password,
    logins: ACCOUNTS.map((a) => ({ label: a.label, email: a.email })),
    tickets: [
      { customerId: alice.id, input: { origin: 'munch', category: 'delivery_issue', description: 'Half of my order was missing when it arrived.', orderId: 2101 } },
      { customerId: bob.id, input: { origin: 'mtxi', serviceType: 'ride', category: 'service_quality', description: 'The driver took a long detour to the terminal.', rideId: 1102 } },
    ],
  };
}

export function customerContext(customerId: number): RequestContext {
  return { actor: { id: customerId, role: 'customer', approved: true, permissions: DEFAULT_PERMISSIONS.customer }, locale: 'en', requestId: 'demo-seed' };
}

/** The boxed logins, printed last at the start that created the demo data (and by `cli demo-logins`). */
export function demoBanner(seed: Pick<DemoSeed, 'password' | 'logins'>, url = 'http://localhost:3000'): string {
  const width = Math.max(...seed.logins.map((l) => l.label.length), 'password'.length);
  const lines = [
    'MM Support Service: demo data',
    '',
    'The password is the same for every demo login:',
    '',
    ...seed.logins.map((l) => `  ${l.label.padEnd(width)}  ${l.email}`),
    `  ${'password'.padEnd(width)}  ${seed.password}`,
    '',
    `Console: ${url}/console   Swagger UI: ${url}/docs`,
    'Shown again by: npm run -s cli -- demo-logins',
  ];
  const inner = Math.max(...lines.map((l) => l.length));
  return ['', `┌${'─'.repeat(inner + 2)}┐`, ...lines.map((l) => `│ ${l.padEnd(inner)} │`), `└${'─'.repeat(inner + 2)}┘`, ''].join('\n');
}
