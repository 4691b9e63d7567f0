import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor, DomainError, DomainErrorCode, recordAudit, RequestContext, Transactions } from '@mm/core';
import { User } from '@mm/auth';
import { Ticket } from '../ticket.entity';
import { TicketStatus } from '../ticket-vocabulary';
import { returnToQueue } from './assign-ticket.service';

/** Tickets an agent is still working: they go back to the queue when the agent is deactivated. */
const OPEN_STATUSES: TicketStatus[] = ['open', 'in_progress', 'on_hold', 'escalated'];

/**
 * Admins end an agent's access: reject a registration awaiting approval, or
 * deactivate an approved agent. Either sets `deactivated_at`: every token of
 * the agent is 401 from the next request (AccessGuard reads it), sign-in is
 * refused, and the agent's open tickets return to the unassigned queue (history
 * and `ticket.assigned` to nobody), in one transaction. Both are idempotent.
 */
@Injectable()
export class AgentAccountsService {
  private readonly logger = new Logger(AgentAccountsService.name);

  constructor(private readonly transactions: Transactions) {}

  /** Only an agent awaiting approval can be rejected (an approved one is deactivated instead). */
  async reject(ctx: RequestContext, agentId: number): Promise<User> {
    assertAdmin(ctx);
    const agent = await this.transactions.run(async (manager) => {
      const found = await lockAgent(manager, agentId);
      if (found.approvedAt !== null && found.deactivatedAt === null) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent is not awaiting approval');
      return deactivate(manager, found, ctx.actor, 'agent.rejected');
    });
    this.logger.log({ agentId, rejectedBy: ctx.actor.id }, 'Agent rejected');
    return agent;
  }

  /** Deactivates the agent and returns their open tickets to the queue; the ids of those tickets. */
  async deactivate(ctx: RequestContext, agentId: number): Promise<{ agent: User; returnedTicketIds: number[] }> {
    assertAdmin(ctx);
    const result = await this.transactions.run(async (manager) => {
      const agent = await deactivate(manager, await lockAgent(manager, agentId), ctx.actor, 'agent.deactivated');
      const now = new Date();
      const open = await manager.find(Ticket, { where: { assigneeId: agentId, status: In(OPEN_STATUSES) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      for (const ticket of open) await returnToQueue(manager, ticket, ctx.actor, now);
      return { agent, returnedTicketIds: open.map((t) => t.id) };
    });
    this.logger.log({ agentId, deactivatedBy: ctx.actor.id, returnedTickets: result.returnedTicketIds.length }, 'Agent deactivated');
    return result;
  }
}

function assertAdmin(ctx: RequestContext): void {
  if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins can reject or deactivate agents');
}

/** The agent's row, locked (FOR UPDATE): assignments to them (FOR SHARE) wait until this change commits. */
async function lockAgent(manager: EntityManager, agentId: number): Promise<User> {
  const agent = await manager.findOne(User, { where: { id: agentId, role: 'agent' }, lock: { mode: 'pessimistic_write' } });
  if (!agent) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent not found');
  return agent;
}

async function deactivate(manager: EntityManager, agent: User, actor: Actor, action: 'agent.rejected' | 'agent.deactivated'): Promise<User> {
  if (agent.deactivatedAt !== null) return agent;
  const audited = () => ({ id: agent.id, email: agent.email, name: agent.name, deactivatedAt: agent.deactivatedAt?.toISOString() ?? null });
  const before = audited();
  agent.deactivatedAt = new Date();
  await manager.update(User, { id: agent.id }, { deactivatedAt: agent.deactivatedAt });
  await recordAudit(manager, actor, { action, entityType: 'agent', entityId: agent.id, before, after: audited() });
  return agent;
}
