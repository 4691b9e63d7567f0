import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, isStaff, recordEvent, RequestContext, Transactions } from '@mm/core';
import { TicketAccess } from '../ticket-access';
import { toSnapshot } from '../ticket-changes';
import { InternalNote } from './internal-note.entity';

/** The newest notes a ticket shows; older ones are history nobody pages through in a console. */
export const MAX_NOTES_SHOWN = 200;

/**
 * Staff-only notes (seed 004). Adding one is work on the ticket: admins, or
 * the agent it is assigned to. Customers never read them: the read path
 * refuses anyone but staff, and the `note.created` event is staff-only.
 */
@Injectable()
export class InternalNotesService {
  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  add(ctx: RequestContext, ticketId: number, body: string): Promise<InternalNote> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'work', { lock: true });
      const note = await manager.save(manager.create(InternalNote, { ticketId: ticket.id, authorId: ctx.actor.id, body, createdAt: now }));
      await recordEvent(manager, {
        type: 'note.created',
        ticket: toSnapshot(ticket),
        actor: { id: ctx.actor.id, role: ctx.actor.role },
        occurredAt: now.toISOString(),
        data: { noteId: note.id },
      });
      return note;
    });
  }

  /** The ticket's notes, oldest first, for staff who may see the ticket. */
  async list(ctx: RequestContext, ticketId: number): Promise<InternalNote[]> {
    if (!isStaff(ctx.actor)) throw new DomainError(DomainErrorCode.PermissionDenied, 'Internal notes are for support staff only');
    const manager = this.dataSource.manager;
    await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'read');
    const newest = await manager.find(InternalNote, { where: { ticketId }, order: { id: 'DESC' }, take: MAX_NOTES_SHOWN });
    return newest.reverse();
  }
}
