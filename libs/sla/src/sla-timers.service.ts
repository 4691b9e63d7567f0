import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor, countSlaBreach, DomainError, JobQueue, recordEvent, Transactions } from '@mm/core';
import { applyWorkflow, escalate, recordTicketChange, Ticket, toSnapshot } from '@mm/ticket';
import { SLA_DUE_QUEUE } from './sla-clocks.service';
import { SlaConfigService } from './sla-config.service';
import { SlaMetric } from './sla-validation';

/** Breaches and warnings are the service's own doing: no user acts. */
export const SLA_ACTOR: Actor = { id: 0, role: 'service', permissions: new Set(), approved: true, serviceName: 'sla' };

interface ClaimedClock {
  id: string;
  ticket_id: number;
  metric: SlaMetric;
  policy_id: number;
  due_at: Date;
}

/** Parallel claim loops of one sweep: a storm of due clocks is worked off on several connections (PGlite serialises them). */
const SWEEPERS = 4;
/** Clocks claimed per transaction: a storm costs one commit per batch, not per clock. */
export const CLAIM_BATCH = 25;

/** Due clocks whose tickets no other transaction holds; locking the tickets first keeps the lock order of every ticket change. */
export const NEXT_DUE = `SELECT c.id FROM sla_clocks c JOIN tickets t ON t.id = c.ticket_id
  WHERE c.due_at <= $1 AND c.breached_at IS NULL AND c.running_since IS NOT NULL
  ORDER BY c.due_at LIMIT $2 FOR UPDATE OF t SKIP LOCKED`;
const CLAIM_BREACHES = `UPDATE sla_clocks SET breached_at = $1
  WHERE id = ANY($2) AND due_at <= $1 AND breached_at IS NULL AND running_since IS NOT NULL
  RETURNING id, ticket_id, metric, policy_id, due_at`;
const NEXT_WARNINGS = `SELECT c.id FROM sla_clocks c JOIN tickets t ON t.id = c.ticket_id
  WHERE c.warn_at <= $1 AND c.warned_at IS NULL AND c.breached_at IS NULL AND c.running_since IS NOT NULL
  ORDER BY c.warn_at LIMIT $2 FOR UPDATE OF t SKIP LOCKED`;
const CLAIM_WARNINGS = `UPDATE sla_clocks SET warned_at = $1
  WHERE id = ANY($2) AND warn_at <= $1 AND warned_at IS NULL AND breached_at IS NULL AND running_since IS NOT NULL
  RETURNING id, ticket_id, metric, policy_id, due_at`;

/**
 * Acts on SLA clocks whose time has come (SPEC 7.2), without any request:
 * wake-up jobs (one per second of due times, see SlaClocksService) run
 * `fireDue`, which claims due clocks in batches, each batch in its own
 * transaction with its tickets locked. The claim is a conditional update of the clock, so
 * each breach and warning happens exactly once per clock, ticket and due
 * time, whichever instance gets there; a clock whose due time moved is
 * simply not due any more when its old wake-up fires. A breach writes a
 * history entry and `ticket.sla_breached` (socket `support:sla_breached`,
 * webhooks), and for `escalate` policies escalates the ticket by the
 * workflow's own rule; a warning writes `ticket.sla_warning`.
 */
