import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEventPayload, DomainEventType, JobQueue, Transactions } from '@mm/core';
import { Ticket } from '@mm/ticket';
import { AutomationActions, loadFacts } from './automation-actions';
import { conditionsSql, evaluate, windowSql } from './automation-rules';
import { AutomationTrigger } from './automation-vocabulary';
import { ActionOutcome, Automation } from './automation.entities';

/** The queue of the time automations' tick (one waiting job at a time across instances). */
export const AUTOMATION_TICK_QUEUE = 'automation.tick';
/** How often time automations are evaluated: at least once a minute. */
export const AUTOMATION_TICK_MS = 30_000;
/** Tickets a time automation looks at per evaluation; the rest come in the next one. */
const TIME_BATCH = 500;
/** Changes that commit a little after a tick's clock reading are still seen by the next one. */
const WINDOW_OVERLAP_MS = 60_000;

/** Kept on a transaction's query runner. */
const PENDING = 'mm:automationsPending';
const ACTING = 'mm:automationsActing';
const FIRED = 'mm:automationsFired';

const TRIGGER_OF: Partial<Record<DomainEventType, AutomationTrigger>> = {
  'ticket.created': 'ticket.created',
  'ticket.updated': 'ticket.updated',
  'ticket.status_changed': 'ticket.updated',
  'ticket.escalated': 'ticket.updated',
  'ticket.closed': 'ticket.updated',
  'ticket.assigned': 'ticket.updated',
  'message.created': 'message.created',
  'ticket.sla_breached': 'sla.breached',
};

interface Pending {
  trigger: AutomationTrigger;
  ticketId: number;
  senderType: string | null;
}

/** How long an instance trusts its list of event automations; a write on this instance refreshes it at once. */
const CACHE_TTL_MS = 5_000;

/**
 * Runs automations (SPEC 7.5). Event automations: the triggering events of a
 * transaction are collected as they are recorded and, once the change is
 * complete (Transactions.beforeCommit), each matching automation acts in
 * `position` order, in that transaction, at most once per ticket. What the
 * automations change records events like any change but triggers no
 * automation (no loops). Time automations: a tick on the job queue evaluates
 * each one over the tickets whose match may have changed since its last
 * evaluation; a firing row, unique per automation and ticket, makes each fire
 * once per ticket while the ticket keeps matching, whichever instance evaluates.
 */
