import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, DomainErrorCode, RequestContext, Transactions } from '@mm/core';
import { User } from '@mm/auth';
import { TicketAccess } from '../ticket-access';
import { applyWorkflow, recordTicketChange } from '../ticket-changes';
import { Ticket } from '../ticket.entity';
import { pickUp } from '../ticket-workflow';

/**
 * Who works a ticket: staff take it from the unassigned queue (seed 004
 * assign-self), admins hand it to an approved agent (reassign). Every change
 * locks the ticket, so two agents taking the same ticket end with one owner
 * and the other told it is already assigned.
 */
@Injectable()
export class AssignTicketService {
  constructor(private readonly transactions: Transactions) {}

  /** Staff take an unassigned ticket; a new or escalated ticket is now in progress. */
  assignSelf(ctx: RequestContext, ticketId: number): Promise<Ticket> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await this.findInQueue(manager, ctx.actor, ticketId);
      if (ticket.assigneeId !== null) throw alreadyAssigned();
      return takeFromQueue(manager, ticket, ctx.actor, now);
    });
  }

  /** An admin gives the ticket to an approved agent; its status stays (the agent has not picked it up yet). */
  reassign(ctx: RequestContext, ticketId: number, agentId: number): Promise<Ticket> {
    if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins can reassign tickets');
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const ticket = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'work', { lock: true });
      // FOR SHARE: a deactivation of this agent waits for this assignment (and returns the ticket to the queue), or wins and is seen here.
      const agent = await manager.findOne(User, { where: { id: agentId, role: 'agent' }, select: ['id', 'approvedAt', 'deactivatedAt'], lock: { mode: 'pessimistic_read' } });
      if (!agent || agent.deactivatedAt) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent not found');
      if (!agent.approvedAt) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent is not approved');
      if (ticket.assigneeId === agentId) return ticket;
      return assignTicket(manager, ticket, agentId, ctx.actor, now);
    });
  }

  /**
   * The ticket if the actor may pick it up. An agent does not see tickets
   * assigned to someone else; for them (and for whoever lost a race to take
   * the same ticket) the answer is "already assigned", which reveals nothing
   * beyond the fact, instead of "not found".
   */
  private async findInQueue(manager: EntityManager, actor: Actor, ticketId: number): Promise<Ticket> {
    try {
      return await TicketAccess.findForActor(manager, actor, ticketId, 'pick_up', { lock: true });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === DomainErrorCode.TicketNotFound)) throw error;
      // A fresh statement: it reads the assignee as last committed (including a change the locking read above waited for).
      const taken = await manager.findOne(Ticket, { where: { id: ticketId }, select: ['id', 'assigneeId'] });
      if (taken && taken.assigneeId !== null && actor.role !== 'customer') throw alreadyAssigned();
      throw error;
    }
  }
}

/**
 * The actor takes a locked, unassigned ticket: assigned to them (history, event), and a new or
 * escalated ticket is now in progress. assign-self, and an agent's reply from the queue.
 */
export async function takeFromQueue(manager: EntityManager, ticket: Ticket, actor: Actor, at: Date): Promise<Ticket> {
  if (actor.role === 'agent') {
    // FOR SHARE, as in reassign: an agent deactivated meanwhile does not take a ticket after their open ones went back to the queue.
    const [active] = await manager.query('SELECT 1 FROM users WHERE id = $1 AND deactivated_at IS NULL FOR SHARE', [actor.id]);
    if (!active) throw new DomainError(DomainErrorCode.PermissionDenied, 'Your agent account is deactivated');
  }
  const assigned = await assignTicket(manager, ticket, actor.id, actor, at);
  return applyWorkflow(manager, assigned, pickUp(assigned, at), actor, at);
}

function alreadyAssigned(): DomainError {
  return new DomainError(DomainErrorCode.TicketAlreadyAssigned, 'Ticket is already assigned');
}

/** Sets the assignee of a locked ticket and records it (history `assigned`, event `ticket.assigned` with numeric from/to); also routing's assignments. */
export async function assignTicket(manager: EntityManager, ticket: Ticket, assigneeId: number, actor: Actor, at: Date): Promise<Ticket> {
  const previous = ticket.assigneeId;
  await manager.update(Ticket, { id: ticket.id }, { assigneeId, updatedAt: at });
  const updated = Object.assign(ticket, { assigneeId, updatedAt: at });
  await recordTicketChange(
    manager,
    updated,
    actor,
    { history: 'assigned', event: 'ticket.assigned', from: previous === null ? null : String(previous), to: String(assigneeId), details: { from: previous, to: assigneeId } },
    at,
  );
  return updated;
}

/** A locked ticket goes back to the unassigned queue (its agent was deactivated); recorded as an assignment to nobody. */
export async function returnToQueue(manager: EntityManager, ticket: Ticket, actor: Actor, at: Date): Promise<Ticket> {
  const previous = ticket.assigneeId;
  await manager.update(Ticket, { id: ticket.id }, { assigneeId: null, updatedAt: at });
  const updated = Object.assign(ticket, { assigneeId: null, updatedAt: at });
  await recordTicketChange(
    manager,
    updated,
    actor,
    { history: 'assigned', event: 'ticket.assigned', from: previous === null ? null : String(previous), to: null, details: { from: previous, to: null } },
    at,
  );
  return updated;
}
