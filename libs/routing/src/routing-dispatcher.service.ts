import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, countRoutedAssignment, DomainEventPayload, JobQueue, Transactions } from '@mm/core';
import { assignTicket, returnToQueue, Ticket } from '@mm/ticket';
import { AgentPresenceGateway, ROUTING_OFFLINE_QUEUE } from './agent-presence.gateway';
import { OFFLINE_AFTER_MS, pickAgent, RoutableTicket, RoutingCandidate, RoutingMode } from './routing-rules';

/** The queue whose (deduplicated) jobs run `dispatch`. */
export const ROUTING_DISPATCH_QUEUE = 'routing.dispatch';
/** Routed assignments and hand-backs are the service's own doing: no user acts. */
export const ROUTING_ACTOR: Actor = { id: 0, role: 'service', permissions: new Set(), approved: true, serviceName: 'routing' };
/** pg_advisory_xact_lock key: one routing decision at a time across instances, so capacity counts stay true. */
const ROUTING_LOCK = 7_302_026;
/** Waiting tickets looked at per transaction. */
const PASS = 200;

const CANDIDATES = `SELECT u.id, r.capacity, r.skills, r.last_assigned_at,
    (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed'))::int AS active
  FROM users u JOIN agent_routing r ON r.agent_id = u.id
  WHERE u.role = 'agent' AND u.approved_at IS NOT NULL AND u.deactivated_at IS NULL AND r.status = 'online'
  FOR SHARE OF u`;
// Most urgent SLA first (the earliest due time of a running clock, breached ones first of all), then oldest.
const WAITING = `SELECT t.id, t.origin, t.category, c.locale FROM tickets t JOIN users c ON c.id = t.customer_id
  LEFT JOIN LATERAL (SELECT min(s.due_at) AS due_at FROM sla_clocks s WHERE s.ticket_id = t.id AND s.running_since IS NOT NULL) sla ON true
  WHERE t.assignee_id IS NULL AND t.status NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL
  ORDER BY sla.due_at ASC NULLS LAST, t.created_at, t.id
  LIMIT ${PASS} OFFSET $1
  FOR UPDATE OF t SKIP LOCKED`;

type CandidateRow = { id: number; capacity: number; skills: RoutingCandidate['skills']; last_assigned_at: Date | null; active: number };
type WaitingRow = RoutableTicket & { id: number };

/** Whether a ticket change may let routing give a ticket out: a new or returned ticket, or freed capacity. */
export function mayFreeWork(event: DomainEventPayload): boolean {
  if (event.type === 'ticket.created') return true;
  if (event.type === 'ticket.assigned') return event.data.to === null;
  if (event.type !== 'ticket.status_changed' && event.type !== 'ticket.closed') return false;
  const finished = event.data.to === 'resolved' || event.data.to === 'closed';
  return event.ticket.assigneeId !== null ? finished : !finished;
}

/**
 * Gives waiting tickets to agents (SPEC 7.3). `dispatch` runs on the job
 * queue, woken (in the transaction of the change) by whatever may let a ticket
 * be given out; each pass holds a transaction-scoped advisory lock, so two
 * instances never decide at once and no agent goes over capacity. Every
 * assignment is the domain's ordinary one (history, `ticket.assigned`, its
 * notification and socket events). `sweepOffline` applies the 2-minute rule.
 */
