import { DataSource } from 'typeorm';
import { DomainEventType } from '@mm/core';
import { Ticket } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { recordSyntheticEvent, settle } from './support/socket';

/** In-app notifications: created from delivered events in the recipient's locale, read over the API by their owner only. */
describe('notifications', () => {
  const { app, factories, sockets } = useTestApp({ ownDatabase: true });

  const record = (type: DomainEventType, ticket: Ticket, actor: Person, data: Record<string, unknown> = {}) => recordSyntheticEvent(app, type, ticket, actor, data);

  /** Waits until the user has `count` notifications (delivery is asynchronous). */
  async function notificationsOf(person: Person, count: number): Promise<any> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await app.http.get('/api/notifications', { token: person.token });
      expect(res.status).toBe(200);
      if (res.body.meta.total >= count || Date.now() > deadline) return res.body;
      await settle(50);
    }
  }

  it('notifies a French customer in French, over the API and on the socket', async () => {
    const customer = await factories.customer({ locale: 'fr' });
    const ticket = await factories.ticket(customer);
    const socket = await sockets.connect(customer);
    await record('ticket.status_changed', { ...ticket, status: 'in_progress' }, await factories.agent(), { from: 'open', to: 'in_progress' });

    const pushed = await socket.next('notification:created');
    expect(pushed).toEqual({
      id: expect.any(Number),
      kind: 'ticket_status_changed',
      title: `Ticket ${ticket.ticketNumber} mis à jour`,
      body: 'Votre ticket est maintenant en cours de traitement.',
      locale: 'fr',
      ticketId: ticket.id,
      ticketNumber: ticket.ticketNumber,
      readAt: null,
      createdAt: expect.any(String),
    });
    const page = await notificationsOf(customer, 1);
    expect(page).toEqual({ data: [pushed], meta: { page: 1, perPage: 20, total: 1, unreadCount: 1 } });
  });

  it('renders each recipient in their own locale (es, en, and en for an unsupported one)', async () => {
    const owner = await factories.customer({ locale: 'es' });
    const member = await factories.customer({ locale: 'de' });
    const ticket = await factories.ticket(owner, { groupCustomerIds: [member.user.id] });
    await record('ticket.escalated', { ...ticket, status: 'escalated' }, owner, { from: 'open', to: 'escalated' });
    expect((await notificationsOf(owner, 1)).data[0]).toMatchObject({ locale: 'es', title: `Ticket ${ticket.ticketNumber} escalado` });
    expect((await notificationsOf(member, 1)).data[0]).toMatchObject({ locale: 'en', title: `Ticket ${ticket.ticketNumber} escalated` });
  });

  it('notifies customers of every customer-visible change and staff of work that lands on them, never of internal notes', async () => {
    const customer = await factories.customer();
    const [agent, admin] = [await factories.agent(), await factories.admin()];
    const ticket = await factories.ticket(customer);
    const assigned = { ...ticket, assigneeId: agent.user.id, status: 'in_progress' } as Ticket;
    await record('ticket.created', ticket, customer);
    await record('ticket.assigned', assigned, admin, { from: null, to: agent.user.id });
    await record('message.created', assigned, agent, { messageId: 1, senderType: 'admin', preview: 'We refunded you' });
    await record('message.created', assigned, customer, { messageId: 2, senderType: 'customer', preview: 'Thanks!' });
    await record('note.created', assigned, agent, { noteId: 3 });
    await record('ticket.status_changed', { ...assigned, status: 'resolved' }, agent, { from: 'in_progress', to: 'resolved' });
    await record('ticket.closed', { ...assigned, status: 'closed' }, customer, { from: 'resolved', to: 'closed' });

    const customerPage = await notificationsOf(customer, 4);
    expect(customerPage.data.map((n: any) => n.kind)).toEqual(['ticket_closed', 'ticket_status_changed', 'staff_reply', 'ticket_created']);
    expect(customerPage.data[2].body).toBe('Support replied: We refunded you');
    const agentPage = await notificationsOf(agent, 2);
    expect(agentPage.data.map((n: any) => [n.kind, n.body])).toEqual([
      ['customer_reply', 'Thanks!'],
      ['ticket_assigned', 'A ticket was assigned to you. Its status is in progress.'],
    ]);
    await settle(300);
    expect((await notificationsOf(admin, 0)).meta.total).toBe(0);
    expect((await notificationsOf(customer, 0)).meta.total).toBe(4);
  });

  it('lists newest first with pagination and ?unread=true, and bounds the page size', async () => {
    const customer = await factories.customer();
    const ticket = await factories.ticket(customer);
    for (const status of ['in_progress', 'on_hold', 'in_progress', 'resolved']) await record('ticket.status_changed', { ...ticket, status } as Ticket, customer, { to: status });
    const all = await notificationsOf(customer, 4);
    const ids = all.data.map((n: any) => n.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const page2 = await app.http.get('/api/notifications?page=2&perPage=3', { token: customer.token });
    expect(page2.status).toBe(200);
    expect(page2.body.data.map((n: any) => n.id)).toEqual([ids[3]]);
    expect(page2.body.meta).toEqual({ page: 2, perPage: 3, total: 4, unreadCount: 4 });

    expect((await app.http.patch(`/api/notifications/${ids[0]}/read`, undefined, { token: customer.token })).status).toBe(200);
    const unread = await app.http.get('/api/notifications?unread=true', { token: customer.token });
    expect(unread.body.data.map((n: any) => n.id)).toEqual(ids.slice(1));
    expect(unread.body.meta).toMatchObject({ total: 3, unreadCount: 3 });

    for (const query of ['perPage=101', 'perPage=0', 'page=0', 'page=abc', 'page=100001', 'page=1e%2B308', 'unread=maybe', 'extra=1']) {
      const res = await app.http.get(`/api/notifications?${query}`, { token: customer.token });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'Validation failed', errors: expect.any(Object) });
    }
  });

  it('marks read for the owner only: another user\'s notification is 404, and marking twice keeps the first read time', async () => {
    const [alice, bob] = [await factories.customer(), await factories.customer()];
    const ticket = await factories.ticket(alice);
    await record('ticket.created', ticket, alice);
    const [notification] = (await notificationsOf(alice, 1)).data;

    const stolen = await app.http.patch(`/api/notifications/${notification.id}/read`, undefined, { token: bob.token });
    expect(stolen.status).toBe(404);
    expect(stolen.body).toEqual({ error: 'Notification not found', code: 'NOTIFICATION_NOT_FOUND' });
    expect((await app.http.get('/api/notifications', { token: bob.token })).body.data).toEqual([]);
    expect((await app.http.post('/api/notifications/read-all', undefined, { token: bob.token })).body).toEqual({ updated: 0 });
    expect((await notificationsOf(alice, 1)).data[0].readAt).toBeNull();

    const first = await app.http.patch(`/api/notifications/${notification.id}/read`, undefined, { token: alice.token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ...notification, readAt: expect.any(String) });
    const again = await app.http.patch(`/api/notifications/${notification.id}/read`, undefined, { token: alice.token });
    expect(again.body.readAt).toBe(first.body.readAt);

    for (const id of ['999999999', '99999999999999999999', '0']) {
      expect((await app.http.patch(`/api/notifications/${id}/read`, undefined, { token: alice.token })).status).toBe(404);
    }
    expect((await app.http.patch('/api/notifications/abc/read', undefined, { token: alice.token })).status).toBe(400);
  });

  it('marks all of the caller\'s notifications read', async () => {
    const customer = await factories.customer();
    const ticket = await factories.ticket(customer);
    await record('ticket.created', ticket, customer);
    await record('ticket.escalated', { ...ticket, status: 'escalated' }, customer, { from: 'open', to: 'escalated' });
    await notificationsOf(customer, 2);
    const res = await app.http.post('/api/notifications/read-all', undefined, { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 2 });
    const unread = await app.http.get('/api/notifications?unread=true', { token: customer.token });
    expect(unread.body).toEqual({ data: [], meta: { page: 1, perPage: 20, total: 0, unreadCount: 0 } });
    expect((await app.http.post('/api/notifications/read-all', undefined, { token: customer.token })).body).toEqual({ updated: 0 });
  });

  it('requires a valid token and the view_notifications permission; unapproved agents are refused', async () => {
    expect((await app.http.get('/api/notifications')).status).toBe(401);
    expect((await app.http.get('/api/notifications')).body).toEqual({ error: 'Unauthorized' });
    expect((await app.http.get('/api/notifications', { token: factories.serviceToken() })).status).toBe(403);
    expect((await app.http.get('/api/notifications', { token: (await factories.unapprovedAgent()).token })).status).toBe(403);
    expect((await app.http.get('/api/notifications', { token: (await factories.agent()).token })).status).toBe(200);
  });

  it('never notifies twice when an event is delivered again (at-least-once delivery)', async () => {
    const customer = await factories.customer();
    const socket = await sockets.connect(customer);
    const ticket = await factories.ticket(customer);
    await record('ticket.created', ticket, customer);
    const first = await socket.next('notification:created');
    const dataSource = app.running.app.get(DataSource);
    // The dispatcher marks the event delivered just after pushing it: wait for that, then make it due again.
    while ((await dataSource.query('SELECT 1 FROM outbox_events WHERE ticket_id = $1 AND delivered_at IS NOT NULL', [ticket.id])).length === 0) await settle(20);
    await dataSource.query('UPDATE outbox_events SET delivered_at = NULL, available_at = now() WHERE ticket_id = $1', [ticket.id]);
    await socket.next('support:ticket_updated', () => socket.received('support:ticket_updated').length === 2);
    expect(socket.received('notification:created')).toEqual([first, first]);
    expect((await notificationsOf(customer, 1)).meta.total).toBe(1);
  });
});
