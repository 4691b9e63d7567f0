import { Factories, Person } from './factories';
import { HttpResponse } from './http';
import { TestApp } from './test-app';

export type Origin = 'munch' | 'mtxi' | 'mtables' | 'helpdesk' | 'console';
export const ORIGINS: Origin[] = ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'];

export interface CreateRequest {
  path: string;
  body: Record<string, unknown>;
  /** The status of a successful create on this surface. */
  status: number;
  /** The created ticket's id in this surface's response. */
  idOf(body: any): number;
}

/**
 * A valid "create a ticket" request of each surface for `customer`, with the
 * reference data it needs (munch order, mtxi ride, mtables booking) made first.
 * `description` lets a test make two otherwise equal bodies differ.
 */
export async function createRequest(factories: Factories, origin: Origin, customer: Person, description = 'I was charged twice for this, please refund'): Promise<CreateRequest> {
  const id = customer.user.id;
  switch (origin) {
    case 'munch': {
      const order = await factories.order(id, 'munch');
      return {
        path: '/api/customer/munch/support/ticket',
        body: { orderId: order.id, issueType: 'PAYMENT_ISSUE', description },
        status: 200,
        idOf: (body) => body.data.ticketId,
      };
    }
    case 'mtxi': {
      const ride = await factories.ride(id);
      return {
        path: '/api/customer/mtxi/support',
        body: { serviceType: 'ride', issueType: 'PAYMENT_ISSUE', description, rideId: ride.id },
        status: 200,
        idOf: (body) => body.data.ticketId,
      };
    }
    case 'mtables': {
      const booking = await factories.booking(id);
      return {
        path: '/api/customer/mtables/support/tickets',
        body: { bookingId: booking.id, issueType: 'payment_issue', description },
        status: 200,
        idOf: (body) => body.data.ticketId,
      };
    }
    case 'helpdesk':
      return { path: '/api/support-tickets', body: { subject: 'Charged twice', description, priority: 'high', category: 'billing' }, status: 201, idOf: (body) => body.data.id };
    case 'console':
      return {
        path: '/api/support/tickets/create/',
        body: { subject: 'Charged twice', description, category: 'Quality' },
        status: 201,
        idOf: (body) => Number(body.ticket.id),
      };
  }
}

/** The staff and customer moves the suites need, through the public API. */
export class Desk {
  constructor(
    readonly app: TestApp,
    readonly factories: Factories,
  ) {}

  async createTicket(customer: Person, origin: Origin = 'helpdesk', extra: Record<string, unknown> = {}): Promise<number> {
    const request = await createRequest(this.factories, origin, customer);
    const res = await this.app.http.post(request.path, { ...request.body, ...extra }, { token: customer.token });
    if (res.status !== request.status) throw new Error(`create on ${origin}: ${res.status} ${res.text}`);
    return request.idOf(res.body);
  }

  /** A helpdesk ticket with only what a customer must give (priority and category take their defaults); `body` replaces those fields. */
  async openTicket(customer: Person, body: Record<string, unknown> = {}): Promise<number> {
    const res = await this.app.http.post('/api/support-tickets', { subject: 'Wrong product', description: 'I received the wrong product.', ...body }, { token: customer.token });
    if (res.status !== 201) throw new Error(`create on helpdesk: ${res.status} ${res.text}`);
    return res.body.data.id;
  }

  /** An mtxi ride ticket with group members (they may read and message it). */
  async groupTicket(owner: Person, members: Person[]): Promise<number> {
    return this.createTicket(owner, 'mtxi', { groupCustomerIds: members.map((m) => m.user.id) });
  }

  assignSelf(ticketId: number, staff: Person): Promise<HttpResponse> {
    return this.app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: staff.token });
  }

  updateStatus(ticketId: number, staff: Person, body: Record<string, unknown>): Promise<HttpResponse> {
    return this.app.http.put(`/api/support/tickets/${ticketId}/update-status/`, body, { token: staff.token });
  }

  sendMessage(ticketId: number, sender: Person, message: string, headers?: Record<string, string>): Promise<HttpResponse> {
    return this.app.http.post(`/api/support-tickets/${ticketId}/messages`, { message }, { token: sender.token, headers });
  }

  /** Assigned to `agent` (assign-self: in progress). */
  async assigned(ticketId: number, agent: Person): Promise<number> {
    const res = await this.assignSelf(ticketId, agent);
    if (res.status !== 200) throw new Error(`assign-self: ${res.status} ${res.text}`);
    return ticketId;
  }

  /** Worked by `agent` up to Resolved. */
  async resolved(ticketId: number, agent: Person): Promise<number> {
    await this.assigned(ticketId, agent);
    const res = await this.updateStatus(ticketId, agent, { status: 'Resolved' });
    if (res.status !== 200) throw new Error(`resolve: ${res.status} ${res.text}`);
    return ticketId;
  }
}