@Injectable()
export class RoutingDispatcher implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(RoutingDispatcher.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly presence: AgentPresenceGateway,
  ) {}

  onModuleInit(): void {
    this.jobs.define(ROUTING_DISPATCH_QUEUE, { pollingIntervalSeconds: 1, deduplicated: true }, () => this.dispatch().then(() => undefined));
    this.jobs.define(ROUTING_OFFLINE_QUEUE, { pollingIntervalSeconds: 5, batchSize: 20 }, () => this.sweepOffline().then(() => undefined));
    this.transactions.onEvent(async (manager, event) => {
      if (mayFreeWork(event)) await this.wake(manager);
    });
  }

  /** Whatever was left undone while no instance ran. */
  onApplicationBootstrap(): void {
    void this.recountPresence()
      .then(() => this.sweepOffline())
      .then(() => this.dispatch())
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Routing catch-up failed'));
  }

  /** Available agents with no socket anywhere (their instance stopped without telling): their 2 minutes start now. */
  private async recountPresence(): Promise<void> {
    const available = (await this.transactions.run((manager) => manager.query(`SELECT agent_id FROM agent_routing WHERE status <> 'offline' AND disconnected_since IS NULL`))) as Array<{ agent_id: number }>;
    for (const { agent_id: agentId } of available) if (!(await this.presence.hasSockets(agentId))) await this.presence.startOfflineCountdown(agentId, new Date());
  }

  async mode(manager: EntityManager): Promise<RoutingMode> {
    const [row] = (await manager.query('SELECT mode FROM routing_settings WHERE id = 1')) as Array<{ mode: RoutingMode }>;
    return row?.mode ?? 'off';
  }

  /** Queues a dispatch with the transaction (when routing is on): it exists only if the change commits. */
  async wake(manager: EntityManager): Promise<void> {
    if ((await this.mode(manager)) === 'off') return;
    await this.jobs.send(ROUTING_DISPATCH_QUEUE, {}, { singletonKey: 'dispatch' }, manager);
  }

  /** When routing is on, the agent's `open` tickets go back to the queue (and so to routing). */
  async handBack(manager: EntityManager, agentId: number, actor: Actor, at: Date): Promise<number> {
    if ((await this.mode(manager)) === 'off') return 0;
    const open = await manager.find(Ticket, { where: { assigneeId: agentId, status: 'open' }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    for (const ticket of open) await returnToQueue(manager, ticket, actor, at);
    return open.length;
  }

  /** Gives out every waiting ticket someone fits; how many were assigned. */
  async dispatch(): Promise<number> {
    let assigned = 0;
    let offset = 0;
    for (;;) {
      const pass = await this.transactions.run((manager) => this.dispatchPass(manager, offset));
      assigned += pass.assigned;
      if (pass.done) return assigned;
      offset = pass.assigned ? 0 : offset + PASS;
    }
  }

  private async dispatchPass(manager: EntityManager, offset: number): Promise<{ assigned: number; done: boolean }> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ROUTING_LOCK]);
    const mode = await this.mode(manager);
    if (mode === 'off') return { assigned: 0, done: true };
    const agents: RoutingCandidate[] = ((await manager.query(CANDIDATES)) as CandidateRow[]).map((row) => ({ id: row.id, capacity: row.capacity, skills: row.skills, active: row.active, lastAssignedAt: row.last_assigned_at }));
    const hasRoom = () => agents.some((agent) => agent.active < agent.capacity);
    if (!hasRoom()) return { assigned: 0, done: true };
    const waiting = (await manager.query(WAITING, [offset])) as WaitingRow[];
    let assigned = 0;
    let last = 0;
    for (const row of waiting) {
      const agent = pickAgent(mode, agents, row);
      if (!agent) continue;
      // Strictly increasing times: round robin's order holds within one pass.
      const at = new Date((last = Math.max(Date.now(), last + 1)));
      const ticket = await manager.findOneByOrFail(Ticket, { id: row.id });
      await assignTicket(manager, ticket, agent.id, ROUTING_ACTOR, at);
      countRoutedAssignment(mode);
      await manager.query('UPDATE agent_routing SET last_assigned_at = $2 WHERE agent_id = $1', [agent.id, at]);
      agent.active++;
      agent.lastAssignedAt = at;
      assigned++;
      if (!hasRoom()) return { assigned, done: true };
    }
    return { assigned, done: waiting.length < PASS };
  }

  /**
   * Agents without a socket on any instance for 2 minutes by `now` go offline
   * (their `open` tickets back to routing); each exactly once, whichever
   * instance sweeps. Tests pass the `now` they want; the jobs pass the time.
   */
  async sweepOffline(now: Date = new Date()): Promise<number[]> {
    const since = new Date(now.getTime() - OFFLINE_AFTER_MS);
    const due = (await this.transactions.run((manager) => manager.query(`SELECT agent_id FROM agent_routing WHERE disconnected_since <= $1 AND status <> 'offline'`, [since]))) as Array<{ agent_id: number }>;
    const offline: number[] = [];
    for (const { agent_id: agentId } of due) {
      const connected = await this.presence.hasSockets(agentId);
      const wentOffline = await this.transactions.run(async (manager) => {
        const [rows] = (await manager.query(
          connected
            ? `UPDATE agent_routing SET disconnected_since = NULL WHERE agent_id = $1 AND disconnected_since <= $2 AND status <> 'offline' RETURNING agent_id`
            : `UPDATE agent_routing SET status = 'offline', disconnected_since = NULL, updated_at = now() WHERE agent_id = $1 AND disconnected_since <= $2 AND status <> 'offline' RETURNING agent_id`,
          [agentId, since],
        )) as [unknown[], number];
        if (!rows.length || connected) return false;
        await this.handBack(manager, agentId, ROUTING_ACTOR, now);
        return true;
      });
      if (!wentOffline) continue;
      offline.push(agentId);
      this.presence.announce(agentId, 'offline');
    }
    return offline;
  }
}
