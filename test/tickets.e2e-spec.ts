import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode } from '@mm/core';
import { ChangeStatusService, CreateTicketService, Ticket, TicketAccess, TicketIntent, TICKET_READ_ACCESS, TicketReadAccess } from '@mm/ticket';
import * as ticketNumbers from '../libs/ticket/src/ticket-number';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/** The ticket domain below the surfaces: numbers, the access rule for every role, staff changes. */
describe('ticket domain', () => {
  const { app, factories, tickets } = useTestApp();
  let db: DataSource;
  let admin: Person;

  beforeAll(async () => {
    db = app.running.app.get(DataSource);
    admin = await factories.admin();
  });

  async function ticketOf(customer: Person, groupCustomerIds: number[] = []): Promise<Ticket> {
    const { ticket } = await app.running.app.get(CreateTicketService).create(tickets.contextOf(customer), {
      origin: 'helpdesk',
      category: 'billing',
      subject: 'Charged twice',
      description: 'My card was charged twice',
      groupCustomerIds,
    });
    return ticket;
  }

  async function refusal(work: Promise<unknown>): Promise<DomainErrorCode | 'ok'> {
    try {
      await work;
      return 'ok';
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  }

  const find = (person: Person, ticketId: number, intent: TicketIntent) => TicketAccess.findForActor(db.manager, tickets.contextOf(person).actor, ticketId, intent);

  describe('creating (CreateTicketService)', () => {
    it("refuses a category the ticket's origin does not take, and stores nothing", async () => {
      const customer = await factories.customer();
      const order = await factories.order(customer.user.id, 'munch');
      const create = (category: string) =>
        app.running.app.get(CreateTicketService).create(tickets.contextOf(customer), { origin: 'munch', category, description: 'Arrived broken', orderId: order.id });
      expect(await refusal(create('damaged'))).toBe(DomainErrorCode.InvalidIssueType);
      expect(await db.getRepository(Ticket).countBy({ customerId: customer.user.id })).toBe(0);
      expect(await refusal(create('delivery_issue'))).toBe('ok');
    });

    it('a ticket without category or priority is other and medium', async () => {
      const customer = await factories.customer();
      const { ticket } = await app.running.app.get(CreateTicketService).create(tickets.contextOf(customer), { origin: 'helpdesk', subject: 'Hello', description: 'A question about my account' });
      expect(ticket).toMatchObject({ category: 'other', priority: 'medium' });
    });
  });

  describe('ticket numbers', () => {
    it('draws again when a number is taken', async () => {
      const customer = await factories.customer();
      const taken = await ticketOf(customer);
      const spy = jest.spyOn(ticketNumbers, 'newTicketNumber').mockReturnValueOnce(taken.ticketNumber).mockReturnValueOnce(taken.ticketNumber);
      try {
        const fresh = await ticketOf(customer);
        expect(spy).toHaveBeenCalledTimes(3);
        expect(fresh.ticketNumber).not.toBe(taken.ticketNumber);
        expect(fresh.ticketNumber).toMatch(ticketNumbers.TICKET_NUMBER_PATTERN);
      } finally {
        spy.mockRestore();
      }
    });

    it('are unique in the database', async () => {
      const customer = await factories.customer();
      const ticket = await ticketOf(customer);
      await expect(db.query(`UPDATE tickets SET ticket_number = $1 WHERE id = (SELECT id FROM tickets WHERE id <> $2 LIMIT 1)`, [ticket.ticketNumber, ticket.id])).rejects.toThrow(
        /ux_tickets_number/,
      );
    });
  });

  describe('the access rule', () => {
    it('customers: the owner may do everything, a group member read and message, anyone else nothing (not found)', async () => {
      const [owner, member, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const { id } = await ticketOf(owner, [member.user.id]);
      for (const intent of ['read', 'message', 'owner'] as TicketIntent[]) expect(await refusal(find(owner, id, intent))).toBe('ok');
      expect(await refusal(find(member, id, 'read'))).toBe('ok');
      expect(await refusal(find(member, id, 'message'))).toBe('ok');
      expect(await refusal(find(member, id, 'owner'))).toBe(DomainErrorCode.PermissionDenied);
      expect(await refusal(find(owner, id, 'work'))).toBe(DomainErrorCode.PermissionDenied);
      for (const intent of ['read', 'message', 'owner', 'work', 'pick_up'] as TicketIntent[]) expect(await refusal(find(stranger, id, intent))).toBe(DomainErrorCode.TicketNotFound);
    });

    it('agents: their own tickets and the unassigned queue; they act only on their own, and may pick up from the queue (also by replying)', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const queued = await ticketOf(customer);
      const mine = await ticketOf(customer);
      const theirs = await ticketOf(customer);
      await db.getRepository(Ticket).update(mine.id, { assigneeId: agent.user.id });
      await db.getRepository(Ticket).update(theirs.id, { assigneeId: colleague.user.id });

      expect(await refusal(find(agent, queued.id, 'read'))).toBe('ok');
      expect(await refusal(find(agent, queued.id, 'pick_up'))).toBe('ok');
      expect(await refusal(find(agent, queued.id, 'work'))).toBe(DomainErrorCode.TicketNotAssignedToActor);
      expect(await refusal(find(agent, queued.id, 'message'))).toBe('ok'); // replying takes it (SendMessageService)
      for (const intent of ['read', 'message', 'work'] as TicketIntent[]) expect(await refusal(find(agent, mine.id, intent))).toBe('ok');
      expect(await refusal(find(agent, mine.id, 'owner'))).toBe(DomainErrorCode.PermissionDenied);
      for (const intent of ['read', 'work', 'pick_up'] as TicketIntent[]) expect(await refusal(find(agent, theirs.id, intent))).toBe(DomainErrorCode.TicketNotFound);

      const unapproved = { ...tickets.contextOf(agent).actor, approved: false };
      expect(await TicketAccess.canRead(db.manager, unapproved, queued.id)).toBe(false);
      expect(await TicketAccess.canRead(db.manager, unapproved, mine.id)).toBe(false);
    });

    it('admins: everything staff can do, on every ticket', async () => {
      const customer = await factories.customer();
      const ticket = await ticketOf(customer);
      await db.getRepository(Ticket).update(ticket.id, { assigneeId: (await factories.agent()).user.id });
      for (const intent of ['read', 'message', 'work', 'pick_up'] as TicketIntent[]) expect(await refusal(find(admin, ticket.id, intent))).toBe('ok');
    });

    it('lists start from the same rule: a customer sees own and group tickets only', async () => {
      const [owner, member, other] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const own = await ticketOf(owner);
      const shared = await ticketOf(other, [owner.user.id, member.user.id]);
      await ticketOf(other);
      const visible = await TicketAccess.visibleTickets(db.manager, tickets.contextOf(owner).actor).orderBy('ticket.id').getMany();
      expect(visible.map((t) => t.id)).toEqual([own.id, shared.id]);
    });

    it('TICKET_READ_ACCESS answers with the same rule', async () => {
      const access = app.running.app.get<TicketReadAccess>(TICKET_READ_ACCESS);
      const [owner, member, stranger] = [await factories.customer(), await factories.customer(), await factories.customer()];
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const { id } = await ticketOf(owner, [member.user.id]);
      const actor = (p: Person) => tickets.contextOf(p).actor;
      expect(await access.canRead(actor(owner), id)).toBe(true);
      expect(await access.canRead(actor(member), id)).toBe(true);
      expect(await access.canRead(actor(stranger), id)).toBe(false);
      expect(await access.canRead(actor(agent), id)).toBe(true);
      expect(await access.canRead(actor(admin), id)).toBe(true);
      await db.getRepository(Ticket).update(id, { assigneeId: colleague.user.id });
      expect(await access.canRead(actor(agent), id)).toBe(false);
      expect(await access.canRead(actor(colleague), id)).toBe(true);
      expect(await access.canRead({ id: 0, role: 'service', approved: true, permissions: new Set() }, id)).toBe(false);
      for (const bad of [0, -1, 1.5, 3_000_000_000, Number.NaN]) expect(await access.canRead(actor(admin), bad)).toBe(false);
    });
  });

  describe('staff changes (ChangeStatusService)', () => {
    const change = (person: Person, ticketId: number, changes: Parameters<ChangeStatusService['change']>[2]) =>
      app.running.app.get(ChangeStatusService).change(tickets.contextOf(person), ticketId, changes);

    it('moves along the workflow only, and records each move', async () => {
      const customer = await factories.customer();
      const { id } = await ticketOf(customer);
      expect(await refusal(change(admin, id, { status: 'resolved' }))).toBe(DomainErrorCode.InvalidStatusTransition);
      await change(admin, id, { status: 'in_progress' });
      await change(admin, id, { status: 'on_hold' });
      await change(admin, id, { status: 'in_progress' });
      const resolved = await change(admin, id, { status: 'resolved' });
      expect(resolved.resolvedAt).toBeInstanceOf(Date);
      const reopened = await change(admin, id, { status: 'in_progress' });
      expect(reopened.resolvedAt).toBeNull();
      expect((await tickets.history(id)).map((h) => `${h.fromValue}→${h.toValue}`)).toEqual([
        'null→open',
        'open→in_progress',
        'in_progress→on_hold',
        'on_hold→in_progress',
        'in_progress→resolved',
        'resolved→in_progress',
      ]);
    });

    it('only the assigned agent (or an admin) changes a ticket', async () => {
      const customer = await factories.customer();
      const [agent, colleague] = [await factories.agent(), await factories.agent()];
      const { id } = await ticketOf(customer);
      expect(await refusal(change(agent, id, { status: 'in_progress' }))).toBe(DomainErrorCode.TicketNotAssignedToActor);
      await db.getRepository(Ticket).update(id, { assigneeId: agent.user.id });
      expect(await refusal(change(agent, id, { status: 'in_progress' }))).toBe('ok');
      expect(await refusal(change(colleague, id, { status: 'on_hold' }))).toBe(DomainErrorCode.TicketNotFound);
      expect(await refusal(change(customer, id, { status: 'on_hold' }))).toBe(DomainErrorCode.PermissionDenied);
    });

    it('records priority and resolution changes as one ticket.updated; an unchanged status records nothing', async () => {
      const customer = await factories.customer();
      const { id } = await ticketOf(customer);
      await change(admin, id, { status: 'open', priority: 'urgent', resolutionDetails: 'Waiting for the bank' });
      const [, updated] = await tickets.outbox(id);
      expect(updated).toMatchObject({
        type: 'ticket.updated',
        payload: {
          actor: { id: admin.user.id, role: 'admin' },
          ticket: { priority: 'urgent', status: 'open' },
          data: { changes: { priority: { from: 'medium', to: 'urgent' }, resolutionDetails: { from: null, to: 'Waiting for the bank' } } },
        },
      });
      await change(admin, id, { status: 'open', priority: 'urgent' });
      expect(await tickets.outbox(id)).toHaveLength(2);
      expect((await tickets.history(id)).map((h) => h.type)).toEqual(['created', 'updated']);
    });

    it('an agent picking up an escalated ticket moves it to in_progress', async () => {
      const customer = await factories.customer();
      const agent = await factories.agent();
      const { id } = await ticketOf(customer);
      await app.http.put('/api/customer/munch/support/ticket/escalate', { ticketId: id }, { token: customer.token });
      await db.getRepository(Ticket).update(id, { assigneeId: agent.user.id });
      expect((await change(agent, id, { status: 'in_progress' })).status).toBe('in_progress');
      const [event] = (await tickets.outbox(id)).slice(-1);
      expect(event).toMatchObject({ type: 'ticket.status_changed', payload: { data: { from: 'escalated', to: 'in_progress' } } });
    });
  });
});