@Injectable()
export class AutomationRunner implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(AutomationRunner.name);
  private cached?: { byTrigger: Map<string, Automation[]>; until: number };

  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly actions: AutomationActions,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.transactions.onEvent(async (manager, event) => this.collect(manager, event));
    this.transactions.beforeCommit((manager) => this.flush(manager));
    this.jobs.define(AUTOMATION_TICK_QUEUE, { pollingIntervalSeconds: 5, deduplicated: true }, () => this.tick());
  }

  onApplicationBootstrap(): void {
    void this.jobs.send(AUTOMATION_TICK_QUEUE, {}, { singletonKey: 'tick' }).catch((error: unknown) => this.logger.warn({ err: error }, 'Automation tick not scheduled'));
  }

  /** Forget the cached list (an automation changed here). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async collect(manager: EntityManager, event: DomainEventPayload): Promise<void> {
    const trigger = TRIGGER_OF[event.type];
    const data = manager.queryRunner?.data;
    if (!trigger || !data || data[ACTING]) return;
    const pending = ((data[PENDING] as Pending[] | undefined) ??= []);
    const senderType = event.type === 'message.created' ? String(event.data.senderType) : null;
    const same = pending.find((p) => p.trigger === trigger && p.ticketId === event.ticket.id);
    if (same) same.senderType = senderType ?? same.senderType;
    else pending.push({ trigger, ticketId: event.ticket.id, senderType });
  }

  private async flush(manager: EntityManager): Promise<void> {
    const data = manager.queryRunner?.data;
    const pending = data?.[PENDING] as Pending[] | undefined;
    if (!data || !pending?.length) return;
    data[PENDING] = [];
    const fired = ((data[FIRED] as Set<string> | undefined) ??= new Set<string>());
    data[ACTING] = true;
    try {
      for (const { trigger, ticketId, senderType } of pending) {
        const automations = (await this.eventAutomations(manager)).get(trigger) ?? [];
        if (!automations.length) continue;
        const now = new Date();
        let facts = await loadFacts(manager, ticketId, senderType);
        for (const automation of automations) {
          if (!facts) break;
          const key = `${automation.id}:${ticketId}`;
          if (fired.has(key) || !evaluate(automation.conditions, facts, now).matches) continue;
          fired.add(key);
          await this.act(manager, automation, ticketId, trigger, now);
          facts = await loadFacts(manager, ticketId, senderType);
        }
      }
    } finally {
      data[ACTING] = false;
    }
  }

  private async eventAutomations(manager: EntityManager): Promise<Map<string, Automation[]>> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.byTrigger;
    const rows = await manager.find(Automation, { where: { active: true }, order: { position: 'ASC', id: 'ASC' } });
    const byTrigger = new Map<string, Automation[]>();
    for (const row of rows) if (row.on !== 'time') byTrigger.set(row.on, [...(byTrigger.get(row.on) ?? []), row]);
    this.cached = { byTrigger, until: Date.now() + CACHE_TTL_MS };
    return byTrigger;
  }

  /**
   * The automation's actions on a ticket, in order, within a savepoint: an
   * action that fails undoes the automation's work only, never the change
   * that triggered it. The run is recorded with each action's outcome.
   */
  async act(manager: EntityManager, automation: Automation, ticketId: number, trigger: string, at: Date): Promise<ActionOutcome[]> {
    const data = manager.queryRunner!.data;
    const acting = data[ACTING];
    data[ACTING] = true;
    const savepoint = `automation_${automation.id}_${ticketId}`;
    await manager.query(`SAVEPOINT ${savepoint}`);
    let outcomes: ActionOutcome[] = [];
    try {
      for (const action of automation.actions) {
        const ticket = await manager.findOneOrFail(Ticket, { where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
        const { apply, ...outcome } = await this.actions.plan(manager, automation, ticket, action, at);
        if (apply) await apply();
        outcomes.push(outcome);
      }
      await manager.query(`RELEASE SAVEPOINT ${savepoint}`);
    } catch (error) {
      await manager.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      this.logger.warn({ err: error, automationId: automation.id, ticketId }, 'Automation failed; its changes were undone');
      outcomes = [{ type: 'failed', result: 'skipped', detail: error instanceof Error ? error.message : String(error) }];
    } finally {
      data[ACTING] = acting;
    }
    await manager.query('INSERT INTO automation_runs (automation_id, ticket_id, trigger, outcomes, created_at) VALUES ($1, $2, $3, $4, $5)', [automation.id, ticketId, trigger, JSON.stringify(outcomes), at]);
    return outcomes;
  }

  private async tick(): Promise<void> {
    // The next tick first: a failure of this one does not end the chain.
    await this.jobs.send(AUTOMATION_TICK_QUEUE, {}, { singletonKey: 'tick', startAfter: new Date(Date.now() + AUTOMATION_TICK_MS) });
    await this.runTimeAutomations();
  }

  /** Evaluates every active time automation at `now` (tests pass the time they want); how many times they fired here. */
  async runTimeAutomations(now: Date = new Date()): Promise<number> {
    const automations = await this.dataSource.getRepository(Automation).find({ where: { on: 'time', active: true }, order: { position: 'ASC', id: 'ASC' } });
    let fired = 0;
    for (const automation of automations) fired += await this.evaluateTime(automation, now);
    return fired;
  }

  private async evaluateTime(automation: Automation, now: Date): Promise<number> {
    const from = automation.checkedUntil ? new Date(automation.checkedUntil.getTime() - WINDOW_OVERLAP_MS) : null;
    const params: unknown[] = [now, automation.id];
    const matching = conditionsSql(automation.conditions, params, '$1');
    let window = 'true';
    if (from) {
      params.push(from);
      window = windowSql(automation.conditions, params, `$${params.length}`, '$1');
    }
    // A ticket that stopped matching may fire again once it matches again.
    if (from) {
      await this.dataSource.query(
        `DELETE FROM automation_firings f USING tickets t JOIN users c ON c.id = t.customer_id
         WHERE f.automation_id = $2 AND t.id = f.ticket_id AND ${window} AND NOT COALESCE((${matching}), false)`,
        params,
      );
    }
    const candidates = (await this.dataSource.query(
      `SELECT t.id FROM tickets t JOIN users c ON c.id = t.customer_id
       WHERE ${matching} AND ${window} AND t.merged_into_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM automation_firings f WHERE f.automation_id = $2 AND f.ticket_id = t.id)
       ORDER BY t.id LIMIT ${TIME_BATCH}`,
      params,
    )) as Array<{ id: number }>;
    let fired = 0;
    for (const { id } of candidates) if (await this.fireOnce(automation, id, now)) fired++;
    if (candidates.length < TIME_BATCH) {
      await this.dataSource.query('UPDATE automations SET checked_until = $2 WHERE id = $1 AND (checked_until IS NULL OR checked_until < $2)', [automation.id, now]);
    }
    return fired;
  }

  /** Fires on a locked ticket that matches and has no firing yet; the firing row commits with the actions. */
  private fireOnce(automation: Automation, ticketId: number, now: Date): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const data = manager.queryRunner!.data;
      await manager.query('SELECT id FROM tickets WHERE id = $1 FOR UPDATE', [ticketId]);
      const facts = await loadFacts(manager, ticketId);
      if (!facts || !evaluate(automation.conditions, facts, now).matches) return false;
      const rows = (await manager.query(
        'INSERT INTO automation_firings (automation_id, ticket_id, fired_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING ticket_id',
        [automation.id, ticketId, now],
      )) as unknown[];
      if (!rows.length) return false;
      data[ACTING] = true;
      await this.act(manager, automation, ticketId, 'time', now);
      return true;
    });
  }
}
