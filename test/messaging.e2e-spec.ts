import { DataSource } from 'typeorm';
import { TicketMessage } from '@mm/messaging';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { settle } from './support/socket';

const TICKETS = '/api/support-tickets';
const LARAVEL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Seed 003's conversations: messages, read flags, counters, reopening, read
 * receipts, and their canonical socket events (SPEC section 3). Its own
 * database, so this suite's dispatcher delivers its events to its sockets.
 */
describe('helpdesk messaging (seed 003): messages, read flags, reopen rules, events', () => {
  const { app, factories, tickets, desk, sockets } = useTestApp({ ownDatabase: true });
  let admin: Person;
  beforeAll(async () => {
    admin = await factories.admin();
  });

  const db = () => app.running.app.get(DataSource);

  const open = (customer: Person) => desk.openTicket(customer, { description: 'I received the wrong product in my order.' });

  const send = (ticketId: number, who: Person, body: Record<string, unknown> | string) =>
    app.http.post(`${TICKETS}/${ticketId}/messages`, typeof body === 'string' ? { message: body } : body, { token: who.token });

  async function assign(ticketId: number, staff: Person) {
    expect((await app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: staff.token })).status).toBe(200);
  }

  describe('POST /api/support-tickets/{ticket}/messages', () => {
    it('a customer message: 201 with the seed’s message model; staff unread, customer read, count up', async () => {
      const customer = await factories.customer({ name: 'John Doe' });
      const ticketId = await open(customer);
      const res = await send(ticketId, customer, 'Thank you for your help! When can I expect the replacement?');
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        success: true,
        message: 'Message sent successfully',
        data: {
          id: expect.any(Number),
          ticket_id: ticketId,
          customer_id: customer.user.id,
          admin_id: null,
          message: 'Thank you for your help! When can I expect the replacement?',
          sender_type: 'customer',
          is_read: false,
          read_at: null,
          attachments: null,
          created_at: expect.stringMatching(LARAVEL_TIME),
          updated_at: expect.stringMatching(LARAVEL_TIME),
          customer: { id: customer.user.id, name: 'John Doe', email: customer.user.email },
          admin: null,
        },
      });
      expect(await tickets.ticket(ticketId)).toMatchObject({ status: 'open', messageCount: 1, isCustomerRead: true, isAdminRead: false, lastRepliedAt: null, lastRepliedBy: null });
      const events = await tickets.outbox(ticketId);
      expect(events.map((e) => e.type)).toEqual(['ticket.created', 'message.created']);
      expect(events[1].payload.data).toEqual({ messageId: res.body.data.id, senderType: 'customer', preview: 'Thank you for your help! When can I expect the replacement?' });
    });

    it('a staff message: sender_type admin, customer unread, staff read, last_replied_at/by set', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const res = await send(ticketId, admin, "I apologize for the inconvenience. We'll send you the correct product right away.");
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ customer_id: null, admin_id: admin.user.id, sender_type: 'admin', customer: null, admin: { id: admin.user.id, name: admin.user.name, email: admin.user.email } });
      const ticket = await tickets.ticket(ticketId);
      expect(ticket).toMatchObject({ status: 'open', messageCount: 1, isCustomerRead: false, isAdminRead: true, lastRepliedBy: admin.user.id });
      expect(ticket.lastRepliedAt).toBeInstanceOf(Date);
    });

    it('stores attachment URLs and validates them', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const ok = await send(ticketId, customer, { message: 'Photos attached', attachments: ['https://cdn.example.com/a.jpg', 'http://files.example.com/b.png'] });
      expect(ok.status).toBe(201);
      expect(ok.body.data.attachments).toEqual(['https://cdn.example.com/a.jpg', 'http://files.example.com/b.png']);
      const stored = await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: customer.token });
      expect(stored.body.data.map((m: { attachments: unknown }) => m.attachments)).toEqual([['https://cdn.example.com/a.jpg', 'http://files.example.com/b.png']]);

      for (const attachments of [['javascript:alert(1)'], ['not a url'], 'https://x.example.com/a.jpg', Array(11).fill('https://x.example.com/a.jpg')]) {
        const bad = await send(ticketId, customer, { message: 'Photos', attachments });
        expect(bad.status).toBe(422);
        expect(bad.body).toMatchObject({ success: false, message: 'Validation failed', errors: { attachments: [expect.stringMatching(/^The attachments /)] } });
      }
    });

    it('answers 422 for a missing or empty message, 404 for a missing ticket, 403 for someone else’s', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const ticketId = await open(owner);
      for (const body of [{}, { message: '' }, { message: '   ' }]) {
        const res = await send(ticketId, owner, body);
        expect(res.status).toBe(422);
        expect(res.body).toEqual({ success: false, message: 'Validation failed', errors: { message: ['The message field is required.'] } });
      }
      expect((await send(ticketId, owner, { message: 'x'.repeat(5001) })).body.errors).toEqual({ message: ['The message must not be greater than 5000 characters.'] });
      const missing = await send(999999999, owner, 'Hello');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ success: false, message: 'Ticket not found' });
      const forbidden = await send(ticketId, stranger, 'Hello');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ success: false, message: 'Unauthorized access to this ticket' });
      expect((await tickets.ticket(ticketId)).messageCount).toBe(0);
    });

    it('an agent replying from the unassigned queue takes the ticket (assigned, in progress, recorded); then only they reply', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const ticketId = await open(customer);
      expect((await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: agent.token })).status).toBe(200);
      const queued = await send(ticketId, agent, 'Hello from the queue, I am on it');
      expect(queued.status).toBe(201);
      expect(queued.body.data).toMatchObject({ sender_type: 'admin', admin_id: agent.user.id, message: 'Hello from the queue, I am on it' });
      expect(await tickets.ticket(ticketId)).toMatchObject({ assigneeId: agent.user.id, status: 'in_progress', messageCount: 1, lastRepliedBy: agent.user.id });
      expect((await tickets.history(ticketId)).map((h) => [h.type, h.fromValue, h.toValue, h.actorId])).toEqual([
        ['created', null, 'open', customer.user.id],
        ['assigned', null, String(agent.user.id), agent.user.id],
        ['status_changed', 'open', 'in_progress', agent.user.id],
      ]);
      // Taking it comes first, as assign-self would have: the queue's watchers learn it left the queue before the reply.
      expect((await tickets.outbox(ticketId)).map((e) => e.type)).toEqual(['ticket.created', 'ticket.assigned', 'ticket.status_changed', 'message.created']);

      expect((await send(ticketId, colleague, 'Me too')).status).toBe(403);
      expect((await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: colleague.token })).status).toBe(403);
      expect((await tickets.ticket(ticketId)).messageCount).toBe(1);
      expect((await send(ticketId, agent, 'Still on it')).status).toBe(201);
    });

    it('an admin replying on an unassigned ticket leaves it in the queue (admins oversee, they do not take tickets by replying)', async () => {
      const ticketId = await open(await factories.customer());
      expect((await send(ticketId, admin, 'An admin looks into it')).status).toBe(201);
      expect(await tickets.ticket(ticketId)).toMatchObject({ assigneeId: null, status: 'open' });
    });

    it('lets a group member of an mtxi ticket read and write the conversation', async () => {
      const [owner, member] = [await factories.customer(), await factories.customer()];
      const ride = await factories.ride(owner.user.id, { passengerIds: [member.user.id] });
      const created = await app.http.post(
        '/api/customer/mtxi/support',
        { serviceType: 'ride', issueType: 'SERVICE_QUALITY', description: 'The driver was rude', rideId: ride.id, groupCustomerIds: [member.user.id] },
        { token: owner.token },
      );
      const ticketId = created.body.data.ticketId;
      const res = await send(ticketId, member, 'I was there too');
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ sender_type: 'customer', customer_id: member.user.id });
      expect((await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: member.token })).body.data).toHaveLength(1);
    });

    it('sends a message once for one Idempotency-Key, however often it is retried', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const headers = { 'idempotency-key': `msg-${ticketId}` };
      const first = await app.http.post(`${TICKETS}/${ticketId}/messages`, { message: 'Only once' }, { token: customer.token, headers });
      const retry = await app.http.post(`${TICKETS}/${ticketId}/messages`, { message: 'Only once' }, { token: customer.token, headers });
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((await tickets.ticket(ticketId)).messageCount).toBe(1);
    });

    it('keeps message_count exact under concurrent sends (the ticket row is locked)', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      await assign(ticketId, admin);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => send(ticketId, i % 2 ? customer : admin, `Message ${i}`)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const ticket = await tickets.ticket(ticketId);
      expect(ticket.messageCount).toBe(20);
      expect(await db().getRepository(TicketMessage).countBy({ ticketId })).toBe(20);
      const last = await db().getRepository(TicketMessage).findOneOrFail({ where: { ticketId }, order: { id: 'DESC' } });
      expect(ticket.isAdminRead).toBe(last.senderType === 'admin');
      expect(ticket.isCustomerRead).toBe(last.senderType === 'customer');
    });
  });

  describe('reopen rules (seed 003 notes 4)', () => {
    it('a customer reply reopens a resolved ticket to open; a staff reply reopens it to in_progress', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      await tickets.resolve(ticketId, admin);
      await send(ticketId, customer, 'It is still broken');
      let ticket = await tickets.ticket(ticketId);
      expect(ticket).toMatchObject({ status: 'open', resolvedAt: null });

      await tickets.resolve(ticketId, admin);
      await send(ticketId, admin, 'One more thing');
      ticket = await tickets.ticket(ticketId);
      expect(ticket.status).toBe('in_progress');
      const history = await tickets.history(ticketId);
      expect(history.filter((h) => h.type === 'status_changed').map((h) => [h.fromValue, h.toValue, h.actorRole])).toEqual([
        ['open', 'in_progress', 'admin'],
        ['in_progress', 'resolved', 'admin'],
        ['resolved', 'open', 'customer'],
        ['open', 'in_progress', 'admin'],
        ['in_progress', 'resolved', 'admin'],
        ['resolved', 'in_progress', 'admin'],
      ]);
    });

    it('a customer reply reopens a closed ticket to open; other statuses stay as they are', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      await tickets.resolve(ticketId, admin);
      const close = await app.http.put(`/api/support/tickets/${ticketId}/update-status/`, { status: 'Closed' }, { token: admin.token });
      expect(close.status).toBe(200);
      await send(ticketId, customer, 'Please reopen');
      expect(await tickets.ticket(ticketId)).toMatchObject({ status: 'open', closedAt: null });

      await app.http.put(`/api/support/tickets/${ticketId}/update-status/`, { status: 'In Progress' }, { token: admin.token });
      await app.http.put(`/api/support/tickets/${ticketId}/update-status/`, { status: 'On Hold' }, { token: admin.token });
      await send(ticketId, customer, 'Any news?');
      await send(ticketId, admin, 'Waiting for the courier');
      expect((await tickets.ticket(ticketId)).status).toBe('on_hold');
    });
  });

  describe('GET /api/support-tickets/{ticket}/messages', () => {
    it('lists the conversation oldest first and marks the other side’s messages and the ticket read for the viewer', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const question = (await send(ticketId, customer, 'Where is my replacement?')).body.data;
      const answer = (await send(ticketId, admin, 'It ships tomorrow.')).body.data;
      expect(await tickets.ticket(ticketId)).toMatchObject({ isCustomerRead: false, isAdminRead: true });

      const asCustomer = await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: customer.token });
      expect(asCustomer.status).toBe(200);
      expect(asCustomer.body.success).toBe(true);
      expect(asCustomer.body.data.map((m: { id: number }) => m.id)).toEqual([question.id, answer.id]);
      // Replying read the question; opening the conversation read the answer.
      expect(asCustomer.body.data[0]).toMatchObject({ is_read: true, read_at: expect.stringMatching(LARAVEL_TIME) });
      expect(asCustomer.body.data[1]).toMatchObject({ is_read: true, read_at: expect.stringMatching(LARAVEL_TIME) });
      expect(await tickets.ticket(ticketId)).toMatchObject({ isCustomerRead: true, isAdminRead: true });

      const followUp = (await send(ticketId, customer, 'Thanks, which carrier?')).body.data;
      expect(await tickets.ticket(ticketId)).toMatchObject({ isCustomerRead: true, isAdminRead: false });
      const asStaff = await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: admin.token });
      expect(asStaff.body.data[2]).toMatchObject({ id: followUp.id, is_read: true });
      expect(await tickets.ticket(ticketId)).toMatchObject({ isCustomerRead: true, isAdminRead: true });

      const reads = (await tickets.outbox(ticketId)).filter((e) => e.type === 'message.read');
      expect(reads.map((e) => e.payload.data)).toEqual([
        { messageId: question.id, readerId: admin.user.id },
        { messageId: answer.id, readerId: customer.user.id },
        { messageId: followUp.id, readerId: admin.user.id },
      ]);
      // Opening it again changes nothing and records nothing.
      await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: admin.token });
      expect((await tickets.outbox(ticketId)).filter((e) => e.type === 'message.read')).toHaveLength(3);
    });

    it('marks a new ticket read for staff when they open it', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      expect((await tickets.ticket(ticketId)).isAdminRead).toBe(false);
      await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: admin.token });
      expect((await tickets.ticket(ticketId)).isAdminRead).toBe(true);
    });

    it('pages back with limit and before_id', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) ids.push((await send(ticketId, customer, `Message ${i}`)).body.data.id);
      const newest = await app.http.get(`${TICKETS}/${ticketId}/messages?limit=2`, { token: customer.token });
      expect(newest.body.data.map((m: { id: number }) => m.id)).toEqual(ids.slice(3));
      const older = await app.http.get(`${TICKETS}/${ticketId}/messages?limit=2&before_id=${ids[3]}`, { token: customer.token });
      expect(older.body.data.map((m: { id: number }) => m.id)).toEqual(ids.slice(1, 3));
      const bad = await app.http.get(`${TICKETS}/${ticketId}/messages?limit=nope`, { token: customer.token });
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual({ limit: ['The limit must be an integer.'] });
    });

    it('is 403 for another customer’s ticket (and reads nothing), 404 for a missing one', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const ticketId = await open(owner);
      await send(ticketId, admin, 'Private answer');
      const res = await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: stranger.token });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ success: false, message: 'Unauthorized access to this ticket' });
      expect(JSON.stringify(res.body)).not.toContain('Private answer');
      expect((await tickets.ticket(ticketId)).isCustomerRead).toBe(false);
      const missing = await app.http.get(`${TICKETS}/999999999/messages`, { token: stranger.token });
      expect(missing.status).toBe(404);
    });

    it('never contains internal notes', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      await app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Customer seems to be lying' }, { token: admin.token });
      await send(ticketId, admin, 'Looking into it');
      const res = await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: customer.token });
      expect(res.body.data.map((m: { message: string }) => m.message)).toEqual(['Looking into it']);
      expect(JSON.stringify(res.body)).not.toContain('lying');
      expect((await tickets.ticket(ticketId)).messageCount).toBe(1);
      const single = await app.http.get(`${TICKETS}/${ticketId}`, { token: customer.token });
      expect(JSON.stringify(single.body)).not.toContain('lying');
      const search = await app.http.get(`${TICKETS}?search=lying`, { token: customer.token });
      expect(search.body.data.total).toBe(0);
    });
  });

  describe('PUT /api/support-messages/{message}/read', () => {
    it('marks the other side’s message read, then the ticket once nothing is left unread', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const first = (await send(ticketId, admin, 'First answer')).body.data;
      const second = (await send(ticketId, admin, 'Second answer')).body.data;

      const res = await app.http.put(`/api/support-messages/${first.id}/read`, undefined, { token: customer.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'Message marked as read' });
      const stored = await db().getRepository(TicketMessage).findOneByOrFail({ id: first.id });
      expect(stored).toMatchObject({ isRead: true });
      expect(stored.readAt).toBeInstanceOf(Date);
      expect((await tickets.ticket(ticketId)).isCustomerRead).toBe(false);

      await app.http.put(`/api/support-messages/${second.id}/read`, undefined, { token: customer.token });
      expect((await tickets.ticket(ticketId)).isCustomerRead).toBe(true);
      const readEvents = (await tickets.outbox(ticketId)).filter((e) => e.type === 'message.read').map((e) => e.payload.data);
      expect(readEvents).toEqual([
        { messageId: first.id, readerId: customer.user.id },
        { messageId: second.id, readerId: customer.user.id },
      ]);
    });

    it('leaves a message of one’s own side as it is (its recipient reads it)', async () => {
      const customer = await factories.customer();
      const ticketId = await open(customer);
      const own = (await send(ticketId, customer, 'My question')).body.data;
      const res = await app.http.put(`/api/support-messages/${own.id}/read`, undefined, { token: customer.token });
      expect(res.status).toBe(200);
      expect((await db().getRepository(TicketMessage).findOneByOrFail({ id: own.id })).isRead).toBe(false);
    });

    it('is 403 "Unauthorized access" for a message of someone else’s ticket, 404 for a missing message', async () => {
      const [owner, stranger] = [await factories.customer(), await factories.customer()];
      const ticketId = await open(owner);
      const message = (await send(ticketId, admin, 'Hello')).body.data;
      const forbidden = await app.http.put(`/api/support-messages/${message.id}/read`, undefined, { token: stranger.token });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toEqual({ success: false, message: 'Unauthorized access' });
      expect((await db().getRepository(TicketMessage).findOneByOrFail({ id: message.id })).isRead).toBe(false);
      for (const id of ['999999999', 'abc']) {
        const missing = await app.http.put(`/api/support-messages/${id}/read`, undefined, { token: owner.token });
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ success: false, message: 'Message not found' });
      }
      expect((await app.http.put(`/api/support-messages/${message.id}/read`)).status).toBe(401);
    });
  });

  describe('socket events (SPEC section 3)', () => {
    it('sends support:message_created and support:message_read to the customer and staff; notes only to staff', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const ticketId = await open(customer);
      await assign(ticketId, agent);
      const [customerSocket, agentSocket] = [await sockets.connect(customer), await sockets.connect(agent)];

      const reply = (await send(ticketId, agent, 'We are on it')).body.data;
      const created = await customerSocket.next('support:message_created', (p) => p.messageId === reply.id);
      expect(created).toMatchObject({ ticketId, messageId: reply.id, senderType: 'admin', preview: 'We are on it', actor: { id: agent.user.id, role: 'agent' } });
      await agentSocket.next('support:message_created', (p) => p.messageId === reply.id);

      await app.http.get(`${TICKETS}/${ticketId}/messages`, { token: customer.token });
      expect(await agentSocket.next('support:message_read', (p) => p.ticketId === ticketId)).toMatchObject({ messageId: reply.id, readerId: customer.user.id });

      const note = await app.http.post(`/api/support/tickets/${ticketId}/add-note/`, { note: 'Internal only' }, { token: agent.token });
      expect(note.status).toBe(201);
      await agentSocket.next('support:note_created', (p) => p.ticketId === ticketId);
      await settle();
      expect(customerSocket.received('support:note_created')).toEqual([]);
      expect(JSON.stringify(customerSocket.events)).not.toContain('Internal only');
    });

    it('sends support:ticket_assigned to staff and support:ticket_updated to the customer on assign-self', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const ticketId = await open(customer);
      const [customerSocket, adminSocket] = [await sockets.connect(customer), await sockets.connect(admin)];
      await assign(ticketId, agent);
      expect(await adminSocket.next('support:ticket_assigned', (p) => p.ticketId === ticketId)).toMatchObject({ assigneeId: agent.user.id, previousAssigneeId: null });
      expect(await customerSocket.next('support:ticket_updated', (p) => p.ticketId === ticketId && p.change === 'status_changed')).toMatchObject({
        status: 'in_progress',
        details: { from: 'open', to: 'in_progress' },
      });
      await settle();
      expect(customerSocket.received('support:ticket_assigned')).toEqual([]);
    });
  });
});