@Injectable()
export class SlaTimersService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SlaTimersService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly config: SlaConfigService,
  ) {}

  onModuleInit(): void {
    this.jobs.define(SLA_DUE_QUEUE, { pollingIntervalSeconds: 2, batchSize: 20, deduplicated: true }, () => this.fireDue().then(() => undefined));
  }

  /** Whatever fell due while no instance ran (a wake-up lost with a dropped database, say) fires at start. */
  onApplicationBootstrap(): void {
    void this.fireDue().catch((error: unknown) => this.logger.warn({ err: error }, 'SLA catch-up failed'));
  }

  /** Breaches, then warnings, of every clock due at `now`; returns how many of each fired here. */
  async fireDue(now: Date = new Date()): Promise<{ breached: number; warned: number }> {
    const breached = await this.drain((manager) => this.breachBatch(manager, now));
    const warned = await this.drain((manager) => this.warnBatch(manager, now));
    return { breached, warned };
  }

  /** Runs `step` until nothing is left, in SWEEPERS parallel loops (claims skip each other's tickets); returns how many it did. */
  private async drain(step: (manager: EntityManager) => Promise<number | null>): Promise<number> {
    let done = 0;
    const loop = async () => {
      for (let n = await this.transactions.run(step); n !== null; n = await this.transactions.run(step)) done += n;
    };
    await Promise.all(Array.from({ length: SWEEPERS }, loop));
    return done;
  }

  /** Claims a batch of clocks with their tickets, oldest due first; null when nothing is due, [] when another sweeper took them first. */
  private async claim(manager: EntityManager, next: string, claim: string, now: Date): Promise<Array<{ clock: ClaimedClock; ticket: Ticket }> | null> {
    const candidates: Array<{ id: string }> = await manager.query(next, [now, CLAIM_BATCH]);
    if (!candidates.length) return null;
    const [rows] = (await manager.query(claim, [now, candidates.map((c) => c.id)])) as [ClaimedClock[], number];
    if (!rows.length) return [];
    const tickets = new Map((await manager.findBy(Ticket, { id: In(rows.map((c) => c.ticket_id)) })).map((t) => [t.id, t]));
    return rows.sort((a, b) => a.due_at.getTime() - b.due_at.getTime()).map((clock) => ({ clock, ticket: tickets.get(clock.ticket_id)! }));
  }

  private async breachBatch(manager: EntityManager, now: Date): Promise<number | null> {
    const claimed = await this.claim(manager, NEXT_DUE, CLAIM_BREACHES, now);
    if (!claimed) return null;
    const latest = new Map<number, Ticket>(); // a ticket with two clocks breached at once is escalated from its latest state
    for (const { clock, ticket: claimedTicket } of claimed) {
      let ticket = latest.get(clock.ticket_id) ?? claimedTicket;
      const details = { metric: clock.metric, dueAt: clock.due_at.toISOString(), breachedAt: now.toISOString(), policyId: clock.policy_id };
      await recordTicketChange(manager, ticket, SLA_ACTOR, { history: 'sla_breached', event: 'ticket.sla_breached', details }, now);
      countSlaBreach(clock.metric);
      const policy = (await this.config.setup(manager)).policies.get(clock.policy_id);
      if (policy?.breachAction === 'escalate') ticket = await this.escalate(manager, ticket, now);
      latest.set(ticket.id, ticket);
    }
    return claimed.length;
  }

  /** As a customer escalation does (priority up a step, escalation level up one), without a reward; an escalated or finished ticket stays as it is. */
  private async escalate(manager: EntityManager, ticket: Ticket, now: Date): Promise<Ticket> {
    let next;
    try {
      next = escalate(ticket, now);
    } catch (error) {
      if (error instanceof DomainError) return ticket;
      throw error;
    }
    return applyWorkflow(manager, ticket, next, SLA_ACTOR, now);
  }

  private async warnBatch(manager: EntityManager, now: Date): Promise<number | null> {
    const claimed = await this.claim(manager, NEXT_WARNINGS, CLAIM_WARNINGS, now);
    if (!claimed) return null;
    for (const { clock, ticket } of claimed) {
      await recordEvent(manager, {
        type: 'ticket.sla_warning',
        ticket: toSnapshot(ticket),
        actor: { id: SLA_ACTOR.id, role: SLA_ACTOR.role },
        occurredAt: now.toISOString(),
        data: { metric: clock.metric, dueAt: clock.due_at.toISOString(), policyId: clock.policy_id },
      });
    }
    return claimed.length;
  }
}
