import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword, TokenService, User } from '@mm/auth';
import { TicketOrigin } from '@mm/core';
import { Booking, Order, OrderStatus, OrderVertical, Ride, Ticket } from '@mm/ticket';
import { TestApp } from './test-app';

/**
 * Fluent-enough factories: each call makes a fresh, unique row straight in
 * the database (and a real signed token), so every test states only what it
 * is about. Ids of reference data are unique per run.
 */
export interface Person {
  user: User;
  token: string;
  password: string;
}

let sequence = Math.floor(Date.now() / 1000) % 1_000_000;
export function uniqueId(): number {
  sequence += 1 + Math.floor(Math.random() * 5);
  return sequence * 100 + Math.floor(Math.random() * 100);
}

function unique(label: string): string {
  return `${label}-${randomBytes(5).toString('hex')}`;
}

export class Factories {
  constructor(private readonly app: TestApp) {}

  private get db(): DataSource {
    return this.app.running.app.get(DataSource);
  }

  private get tokens(): TokenService {
    return this.app.running.app.get(TokenService);
  }

  async user(role: 'customer' | 'agent' | 'admin', overrides: Partial<User> = {}): Promise<Person> {
    const password = 'Passw0rd!long';
    const user = await this.db.getRepository(User).save({
      email: `${unique(role)}@example.test`,
      name: `${role[0].toUpperCase()}${role.slice(1)} ${unique('n')}`,
      phone: null,
      locale: 'en',
      role,
      approvedAt: role === 'agent' ? new Date() : null,
      passwordHash: await hashPassword(password),
      ...overrides,
    });
    return { user, token: this.tokens.signUser(user), password };
  }

  customer(overrides: Partial<User> = {}) {
    return this.user('customer', overrides);
  }

  /** A customer as the integration API makes them: an MM customer id (`user.mmCustomerId`, what rides, orders and bookings name), no password. */
  pushedCustomer(overrides: Partial<User> = {}) {
    return this.user('customer', { mmCustomerId: uniqueId(), ...overrides });
  }

  agent(overrides: Partial<User> = {}) {
    return this.user('agent', overrides);
  }

  unapprovedAgent(overrides: Partial<User> = {}) {
    return this.user('agent', { approvedAt: null, ...overrides });
  }

  admin(overrides: Partial<User> = {}) {
    return this.user('admin', overrides);
  }

  serviceToken(name = 'munch'): string {
    return this.tokens.signService(name);
  }

  ride(customerId: number, overrides: Partial<Ride> = {}): Promise<Ride> {
    return this.db.getRepository(Ride).save({
      id: uniqueId(),
      customerId,
      pickupLocation: '123 Main St',
      dropoffLocation: '456 Elm St',
      status: 'completed',
      passengerIds: [],
      ...overrides,
    });
  }

  order(customerId: number, vertical: OrderVertical = 'munch', overrides: Partial<Order> = {}): Promise<Order> {
    const id = uniqueId();
    return this.db.getRepository(Order).save({
      id,
      customerId,
      orderNumber: `ORD-2026-${String(id).padStart(6, '0')}`,
      vertical,
      status: 'delivered' as OrderStatus,
      totalMinor: 2599,
      currency: 'USD',
      ...overrides,
    });
  }

  booking(customerId: number, overrides: Partial<Booking> = {}): Promise<Booking> {
    const id = uniqueId();
    return this.db.getRepository(Booking).save({
      id,
      customerId,
      bookingNumber: `BKG-${id}`,
      status: 'confirmed',
      venueName: 'Chez Test',
      startsAt: new Date('2026-12-24T19:00:00Z'),
      ...overrides,
    });
  }

  /** A ticket row written straight to the database (no create events), for tests that are not about creating tickets. */
  ticket(customer: Person, overrides: Partial<Ticket> = {}): Promise<Ticket> {
    return this.db.getRepository(Ticket).save({
      ticketNumber: `TKT-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}-${randomBytes(3).toString('hex').toUpperCase()}`,
      origin: 'helpdesk' as TicketOrigin,
      serviceType: null,
      customerId: customer.user.id,
      groupCustomerIds: [],
      subject: 'Payment issue',
      description: 'Charged twice',
      category: 'billing',
      status: 'open',
      priority: 'medium',
      assigneeId: null,
      ...overrides,
    } as Partial<Ticket>);
  }
}
