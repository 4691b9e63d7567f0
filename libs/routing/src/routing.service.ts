import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from '@mm/auth';
import { CursorPage, DomainError, DomainErrorCode, keysetPage, PageRequest, recordAudit, RequestContext, Transactions } from '@mm/core';
import { AgentPresenceGateway } from './agent-presence.gateway';
import { RoutingDispatcher } from './routing-dispatcher.service';
import { AgentStatus, DEFAULT_CAPACITY, parseMode, parseProfileChange, parseStatus, RoutingMode, RoutingSkills } from './routing-rules';

/** An agent as the desk's agent list shows it (SPEC 7.3). */
export interface RoutedAgent {
  id: number;
  name: string;
  email: string;
  status: AgentStatus;
  activeTickets: number;
  capacity: number;
  skills: RoutingSkills;
}

const AGENTS = `SELECT u.id, u.name, u.email, COALESCE(r.status, 'offline') AS status, COALESCE(r.capacity, ${DEFAULT_CAPACITY}) AS capacity, COALESCE(r.skills, '{}') AS skills,
    (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed'))::int AS active_tickets
  FROM users u LEFT JOIN agent_routing r ON r.agent_id = u.id
  WHERE u.role = 'agent' AND u.approved_at IS NOT NULL AND u.deactivated_at IS NULL`;

type AgentRow = { id: number; name: string; email: string; status: AgentStatus; capacity: number; skills: RoutingSkills; active_tickets: number };
const toAgent = (row: AgentRow): RoutedAgent => ({ id: row.id, name: row.name, email: row.email, status: row.status, activeTickets: row.active_tickets, capacity: row.capacity, skills: row.skills });

/**
 * Routing's configuration and availability (SPEC 7.3): the mode, each agent's
 * profile (both admin, audited) and each agent's own status. Whatever may let
 * a waiting ticket be given out wakes the dispatcher in the same transaction.
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly dispatcher: RoutingDispatcher,
    private readonly presence: AgentPresenceGateway,
  ) {}

  async mode(ctx: RequestContext): Promise<RoutingMode> {
    assertAdmin(ctx);
    return this.transactions.run((manager) => this.dispatcher.mode(manager));
  }

  async setMode(ctx: RequestContext, body: unknown): Promise<RoutingMode> {
    assertAdmin(ctx);
    const mode = parseMode(body);
    return this.transactions.run(async (manager) => {
      const [{ mode: before }] = (await manager.query('SELECT mode FROM routing_settings WHERE id = 1 FOR UPDATE')) as Array<{ mode: RoutingMode }>;
      if (before === mode) return mode;
      await manager.query('UPDATE routing_settings SET mode = $1, updated_at = now() WHERE id = 1', [mode]);
      await recordAudit(manager, ctx.actor, { action: 'routing.updated', entityType: 'routing', entityId: null, before: { mode: before }, after: { mode } });
      if (mode !== 'off') await this.dispatcher.wake(manager);
      return mode;
    });
  }

  /** Approved, active agents by id, a cursor page at a time. */
  async listAgents(ctx: RequestContext, page: PageRequest): Promise<CursorPage<RoutedAgent>> {
    assertAdmin(ctx);
    return this.transactions.run(async (manager) => {
      const query = manager.getRepository(User).createQueryBuilder('u').select('u.id').where(`u.role = 'agent' AND u.approved_at IS NOT NULL AND u.deactivated_at IS NULL`);
      const { items, nextCursor } = await keysetPage(query, { name: 'agents', columns: [{ sql: 'u.id', type: 'int' }], direction: 'ASC' }, page);
      const rows = items.length ? ((await manager.query(`${AGENTS} AND u.id = ANY($1) ORDER BY u.id`, [items.map((user) => user.id)])) as AgentRow[]) : [];
      return { items: rows.map(toAgent), nextCursor };
    });
  }

  async updateProfile(ctx: RequestContext, agentId: number, body: unknown): Promise<RoutedAgent> {
    assertAdmin(ctx);
    const change = parseProfileChange(body);
    return this.transactions.run(async (manager) => {
      const before = await findAgent(manager, agentId, true);
      const capacity = change.capacity ?? before.capacity;
      const skills = change.skills ?? before.skills;
      await manager.query(
        `INSERT INTO agent_routing (agent_id, capacity, skills) VALUES ($1, $2, $3)
         ON CONFLICT (agent_id) DO UPDATE SET capacity = EXCLUDED.capacity, skills = EXCLUDED.skills, updated_at = now()`,
        [agentId, capacity, JSON.stringify(skills)],
      );
      const after = { ...before, capacity, skills };
      const profile = (agent: RoutedAgent) => ({ capacity: agent.capacity, skills: agent.skills });
      if (JSON.stringify(profile(before)) !== JSON.stringify(profile(after))) {
        await recordAudit(manager, ctx.actor, { action: 'agent_routing.updated', entityType: 'agent_routing', entityId: agentId, before: profile(before), after: profile(after) });
        await this.dispatcher.wake(manager);
      }
      return after;
    });
  }

  async availability(ctx: RequestContext): Promise<{ agentId: number; status: AgentStatus }> {
    if (ctx.actor.role !== 'agent') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only agents have an availability');
    const [row] = (await this.transactions.run((manager) => manager.query('SELECT status FROM agent_routing WHERE agent_id = $1', [ctx.actor.id]))) as Array<{ status: AgentStatus }>;
    return { agentId: ctx.actor.id, status: row?.status ?? 'offline' };
  }

  /** The calling agent's availability; going offline hands their `open` tickets back to routing. */
  async setAvailability(ctx: RequestContext, body: unknown): Promise<{ agentId: number; status: AgentStatus }> {
    if (ctx.actor.role !== 'agent') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only agents have an availability');
    const status = parseStatus(body);
    const agentId = ctx.actor.id;
    const connected = status !== 'offline' && (await this.presence.hasSockets(agentId));
    const changed = await this.transactions.run(async (manager) => {
      const [previous] = (await manager.query('SELECT status FROM agent_routing WHERE agent_id = $1 FOR UPDATE', [agentId])) as Array<{ status: AgentStatus }>;
      await manager.query(
        `INSERT INTO agent_routing (agent_id, status, disconnected_since) VALUES ($1, $2, NULL)
         ON CONFLICT (agent_id) DO UPDATE SET status = EXCLUDED.status, disconnected_since = NULL, updated_at = now()`,
        [agentId, status],
      );
      if (status === 'offline') await this.dispatcher.handBack(manager, agentId, ctx.actor, new Date());
      if (status === 'online') await this.dispatcher.wake(manager);
      return (previous?.status ?? 'offline') !== status;
    });
    // Available without any socket: the 2-minute rule applies from now.
    if (status !== 'offline' && !connected) await this.presence.startOfflineCountdown(agentId, new Date());
    if (changed) this.presence.announce(agentId, status);
    return { agentId, status };
  }
}

function assertAdmin(ctx: RequestContext): void {
  if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins manage routing');
}

async function findAgent(manager: EntityManager, agentId: number, lock: boolean): Promise<RoutedAgent> {
  // FOR SHARE of the user: a deactivation in flight finishes first (or waits for this change).
  const [row] = (await manager.query(`${AGENTS} AND u.id = $1${lock ? ' FOR SHARE OF u' : ''}`, [agentId])) as AgentRow[];
  if (!row) throw new DomainError(DomainErrorCode.AgentNotFound, 'Agent not found');
  return toAgent(row);
}
