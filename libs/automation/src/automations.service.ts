import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPage, DomainError, DomainErrorCode, keysetPage, PageRequest, recordAudit, RequestContext, RequestValidationError, Transactions } from '@mm/core';
import { Macro } from '@mm/productivity';
import { Ticket } from '@mm/ticket';
import { AutomationActions, loadFacts } from './automation-actions';
import { AutomationAction, AutomationInput, automationErrors, ConditionResult, evaluate, normalized } from './automation-rules';
import { AutomationRunner } from './automation-runner.service';
import { ActionOutcome, Automation } from './automation.entities';

/** The dry run's answer: whether the conditions hold for the ticket now, and what each action would do. */
export interface AutomationTestResult {
  matches: boolean;
  conditions: { all: ConditionResult[]; any: ConditionResult[] };
  actions: ActionOutcome[];
}

function requireAdmin(ctx: RequestContext): void {
  if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins manage automations');
}

function notFound(id: number): DomainError {
  return new DomainError(DomainErrorCode.AutomationNotFound, `No automation ${id}`);
}

function view(automation: Automation) {
  const { id, name, position, active, on, conditions, actions } = automation;
  return { id, name, position, active, on, conditions, actions };
}

/**
 * Automations (SPEC 7.5) as configuration: validated (each unknown field,
 * operator or action named in a 400), changed by admins, audited. `test` is
 * the dry run: the same planning as a real run, nothing written.
 */
@Injectable()
export class AutomationsService {
  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: AutomationRunner,
    private readonly actions: AutomationActions,
  ) {}

  list(ctx: RequestContext, page: PageRequest): Promise<CursorPage<Automation>> {
    requireAdmin(ctx);
    const query = this.dataSource.getRepository(Automation).createQueryBuilder('automation');
    return keysetPage(
      query,
      {
        name: 'automations',
        columns: [
          { sql: 'automation.position', type: 'int' },
          { sql: 'automation.id', type: 'int' },
        ],
        direction: 'ASC',
      },
      page,
    );
  }

  async get(ctx: RequestContext, id: number): Promise<Automation> {
    requireAdmin(ctx);
    const automation = await this.dataSource.getRepository(Automation).findOne({ where: { id } });
    if (!automation) throw notFound(id);
    return automation;
  }

  create(ctx: RequestContext, body: Record<string, unknown>): Promise<Automation> {
    requireAdmin(ctx);
    const input = this.validated(body);
    return this.write(async (manager) => {
      await this.checkReferences(manager, input.actions);
      const automation = await manager.save(Automation, manager.create(Automation, { ...input, position: input.position ?? 0, active: input.active ?? true, authorId: ctx.actor.id }));
      await recordAudit(manager, ctx.actor, { action: 'automation.created', entityType: 'automation', entityId: automation.id, before: null, after: view(automation) });
      return automation;
    });
  }

  /** Absent fields keep their values; the result is validated as a whole. A changed time automation evaluates every ticket again. */
  update(ctx: RequestContext, id: number, changes: Record<string, unknown>): Promise<Automation> {
    requireAdmin(ctx);
    return this.write(async (manager) => {
      const automation = await manager.findOne(Automation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!automation) throw notFound(id);
      const before = view(automation);
      const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
      const input = this.validated({ ...before, ...defined });
      await this.checkReferences(manager, input.actions);
      const rules = JSON.stringify([input.on, input.conditions]) !== JSON.stringify([before.on, before.conditions]);
      Object.assign(automation, input, { authorId: ctx.actor.id, ...(rules ? { checkedUntil: null } : {}) });
      const saved = await manager.save(Automation, automation);
      if (rules) await manager.query('DELETE FROM automation_firings WHERE automation_id = $1', [id]);
      await recordAudit(manager, ctx.actor, { action: 'automation.updated', entityType: 'automation', entityId: id, before, after: view(saved) });
      return saved;
    });
  }

  remove(ctx: RequestContext, id: number): Promise<void> {
    requireAdmin(ctx);
    return this.write(async (manager) => {
      const automation = await manager.findOne(Automation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!automation) throw notFound(id);
      await manager.delete(Automation, { id });
      await recordAudit(manager, ctx.actor, { action: 'automation.deleted', entityType: 'automation', entityId: id, before: view(automation), after: null });
    });
  }

  /** The dry run: the conditions evaluated and the actions planned on the ticket as it is now; nothing is written. */
  async test(ctx: RequestContext, id: number, ticketId: number): Promise<AutomationTestResult> {
    const automation = await this.get(ctx, id);
    const manager = this.dataSource.manager;
    const facts = await loadFacts(manager, ticketId);
    const ticket = await manager.findOne(Ticket, { where: { id: ticketId } });
    if (!facts || !ticket) throw new DomainError(DomainErrorCode.TicketNotFound, 'Ticket not found');
    const now = new Date();
    const { matches, results } = evaluate(automation.conditions, facts, now);
    const actions: ActionOutcome[] = [];
    for (const action of automation.actions) {
      const { type, result, detail } = await this.actions.plan(manager, automation, ticket, action, now);
      actions.push({ type, result, detail });
    }
    return { matches, conditions: results, actions };
  }

  private validated(body: Record<string, unknown>): AutomationInput {
    const errors = automationErrors(body);
    if (Object.keys(errors).length) throw new RequestValidationError(errors);
    const { name, position, active, on, conditions, actions } = body as unknown as AutomationInput;
    return normalized({ name: name.trim(), position, active, on, conditions, actions });
  }

  /** Agents, macros and staff the actions name exist now (they are checked again when the automation acts). */
  private async checkReferences(manager: EntityManager, actions: AutomationAction[]): Promise<void> {
    const errors: Record<string, string[]> = {};
    for (const [index, action] of actions.entries()) {
      const key = `actions[${index}].value`;
      if (action.type === 'assign' && action.value !== 'route') {
        const [agent] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND role = 'agent' AND approved_at IS NOT NULL AND deactivated_at IS NULL`, [action.value]);
        if (!agent) errors[key] = [`no approved, active agent ${action.value}`];
      }
      if (action.type === 'apply_macro' && !(await manager.exists(Macro, { where: { id: action.value, visibility: 'shared' } }))) errors[key] = [`no shared macro ${action.value}`];
      if (action.type === 'notify_staff' && typeof action.value === 'number') {
        const [staff] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND role IN ('agent', 'admin') AND deactivated_at IS NULL`, [action.value]);
        if (!staff) errors[key] = [`no active staff member ${action.value}`];
      }
    }
    if (Object.keys(errors).length) throw new RequestValidationError(errors);
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.transactions.run(work);
    } finally {
      this.runner.invalidate();
    }
  }
}
