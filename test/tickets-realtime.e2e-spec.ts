import { ChangeStatusService } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { settle } from './support/socket';

/**
 * The vertical surfaces' documented socket events (seeds 000-002, SPEC
 * section 3), end to end: HTTP command → outbox → dispatcher → socket, in the
 * vocabulary of the surface the ticket was created through.
 */
describe('vertical surfaces: customer socket events', () => {
  const { app, factories, tickets, sockets } = useTestApp({ ownDatabase: true });
  let admin: Person;
  beforeAll(async () => {
    admin = await factories.admin();
  });

  it('munch: support:ticket:created and support:ticket:escalated with customerId as a string', async () => {
    const customer = await factories.customer();
    const socket = await sockets.connect(customer);
    const order = await factories.order(customer.user.id, 'munch');
    const created = await app.http.post('/api/customer/munch/support/ticket', { orderId: order.id, issueType: 'OTHER', description: 'Where is my food?' }, { token: customer.token });
    const { ticketId, ticketNumber } = created.body.data;
    expect(await socket.next('support:ticket:created', (p) => p.ticketId === ticketId)).toEqual({ ticketId, ticketNumber, status: 'open', customerId: String(customer.user.id) });

    await app.http.put('/api/customer/munch/support/ticket/escalate', { ticketId }, { token: customer.token });
    expect(await socket.next('support:ticket:escalated', (p) => p.ticketId === ticketId)).toEqual({ ticketId, ticketNumber, status: 'escalated', customerId: String(customer.user.id) });
  });

  it('mtxi: support:ticket_created / _escalated / _closed in UPPER vocabulary, to the owner and group members only', async () => {
    const [owner, member, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
    const [ownerSocket, memberSocket, strangerSocket] = [await sockets.connect(owner), await sockets.connect(member), await sockets.connect(stranger)];
    const ride = await factories.ride(owner.user.id);
    const created = await app.http.post(
      '/api/customer/mtxi/support',
      { serviceType: 'ride', issueType: 'PAYMENT_ISSUE', description: 'Charged twice', rideId: ride.id, groupCustomerIds: [member.user.id] },
      { token: owner.token },
    );
    const { ticketId, ticketNumber } = created.body.data;
    const expected = (status: string) => ({ ticketId, ticketNumber, status, serviceType: 'ride', customerId: owner.user.id });
    const mine = (p: { ticketId: number }) => p.ticketId === ticketId;

    for (const socket of [ownerSocket, memberSocket]) expect(await socket.next('support:ticket_created', mine)).toEqual(expected('OPEN'));
    await app.http.post('/api/customer/mtxi/support/escalate', { ticketId }, { token: owner.token });
    for (const socket of [ownerSocket, memberSocket]) expect(await socket.next('support:ticket_escalated', mine)).toEqual(expected('ESCALATED'));
    await tickets.resolve(ticketId, admin);
    await app.http.post('/api/customer/mtxi/support/close', { ticketId }, { token: owner.token });
    for (const socket of [ownerSocket, memberSocket]) expect(await socket.next('support:ticket_closed', mine)).toEqual(expected('CLOSED'));

    await settle();
    expect(strangerSocket.events.filter((e) => e.name.startsWith('support:'))).toEqual([]);
    // Undocumented mtxi events (staff status changes) use only the canonical set.
    expect(ownerSocket.received('support:ticket_status')).toEqual([]);
  });

  it('mtables: support:ticket_created, support:ticket_status and support:ticket_escalated as documented', async () => {
    const customer = await factories.customer();
    const socket = await sockets.connect(customer);
    const booking = await factories.booking(customer.user.id);
    const created = await app.http.post('/api/customer/mtables/support/tickets', { bookingId: booking.id, issueType: 'booking_issue', description: 'No table' }, { token: customer.token });
    const { ticketId, ticketNumber } = created.body.data;
    const mine = (p: { ticketId: number }) => p.ticketId === ticketId;
    const who = { userId: customer.user.id, role: 'customer', ticketId };
    expect(await socket.next('support:ticket_created', mine)).toEqual({ ...who, ticketNumber });

    await app.running.app.get(ChangeStatusService).change(tickets.contextOf(admin), ticketId, { status: 'in_progress' });
    expect(await socket.next('support:ticket_status', mine)).toEqual({ ...who, status: 'in_progress' });

    await app.http.post(`/api/customer/mtables/support/tickets/${ticketId}/escalate`, undefined, { token: customer.token });
    expect(await socket.next('support:ticket_escalated', mine)).toEqual({ ...who, status: 'escalated' });
  });
});
