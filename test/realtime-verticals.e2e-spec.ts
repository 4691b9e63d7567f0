import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { RecordingSocket, settle } from './support/socket';

/**
 * Each vertical's customer journey through its real endpoints (create,
 * escalate, staff resolve, close), seen from the sockets: the surface's own
 * documented events with exactly their payload keys, the canonical events, a
 * localized notification per customer-visible change, and nothing for anyone else.
 */
describe('realtime: vertical journeys end to end', () => {
  const { app, factories, tickets, sockets } = useTestApp({ ownDatabase: true });
  let admin: Person;
  beforeAll(async () => {
    admin = await factories.admin();
  });

  const VERTICAL_EVENTS = ['support:ticket:created', 'support:ticket:escalated', 'support:ticket_created', 'support:ticket_escalated', 'support:ticket_closed', 'support:ticket_status'];
  const verticalEvents = (socket: RecordingSocket) => socket.events.filter((e) => VERTICAL_EVENTS.includes(e.name)).map((e) => [e.name, Object.keys(e.payload).sort()]);

  /** Waits until `socket` has received `count` notifications and returns them oldest first. */
  async function notificationsOn(socket: RecordingSocket, count: number): Promise<any[]> {
    await socket.next('notification:created', () => socket.received('notification:created').length >= count);
    return socket.received('notification:created');
  }

  it('munch (seed 000): created and escalated events, French notifications, staff see only canonical events', async () => {
    const customer = await factories.customer({ locale: 'fr' });
    const [customerSocket, adminSocket, strangerSocket] = [await sockets.connect(customer), await sockets.connect(admin), await sockets.connect(await factories.customer())];
    const order = await factories.order(customer.user.id, 'munch');
    const created = await app.http.post('/api/customer/munch/support/ticket', { orderId: order.id, issueType: 'PAYMENT_ISSUE', description: 'I was charged twice' }, { token: customer.token });
    expect(created.status).toBe(200);
    const { ticketId, ticketNumber } = created.body.data;
    expect((await app.http.put('/api/customer/munch/support/ticket/escalate', { ticketId }, { token: customer.token })).status).toBe(200);

    const escalated = await customerSocket.next('support:ticket:escalated');
    expect(escalated).toEqual({ ticketId, ticketNumber, status: 'escalated', customerId: String(customer.user.id) });
    expect(verticalEvents(customerSocket)).toEqual([
      ['support:ticket:created', ['customerId', 'status', 'ticketId', 'ticketNumber']],
      ['support:ticket:escalated', ['customerId', 'status', 'ticketId', 'ticketNumber']],
    ]);
    expect((await notificationsOn(customerSocket, 2)).map((n) => n.title)).toEqual([`Ticket ${ticketNumber} reçu`, `Ticket ${ticketNumber} transmis`]);
    expect(await customerSocket.next('support:ticket_updated', (p) => p.change === 'escalated')).toMatchObject({ ticketId, status: 'escalated', priority: 'high', escalationLevel: 1 });
    expect(await adminSocket.next('support:ticket_updated', (p) => p.change === 'escalated')).toMatchObject({ ticketId });
    await settle();
    expect(verticalEvents(adminSocket)).toEqual([]);
    expect(strangerSocket.events.map((e) => e.name)).toEqual(['session:ready']);
  });

  it('mtxi (seed 001): created, escalated and closed events for the owner and group members, a notification for each in their locale', async () => {
    const [owner, member] = [await factories.customer({ locale: 'es' }), await factories.customer({ locale: 'fr' })];
    const [ownerSocket, memberSocket] = [await sockets.connect(owner), await sockets.connect(member)];
    const ride = await factories.ride(owner.user.id, { passengerIds: [member.user.id] });
    const created = await app.http.post(
      '/api/customer/mtxi/support',
      { serviceType: 'ride', issueType: 'SERVICE_QUALITY', description: 'The driver took a detour', rideId: ride.id, groupCustomerIds: [member.user.id] },
      { token: owner.token },
    );
    expect(created.status).toBe(200);
    const { ticketId } = created.body.data;
    expect((await app.http.post('/api/customer/mtxi/support/escalate', { ticketId }, { token: owner.token })).status).toBe(200);
    await tickets.resolve(ticketId, admin);
    expect((await app.http.post('/api/customer/mtxi/support/close', { ticketId }, { token: owner.token })).status).toBe(200);

    const keys = ['customerId', 'serviceType', 'status', 'ticketId', 'ticketNumber'];
    for (const socket of [ownerSocket, memberSocket]) {
      expect(await socket.next('support:ticket_closed')).toMatchObject({ ticketId, status: 'CLOSED', serviceType: 'ride', customerId: owner.user.id });
      expect(verticalEvents(socket)).toEqual([
        ['support:ticket_created', keys],
        ['support:ticket_escalated', keys],
        ['support:ticket_closed', keys],
      ]);
    }
    // created, escalated, in progress, resolved, closed: five customer-visible changes.
    expect((await notificationsOn(ownerSocket, 5)).map((n) => [n.kind, n.locale])).toEqual([
      ['ticket_created', 'es'],
      ['ticket_escalated', 'es'],
      ['ticket_status_changed', 'es'],
      ['ticket_status_changed', 'es'],
      ['ticket_closed', 'es'],
    ]);
    expect((await notificationsOn(memberSocket, 5)).map((n) => n.locale)).toEqual(['fr', 'fr', 'fr', 'fr', 'fr']);
    expect((await notificationsOn(memberSocket, 5))[3].body).toBe('Votre ticket est maintenant résolu.');
  });

  it('mtables (seed 002): created, status and escalated events with userId and role', async () => {
    const customer = await factories.customer();
    const socket = await sockets.connect(customer);
    const booking = await factories.booking(customer.user.id);
    const created = await app.http.post('/api/customer/mtables/support/tickets', { bookingId: booking.id, issueType: 'booking_issue', description: 'Our table was given away' }, { token: customer.token });
    expect(created.status).toBe(200);
    const { ticketId } = created.body.data;
    expect((await app.http.post(`/api/customer/mtables/support/tickets/${ticketId}/escalate`, undefined, { token: customer.token })).status).toBe(200);
    await tickets.resolve(ticketId, admin);

    expect(await socket.next('support:ticket_status', (p) => p.status === 'resolved')).toEqual({ userId: customer.user.id, role: 'customer', ticketId, status: 'resolved' });
    expect(verticalEvents(socket)).toEqual([
      ['support:ticket_created', ['role', 'ticketId', 'ticketNumber', 'userId']],
      ['support:ticket_escalated', ['role', 'status', 'ticketId', 'userId']],
      ['support:ticket_status', ['role', 'status', 'ticketId', 'userId']],
      ['support:ticket_status', ['role', 'status', 'ticketId', 'userId']],
    ]);
    expect((await notificationsOn(socket, 4)).map((n) => n.kind)).toEqual(['ticket_created', 'ticket_escalated', 'ticket_status_changed', 'ticket_status_changed']);
    const list = await app.http.get('/api/notifications', { token: customer.token });
    expect(list.body.meta).toMatchObject({ total: 4, unreadCount: 4 });
  });

  it('console and helpdesk (seeds 003, 004): assignment, internal note and replies reach staff and customer as the canonical events, the note never the customer', async () => {
    const customer = await factories.customer();
    const [agent, otherAgent] = [await factories.agent(), await factories.agent()];
    const order = await factories.order(customer.user.id, 'munch');
    const created = await app.http.post('/api/customer/munch/support/ticket', { orderId: order.id, issueType: 'OTHER', description: 'Wrong dish delivered' }, { token: customer.token });
    const { ticketId } = created.body.data;
    const [customerSocket, agentSocket, otherSocket] = [await sockets.connect(customer), await sockets.connect(agent), await sockets.connect(otherAgent)];
    expect(await customerSocket.emitWithAck('join', { ticketId })).toMatchObject({ ok: true });

    expect((await app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: agent.token })).status).toBe(200);
    for (const socket of [agentSocket, otherSocket]) {
      expect(await socket.next('support:ticket_assigned', (p) => p.ticketId === ticketId)).toMatchObject({ assigneeId: agent.user.id, previousAssigneeId: null });
    }
    expect((await app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Customer is a VIP, refund quickly' }, { token: agent.token })).status).toBe(201);
    expect(await agentSocket.next('support:note_created')).toMatchObject({ ticketId, actor: { id: agent.user.id, role: 'agent' } });

    const reply = await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: 'Sorry! A refund is on its way.' }, { token: agent.token });
    expect(reply.status).toBe(201);
    expect(await customerSocket.next('support:message_created')).toMatchObject({ ticketId, senderType: 'admin', preview: 'Sorry! A refund is on its way.' });
    expect(await customerSocket.next('notification:created', (n) => n.kind === 'staff_reply')).toMatchObject({ body: 'Support replied: Sorry! A refund is on its way.' });

    expect((await app.http.get(`/api/support-tickets/${ticketId}/messages`, { token: customer.token })).status).toBe(200);
    expect(await agentSocket.next('support:message_read')).toMatchObject({ ticketId, readerId: customer.user.id });

    await settle();
    expect(customerSocket.received('support:note_created')).toEqual([]);
    expect(customerSocket.received('support:ticket_assigned')).toEqual([]);
    expect(otherSocket.received('support:note_created')).toEqual([]);
    expect(otherSocket.received('support:message_created')).toEqual([]);
  });
});
