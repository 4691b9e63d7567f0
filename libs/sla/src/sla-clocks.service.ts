import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEventPayload, DomainEventType, JobQueue, Transactions } from '@mm/core';
import { TicketPriority, TicketStatus } from '@mm/ticket';
import { ClockState, followStatus, retarget, startClock, stopClock } from './clock-rules';
import { choosePolicy, SlaConfigService, SlaSetup } from './sla-config.service';
import { SlaClock, SlaPolicy } from './sla.entities';
import { SLA_METRICS, SlaMetric, TARGET_FIELDS } from './sla-validation';
import { AROUND_THE_CLOCK, WorkingCalendar } from './working-time';

/** The queue whose jobs wake the breach and warning sweep up (see SlaTimersService). */
export const SLA_DUE_QUEUE = 'sla.due';

/** What the desk shows of a ticket's service level (SPEC 7.2). */
export interface TicketSla {
  policyId: number;
  policyName: string;
  /** Pending due times: null when the clock is not running towards one (met, not started, or standing still). */
  firstReplyDueAt: string | null;
  nextReplyDueAt: string | null;
  resolutionDueAt: string | null;
  /** A clock stands still (the ticket is on hold, or resolved). */
  paused: boolean;
  breaches: Array<{ metric: SlaMetric; dueAt: string; breachedAt: string }>;
}

/** Changes that cannot move a clock. */
const IGNORED: readonly DomainEventType[] = ['message.read', 'note.created', 'ticket.assigned', 'ticket.sla_warning', 'ticket.sla_breached', 'ticket.merged', 'feedback.created'];

/** Whether the event changed what a policy is matched on (priority, category, origin). */
function changesMatch(event: DomainEventPayload): boolean {
  if (event.data.priority !== undefined) return true; // an escalation's priority step
  const changes = event.data.changes as Record<string, unknown> | undefined;
  return event.type === 'ticket.updated' && !!changes && ['priority', 'category', 'origin'].some((field) => field in changes);
}

function toState(row: SlaClock): ClockState {
  const { metric, policyId, targetMinutes, startedAt, elapsedMinutes, runningSince, stoppedAt, dueAt, warnAt, breachedAt, warnedAt } = row;
  return { metric, policyId, targetMinutes, startedAt, elapsedMinutes, runningSince, stoppedAt, dueAt, warnAt, breachedAt, warnedAt };
}

function targetOf(policy: SlaPolicy, priority: TicketPriority, metric: SlaMetric): number | undefined {
  return policy.targets[priority]?.[TARGET_FIELDS[metric]] ?? undefined;
}

