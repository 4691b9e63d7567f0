import { JwtService } from '@nestjs/jwt';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { DomainEventType } from '@mm/core';
import { Ticket } from '@mm/ticket';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';
import { recordSyntheticEvent, RecordingSocket, settle } from './support/socket';

/**
 * The socket.io gateway with synthetic outbox events (written exactly as the
 * domain writes them: recordEvent in a transaction): handshake
 * authentication, rooms and who receives what.
 */
describe('realtime: socket.io gateway', () => {
  const { app, factories, sockets } = useTestApp({ ownDatabase: true });

  const record = (type: DomainEventType, ticket: Ticket, actor: Person, data: Record<string, unknown> = {}) => recordSyntheticEvent(app, type, ticket, actor, data);

  describe('handshake', () => {
    const secret = process.env.JWT_SECRET!;

    it('accepts the JWT as auth.token or as an Authorization header and joins the user room', async () => {
      const customer = await factories.customer();
      const viaAuth = await sockets.connect(customer);
      const viaHeader = await sockets.connect(customer, { viaHeader: true });
      expect(viaAuth.received('session:ready')[0]).toEqual({ userId: customer.user.id, role: 'customer', recovered: false });
      expect(viaHeader.received('session:ready')[0]).toMatchObject({ userId: customer.user.id });
    });

    it('refuses a missing, malformed, tampered, expired or foreign-signed token at connect', async () => {
      const customer = await factories.customer();
      const [header, payload] = customer.token.split('.');
      const jwt = new JwtService();
      const expired = jwt.sign({ sub: String(customer.user.id), role: 'customer', exp: Math.floor(Date.now() / 1000) - 10 }, { secret });
      const foreign = jwt.sign({ sub: String(customer.user.id), role: 'customer' }, { secret: 'another-secret-0123456789', expiresIn: 600 });
      const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: String(customer.user.id), role: 'admin', exp: 9999999999 })).toString('base64url')}.${customer.token.split('.')[2]}`;
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      for (const token of [undefined, '', 'not-a-jwt', tampered, expired, foreign, unsigned]) {
        const error = await sockets.refused(token);
        expect(error.message).toBe('Unauthorized');
        expect(error.data).toEqual({ code: 'UNAUTHORIZED' });
      }
      const viaHeader = await sockets.refused(expired, { viaHeader: true });
      expect(viaHeader.message).toBe('Unauthorized');
    });

    it('refuses the token of a user that no longer matches (role changed) and service tokens', async () => {
      const customer = await factories.customer();
      await app.running.app.get(DataSource).query(`UPDATE users SET role = 'agent' WHERE id = $1`, [customer.user.id]);
      expect((await sockets.refused(customer)).message).toBe('Unauthorized');
      const service = await sockets.refused(factories.serviceToken('munch'));
      expect(service).toMatchObject({ message: 'Forbidden', data: { code: 'FORBIDDEN' } });
    });

    it('drops the connection when the token expires', async () => {
      const customer = await factories.customer();
      const shortLived = new JwtService().sign({ sub: String(customer.user.id), role: 'customer' }, { secret, expiresIn: 2 });
      const socket = await sockets.connect(shortLived);
      const reason = await new Promise((resolve) => socket.socket.once('disconnect', resolve));
      expect(reason).toBe('io server disconnect');
      // A token valid for longer than a timer can wait (~24.8 days) keeps its connection.
      const longLived = await sockets.connect(new JwtService().sign({ sub: String(customer.user.id), role: 'customer' }, { secret, expiresIn: 40 * 24 * 3600 }));
      await settle(300);
      expect(longLived.socket.connected).toBe(true);
    });
  });

  describe('ticket rooms', () => {
    it('lets a customer join their own ticket room and not another customer\'s (same answer as a missing ticket)', async () => {
      const [alice, bob] = [await factories.customer(), await factories.customer()];
      const ticket = await factories.ticket(alice);
      const aliceSocket = await sockets.connect(alice);
      const bobSocket = await sockets.connect(bob);
      expect(await aliceSocket.emitWithAck('join', { ticketId: ticket.id })).toEqual({ ok: true, room: `ticket:${ticket.id}` });
      const refused = await bobSocket.emitWithAck('join', { ticketId: ticket.id });
      expect(refused).toEqual({ ok: false, error: { code: 'TICKET_NOT_FOUND', message: 'Ticket not found' } });
      expect(await bobSocket.emitWithAck('join', { ticketId: 2_000_000_000 })).toEqual(refused);
      expect(await bobSocket.emitWithAck('join', { ticketId: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(await bobSocket.emitWithAck('join', null)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

      // Bob receives nothing of Alice's ticket; Alice, in her user room and the ticket room, receives it once.
      await record('ticket.status_changed', { ...ticket, status: 'in_progress' }, alice, { from: 'open', to: 'in_progress' });
      const update = await aliceSocket.next('support:ticket_updated', (p) => p.ticketId === ticket.id);
      expect(update).toMatchObject({ ticketId: ticket.id, change: 'status_changed', status: 'in_progress', details: { from: 'open', to: 'in_progress' } });
      await settle(300);
      expect(aliceSocket.received('support:ticket_updated')).toHaveLength(1);
      expect(bobSocket.events.map((e) => e.name)).toEqual(['session:ready']);
    });

    it('lets a group member join; lets agents join queue tickets and their own, not another agent\'s; refuses unapproved agents', async () => {
      const [owner, member] = [await factories.customer(), await factories.customer()];
      const [agent, other] = [await factories.agent(), await factories.agent()];
      const unapproved = await factories.unapprovedAgent();
      const queued = await factories.ticket(owner, { groupCustomerIds: [member.user.id] });
      const othersTicket = await factories.ticket(owner, { assigneeId: other.user.id, status: 'in_progress' });
      const memberSocket = await sockets.connect(member);
      const agentSocket = await sockets.connect(agent);
      const unapprovedSocket = await sockets.connect(unapproved);
      expect(await memberSocket.emitWithAck('join', { ticketId: queued.id })).toMatchObject({ ok: true });
      expect(await agentSocket.emitWithAck('join', { ticketId: queued.id })).toMatchObject({ ok: true });
      expect(await agentSocket.emitWithAck('join', { ticketId: othersTicket.id })).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_FOUND' } });
      expect(await unapprovedSocket.emitWithAck('join', { ticketId: queued.id })).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_FOUND' } });
    });

    it('takes a reassigned ticket\'s room away from agents who no longer see it', async () => {
      const customer = await factories.customer();
      const [first, second] = [await factories.agent(), await factories.agent()];
      const ticket = await factories.ticket(customer);
      const firstSocket = await sockets.connect(first);
      expect(await firstSocket.emitWithAck('join', { ticketId: ticket.id })).toMatchObject({ ok: true });
      const assigned = { ...ticket, assigneeId: second.user.id, status: 'in_progress' } as Ticket;
      const admin = await factories.admin();
      await record('ticket.assigned', assigned, admin, { from: null, to: second.user.id });
      await firstSocket.next('support:ticket_assigned', (p) => p.ticketId === ticket.id);
      await record('message.created', assigned, customer, { messageId: 1, senderType: 'customer', preview: 'Any news?' });
      await settle();
      expect(firstSocket.received('support:message_created')).toEqual([]);
    });
  });

  describe('who receives what', () => {
    it('never sends an internal note to a customer, even one in the ticket room; staff who may see it get support:note_created', async () => {
      const [customer, member] = [await factories.customer(), await factories.customer()];
      const [assignee, otherAgent, admin] = [await factories.agent(), await factories.agent(), await factories.admin()];
      const ticket = await factories.ticket(customer, { groupCustomerIds: [member.user.id], assigneeId: assignee.user.id, status: 'in_progress' });
      const customerSocket = await sockets.connect(customer);
      const memberSocket = await sockets.connect(member);
      expect(await customerSocket.emitWithAck('join', { ticketId: ticket.id })).toMatchObject({ ok: true });
      const assigneeSocket = await sockets.connect(assignee);
      const adminSocket = await sockets.connect(admin);
      const otherAgentSocket = await sockets.connect(otherAgent);
      expect(await adminSocket.emitWithAck('join', { ticketId: ticket.id })).toMatchObject({ ok: true });

      await record('note.created', ticket, assignee, { noteId: 77 });
      const note = await assigneeSocket.next('support:note_created');
      expect(note).toEqual({
        eventId: expect.any(String),
        ticketId: ticket.id,
        ticketNumber: ticket.ticketNumber,
        noteId: 77,
        actor: { id: assignee.user.id, role: 'agent' },
        occurredAt: expect.any(String),
      });
      expect(await adminSocket.next('support:note_created')).toEqual(note);
      await settle();
      expect(adminSocket.received('support:note_created')).toHaveLength(1);
      for (const socket of [customerSocket, memberSocket, otherAgentSocket]) expect(socket.events.map((e) => e.name)).toEqual(['session:ready']);
    });

    it('sends the canonical events of a queue ticket to every approved staff member and of an assigned one to its assignee and admins only', async () => {
      const customer = await factories.customer();
      const [agent, otherAgent, admin, unapproved] = [await factories.agent(), await factories.agent(), await factories.admin(), await factories.unapprovedAgent()];
      const [agentSocket, otherSocket, adminSocket, unapprovedSocket] = await Promise.all([agent, otherAgent, admin, unapproved].map((p) => sockets.connect(p)));
      const ticket = await factories.ticket(customer);

      await record('ticket.created', ticket, customer);
      for (const socket of [agentSocket, otherSocket, adminSocket]) {
        expect(await socket.next('support:ticket_updated', (p) => p.ticketId === ticket.id)).toMatchObject({ change: 'created', status: 'open', assigneeId: null });
      }
      const assigned = { ...ticket, assigneeId: agent.user.id, status: 'in_progress' } as Ticket;
      await record('ticket.assigned', assigned, agent, { from: null, to: agent.user.id });
      for (const socket of [agentSocket, otherSocket, adminSocket]) {
        expect(await socket.next('support:ticket_assigned', (p) => p.ticketId === ticket.id)).toMatchObject({ assigneeId: agent.user.id, previousAssigneeId: null });
      }
      await record('message.created', assigned, customer, { messageId: 5, senderType: 'customer', preview: 'Hello' });
      expect(await agentSocket.next('support:message_created')).toMatchObject({ ticketId: ticket.id, messageId: 5, senderType: 'customer', preview: 'Hello' });
      expect(await adminSocket.next('support:message_created')).toMatchObject({ messageId: 5 });
      await settle();
      expect(otherSocket.received('support:message_created')).toEqual([]);
      expect(unapprovedSocket.events.map((e) => e.name)).toEqual(['session:ready']);
    });

    it('sends a customer the canonical events of their ticket with its helpdesk payloads, plus the read receipts', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const ticket = await factories.ticket(customer, { assigneeId: agent.user.id, status: 'in_progress' });
      const socket = await sockets.connect(customer);
      await record('message.created', ticket, agent, { messageId: 9, senderType: 'admin', preview: 'We are on it' });
      await record('message.read', ticket, agent, { messageId: 8, readerId: agent.user.id });
      await record('ticket.updated', { ...ticket, priority: 'high' }, agent, { changes: { priority: { from: 'medium', to: 'high' } } });
      expect(await socket.next('support:message_created')).toEqual({
        eventId: expect.any(String),
        ticketId: ticket.id,
        ticketNumber: ticket.ticketNumber,
        messageId: 9,
        senderType: 'admin',
        preview: 'We are on it',
        actor: { id: agent.user.id, role: 'agent' },
        occurredAt: expect.any(String),
      });
      expect(await socket.next('support:message_read')).toMatchObject({ ticketId: ticket.id, messageId: 8, readerId: agent.user.id });
      expect(await socket.next('support:ticket_updated')).toMatchObject({
        change: 'updated',
        priority: 'high',
        details: { changes: { priority: { from: 'medium', to: 'high' } } },
      });
      expect(await socket.next('notification:created')).toMatchObject({ kind: 'staff_reply', body: 'Support replied: We are on it' });
      expect(socket.received('support:ticket_assigned')).toEqual([]);
    });
  });

  describe('missed events', () => {
    it('recovers the events a client missed while disconnected, once, when it comes back within two minutes', async () => {
      const customer = await factories.customer();
      const ticket = await factories.ticket(customer);
      const socket = new RecordingSocket(
        io(app.url, { transports: ['websocket'], auth: { token: customer.token }, reconnectionDelay: 1500, reconnectionDelayMax: 1500, forceNew: true }),
      );
      sockets.track(socket);
      await socket.next('session:ready');
      expect(await socket.emitWithAck('join', { ticketId: ticket.id })).toMatchObject({ ok: true });

      const reconnected = new Promise<void>((resolve) => socket.socket.io.once('reconnect', () => resolve()));
      socket.socket.io.engine.close(); // the network drops; the client reconnects in 1.5 s
      await record('ticket.status_changed', { ...ticket, status: 'in_progress' }, customer, { from: 'open', to: 'in_progress' });
      await record('ticket.status_changed', { ...ticket, status: 'on_hold' }, customer, { from: 'in_progress', to: 'on_hold' });
      await settle(500);
      expect(socket.socket.connected).toBe(false);
      await reconnected;

      await socket.next('support:ticket_updated', (p) => p.status === 'on_hold');
      expect(socket.socket.recovered).toBe(true);
      await settle(300);
      expect(socket.received('support:ticket_updated').map((p) => p.status)).toEqual(['in_progress', 'on_hold']);
      expect(socket.received('notification:created')).toHaveLength(2);
      // The recovered session kept its rooms: a later event arrives once.
      await record('ticket.status_changed', { ...ticket, status: 'in_progress' }, customer, { from: 'on_hold', to: 'in_progress' });
      await socket.next('support:ticket_updated', (p) => p.details.from === 'on_hold');
    });
  });
});
