import { Injectable } from '@nestjs/common';
import { RequestContext, Transactions } from '@mm/core';
import { TicketAccess } from './ticket-access';
import { applyWorkflow, recordTicketChange } from './ticket-changes';
import { Ticket } from './ticket.entity';
import { TicketPriority, TicketStatus } from './ticket-vocabulary';
import { moveByStaff } from './ticket-workflow';

export interface StaffTicketChanges {
  status?: TicketStatus;
  priority?: TicketPriority;
  resolutionDetails?: string | null;
}

/**
 * Staff (the assigned agent, or an admin) change a ticket's status along the
 * workflow, its priority and its resolution details. A status equal to the
 * current one is no change; each real change is recorded.
 */
@Injectable()
export class ChangeStatusService {
  constructor(private readonly transactions: Transactions) {}

  change(ctx: RequestContext, ticketId: number, changes: StaffTicketChanges): Promise<Ticket> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      let ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'work', { lock: true });
      if (changes.status !== undefined && changes.status !== ticket.status) {
        ticket = await applyWorkflow(manager, ticket, moveByStaff(ticket, changes.status, now), ctx.actor, now);
      }

      const fields: Partial<Pick<Ticket, 'priority' | 'resolutionDetails'>> = {};
      if (changes.priority !== undefined && changes.priority !== ticket.priority) fields.priority = changes.priority;
      if (changes.resolutionDetails !== undefined && changes.resolutionDetails !== ticket.resolutionDetails) fields.resolutionDetails = changes.resolutionDetails;
      const names = Object.keys(fields) as (keyof typeof fields)[];
      if (!names.length) return ticket;

      const diff = Object.fromEntries(names.map((name) => [name, { from: ticket[name], to: fields[name] }]));
      await manager.update(Ticket, { id: ticket.id }, { ...fields, updatedAt: now });
      ticket = Object.assign(ticket, fields, { updatedAt: now });
      await recordTicketChange(manager, ticket, ctx.actor, { history: 'updated', event: 'ticket.updated', details: { changes: diff } }, now);
      return ticket;
    });
  }
}