function sameState(a: ClockState | undefined, b: ClockState): boolean {
  return !!a && JSON.stringify(a) === JSON.stringify(b);
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Keeps each ticket's SLA clocks (SPEC 7.2) in step with its changes, inside
 * the transaction of the change (a listener of Transactions): the policy is
 * chosen on create and again when priority, category or origin change; a
 * staff reply meets the first and next reply targets; a customer message
 * after a staff reply starts the next reply clock; the clocks stand still
 * while the ticket is on hold or resolved. Without any active policy a new
 * ticket costs nothing, and a change to an existing one one indexed read.
 * Each new due or warning time gets a wake-up job in the same transaction.
 */
@Injectable()
export class SlaClocksService implements OnModuleInit {
  constructor(
    private readonly transactions: Transactions,
    private readonly config: SlaConfigService,
    private readonly jobs: JobQueue,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.transactions.onEvent((manager, event) => this.onEvent(manager, event));
  }

  async onEvent(manager: EntityManager, event: DomainEventPayload): Promise<void> {
    if (IGNORED.includes(event.type)) return;
    const creating = event.type === 'ticket.created';
    const setup = await this.config.setup(manager);
    if (creating && !setup.active.length) return;

    const ticketId = event.ticket.id;
    const rows = creating ? [] : await manager.find(SlaClock, { where: { ticketId } });
    const rechoose = creating || changesMatch(event);
    if (!rows.length && !(rechoose && setup.active.length)) return;

    const at = new Date(event.occurredAt);
    const status = event.ticket.status as TicketStatus;
    const before = new Map(rows.map((row) => [row.metric, toState(row)]));
    let clocks = new Map(before);
    if (rechoose) clocks = await this.choose(manager, setup, event, clocks, at, creating);

    if (event.type === 'message.created') clocks = this.afterMessage(setup, clocks, event, at);
    for (const [metric, clock] of clocks) clocks.set(metric, followStatus(clock, this.calendarOf(setup, clock), status, at));

    const removed = [...before.keys()].filter((metric) => !clocks.has(metric));
    if (removed.length) await manager.query('DELETE FROM sla_clocks WHERE ticket_id = $1 AND metric = ANY($2)', [ticketId, removed]);
    for (const clock of clocks.values()) {
      if (sameState(before.get(clock.metric), clock)) continue;
      await this.save(manager, ticketId, clock);
    }
  }

  /** The ticket's service level for the desk, or null when no policy applies to it. */
  async slaFor(ticket: { id: number }, manager?: EntityManager): Promise<TicketSla | null> {
    return (await this.slaForTickets([ticket.id], manager)).get(ticket.id) ?? null;
  }

  /** Service levels of several tickets in one query (for lists). */
  async slaForTickets(ticketIds: number[], manager?: EntityManager): Promise<Map<number, TicketSla>> {
    const source = manager ?? this.dataSource.manager;
    const result = new Map<number, TicketSla>();
    if (!ticketIds.length) return result;
    const rows = await source.query(
      `SELECT c.ticket_id, c.metric, c.policy_id, p.name AS policy_name, c.running_since, c.stopped_at, c.due_at, c.breached_at
       FROM sla_clocks c JOIN sla_policies p ON p.id = c.policy_id WHERE c.ticket_id = ANY($1) ORDER BY c.ticket_id, c.metric`,
      [ticketIds],
    );
    for (const row of rows as Array<{ ticket_id: number; metric: SlaMetric; policy_id: number; policy_name: string; running_since: Date | null; stopped_at: Date | null; due_at: Date | null; breached_at: Date | null }>) {
      const sla = result.get(row.ticket_id) ?? { policyId: row.policy_id, policyName: row.policy_name, firstReplyDueAt: null, nextReplyDueAt: null, resolutionDueAt: null, paused: false, breaches: [] };
      const pending = row.running_since !== null ? iso(row.due_at) : null;
      if (row.metric === 'first_reply') sla.firstReplyDueAt = pending;
      if (row.metric === 'next_reply') sla.nextReplyDueAt = pending;
      if (row.metric === 'resolution') sla.resolutionDueAt = pending;
      if (row.running_since === null && row.stopped_at === null) sla.paused = true;
      if (row.breached_at && row.due_at) sla.breaches.push({ metric: row.metric, dueAt: row.due_at.toISOString(), breachedAt: row.breached_at.toISOString() });
      result.set(row.ticket_id, sla);
    }
    return result;
  }

  calendarOf(setup: SlaSetup, clock: { policyId: number }): WorkingCalendar {
    const policy = setup.policies.get(clock.policyId);
    return (policy && setup.calendars.get(policy.calendarId)) ?? AROUND_THE_CLOCK;
  }

  /**
   * The policy that fits the ticket now, and its clocks: kept clocks take the
   * new targets (due times recomputed from their start), metrics without a
   * target lose their clock, metrics that gain one start from the ticket's creation.
   */
  private async choose(manager: EntityManager, setup: SlaSetup, event: DomainEventPayload, clocks: Map<SlaMetric, ClockState>, at: Date, creating: boolean): Promise<Map<SlaMetric, ClockState>> {
    const [facts]: Array<{ category: string; created_at: Date; last_replied_at: Date | null }> = await manager.query(
      'SELECT category, created_at, last_replied_at FROM tickets WHERE id = $1',
      [event.ticket.id],
    );
    const priority = event.ticket.priority as TicketPriority;
    const policy = choosePolicy(setup, { origin: event.ticket.origin, category: facts.category, priority });
    const chosen = new Map<SlaMetric, ClockState>();
    if (!policy) return new Map([...clocks].filter(([, clock]) => clock.breachedAt));
    const calendar = setup.calendars.get(policy.calendarId) ?? AROUND_THE_CLOCK;
    for (const metric of SLA_METRICS) {
      const target = targetOf(policy, priority, metric);
      const existing = clocks.get(metric);
      if (target === undefined) {
        // A breach stays on record (an escalation may raise the priority to one without this target).
        if (existing?.breachedAt) chosen.set(metric, existing);
        continue;
      }
      if (existing) {
        chosen.set(metric, retarget(existing, policy.id, target, calendar, at));
      } else if (metric === 'next_reply') {
        // Waits for the customer's next message once staff have replied.
        if (facts.last_replied_at) chosen.set(metric, { ...startClock(metric, policy.id, target, calendar, at, false), stoppedAt: at });
      } else if (metric === 'resolution' || creating || !facts.last_replied_at) {
        const start = creating ? at : facts.created_at;
        chosen.set(metric, startClock(metric, policy.id, target, calendar, start, true));
      }
    }
    return chosen;
  }

  /** A staff reply meets the reply targets; a customer message after a staff reply starts the next reply clock. */
  private afterMessage(setup: SlaSetup, clocks: Map<SlaMetric, ClockState>, event: DomainEventPayload, at: Date): Map<SlaMetric, ClockState> {
    const next = new Map(clocks);
    if (event.data.senderType === 'admin') {
      for (const metric of ['first_reply', 'next_reply'] as const) {
        const clock = next.get(metric);
        if (clock) next.set(metric, stopClock(clock, this.calendarOf(setup, clock), at));
      }
      const anyClock = [...next.values()][0];
      const policy = anyClock && setup.policies.get(anyClock.policyId);
      const target = policy && targetOf(policy, event.ticket.priority as TicketPriority, 'next_reply');
      if (!next.has('next_reply') && policy && target !== undefined) {
        next.set('next_reply', { ...startClock('next_reply', policy.id, target, this.calendarOf(setup, anyClock), at, false), stoppedAt: at });
      }
      return next;
    }
    const waiting = next.get('next_reply');
    if (waiting?.stoppedAt) next.set('next_reply', startClock('next_reply', waiting.policyId, waiting.targetMinutes, this.calendarOf(setup, waiting), at, true));
    return next;
  }

  private async save(manager: EntityManager, ticketId: number, clock: ClockState): Promise<void> {
    await manager.query(
      `INSERT INTO sla_clocks (ticket_id, metric, policy_id, target_minutes, started_at, elapsed_minutes, running_since, stopped_at, due_at, warn_at, breached_at, warned_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (ticket_id, metric) DO UPDATE SET policy_id = EXCLUDED.policy_id, target_minutes = EXCLUDED.target_minutes,
         started_at = EXCLUDED.started_at, elapsed_minutes = EXCLUDED.elapsed_minutes, running_since = EXCLUDED.running_since,
         stopped_at = EXCLUDED.stopped_at, due_at = EXCLUDED.due_at, warn_at = EXCLUDED.warn_at, breached_at = EXCLUDED.breached_at, warned_at = EXCLUDED.warned_at`,
      [ticketId, clock.metric, clock.policyId, clock.targetMinutes, clock.startedAt, clock.elapsedMinutes, clock.runningSince, clock.stoppedAt, clock.dueAt, clock.warnAt, clock.breachedAt, clock.warnedAt],
    );
    for (const wakeUp of pendingTimes(clock)) await this.scheduleWakeUp(wakeUp, manager);
  }

  /** One wake-up per second of due times: a storm of clocks due together costs one job, which sweeps them all. */
  scheduleWakeUp(at: Date, manager?: EntityManager): Promise<void> {
    const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
    return this.jobs.send(SLA_DUE_QUEUE, {}, { startAfter: second, singletonKey: second.toISOString() }, manager);
  }
}

/** The instants a running clock still has to act on: its warning (unless sent) and its due time. */
export function pendingTimes(clock: ClockState): Date[] {
  if (!clock.runningSince || clock.breachedAt || !clock.dueAt) return [];
  return clock.warnAt && !clock.warnedAt ? [clock.warnAt, clock.dueAt] : [clock.dueAt];
}
