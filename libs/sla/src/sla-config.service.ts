import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPage, DomainError, DomainErrorCode, isStaff, Keyset, keysetPage, MAX_PAGE_LIMIT, PageRequest, recordAudit, RequestContext, RequestValidationError, Transactions } from '@mm/core';
import { TicketPriority } from '@mm/ticket';
import { SlaCalendar, SlaPolicy } from './sla.entities';
import { CalendarInput, calendarErrors, FieldErrors, policyErrors, SlaMatch, SlaPolicyInput } from './sla-validation';
import { WorkingCalendar } from './working-time';

/** What a ticket is matched on. */
export interface TicketFacts {
  origin: string;
  category: string;
  priority: TicketPriority;
}

/** Every policy (active or not: a clock keeps its policy's calendar) and calendar, as the clocks need them. */
export interface SlaSetup {
  /** Active policies, by position (then id). */
  active: SlaPolicy[];
  policies: Map<number, SlaPolicy>;
  calendars: Map<number, WorkingCalendar>;
}

const CALENDAR_ORDER: Keyset = { name: 'calendars', columns: [{ sql: 'calendar.id', type: 'int' }], direction: 'ASC' };
const POLICY_ORDER: Keyset = {
  name: 'policies',
  columns: [
    { sql: 'policy.position', type: 'int' },
    { sql: 'policy.id', type: 'int' },
  ],
  direction: 'ASC',
};

/** How long an instance trusts its copy of the setup; writes on this instance refresh it at once. */
const SETUP_TTL_MS = 5_000;

function fits(match: SlaMatch, ticket: TicketFacts): boolean {
  return (
    (!match.origins?.length || match.origins.includes(ticket.origin)) &&
    (!match.categories?.length || match.categories.includes(ticket.category)) &&
    (!match.priorities?.length || match.priorities.includes(ticket.priority))
  );
}

/** SPEC 7.2: the first active policy by position whose match fits the ticket. */
export function choosePolicy(setup: SlaSetup, ticket: TicketFacts): SlaPolicy | undefined {
  return setup.active.find((policy) => fits(policy.match ?? {}, ticket));
}

function throwIfInvalid(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new RequestValidationError(errors);
}

function requireStaff(ctx: RequestContext): void {
  if (!isStaff(ctx.actor)) throw new DomainError(DomainErrorCode.PermissionDenied, 'Only staff read service levels');
}

function requireManager(ctx: RequestContext): void {
  const { actor } = ctx;
  if (actor.role === 'admin' || actor.permissions.has('manage_sla')) return;
  throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins manage service levels');
}

/**
 * Calendars and SLA policies (SPEC 7.2), configuration objects of the desk:
 * validated here (field errors, 400), listed for staff, changed by admins
 * (or holders of `manage_sla`). A change applies to clocks chosen from then on;
 * clocks already running keep their targets until their ticket's policy is chosen again.
 */
@Injectable()
export class SlaConfigService {
  private cached?: { setup: SlaSetup; until: number };

  constructor(
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
  ) {}

  /** Staff read the configuration (the desk shows policies and due times); the built-in calendar comes first. */
  async listCalendars(ctx: RequestContext, page: PageRequest = { limit: MAX_PAGE_LIMIT }): Promise<CursorPage<SlaCalendar>> {
    requireStaff(ctx);
    return keysetPage(this.dataSource.getRepository(SlaCalendar).createQueryBuilder('calendar'), CALENDAR_ORDER, page);
  }

  async getCalendar(ctx: RequestContext, id: number): Promise<SlaCalendar> {
    requireStaff(ctx);
    const calendar = await this.dataSource.getRepository(SlaCalendar).findOne({ where: { id } });
    if (!calendar) throw notFound('calendar', id);
    return calendar;
  }

  async createCalendar(ctx: RequestContext, input: CalendarInput): Promise<SlaCalendar> {
    requireManager(ctx);
    throwIfInvalid(calendarErrors(input));
    return this.write(async (manager) => {
      const calendar = await manager.save(SlaCalendar, manager.create(SlaCalendar, calendarValues(input)));
      await recordAudit(manager, ctx.actor, { action: 'sla_calendar.created', entityType: 'sla_calendar', entityId: calendar.id, before: null, after: calendarView(calendar) });
      return calendar;
    });
  }

  /** A partial change: absent fields keep their values; the result is validated as a whole. */
  async updateCalendar(ctx: RequestContext, id: number, changes: Partial<CalendarInput>): Promise<SlaCalendar> {
    requireManager(ctx);
    return this.write(async (manager) => {
      const calendar = await this.editableCalendar(manager, id);
      const before = calendarView(calendar);
      const input = { ...before, ...definedOnly(changes) } as CalendarInput;
      throwIfInvalid(calendarErrors(input));
      const saved = await manager.save(SlaCalendar, Object.assign(calendar, calendarValues(input)));
      await recordAudit(manager, ctx.actor, { action: 'sla_calendar.updated', entityType: 'sla_calendar', entityId: id, before, after: calendarView(saved) });
      return saved;
    });
  }

  /** A calendar a policy uses cannot be deleted: 400 on `id` naming the policies (change them first). */
  async deleteCalendar(ctx: RequestContext, id: number): Promise<void> {
    requireManager(ctx);
    await this.write(async (manager) => {
      const calendar = await this.editableCalendar(manager, id);
      const users = await manager.find(SlaPolicy, { where: { calendarId: id }, select: ['id', 'name'] });
      if (users.length) throw new RequestValidationError({ id: [`calendar is used by ${users.map((policy) => `policy ${policy.id} (${policy.name})`).join(', ')}`] });
      await manager.delete(SlaCalendar, { id: calendar.id });
      await recordAudit(manager, ctx.actor, { action: 'sla_calendar.deleted', entityType: 'sla_calendar', entityId: id, before: calendarView(calendar), after: null });
    });
  }

  /** By position (the order in which they are tried), then id. */
  async listPolicies(ctx: RequestContext, page: PageRequest = { limit: MAX_PAGE_LIMIT }): Promise<CursorPage<SlaPolicy>> {
    requireStaff(ctx);
    return keysetPage(this.dataSource.getRepository(SlaPolicy).createQueryBuilder('policy'), POLICY_ORDER, page);
  }

  async getPolicy(ctx: RequestContext, id: number): Promise<SlaPolicy> {
    requireStaff(ctx);
    const policy = await this.dataSource.getRepository(SlaPolicy).findOne({ where: { id } });
    if (!policy) throw notFound('SLA policy', id);
    return policy;
  }

  async createPolicy(ctx: RequestContext, input: SlaPolicyInput): Promise<SlaPolicy> {
    requireManager(ctx);
    throwIfInvalid(policyErrors(input));
    return this.write(async (manager) => {
      await this.requireCalendar(manager, input.calendarId);
      const policy = await manager.save(SlaPolicy, manager.create(SlaPolicy, policyValues(input)));
      await recordAudit(manager, ctx.actor, { action: 'sla_policy.created', entityType: 'sla_policy', entityId: policy.id, before: null, after: policyView(policy) });
      return policy;
    });
  }

  /** A partial change: absent fields keep their values; the result is validated as a whole. */
  async updatePolicy(ctx: RequestContext, id: number, changes: Partial<SlaPolicyInput>): Promise<SlaPolicy> {
    requireManager(ctx);
    return this.write(async (manager) => {
      const policy = await manager.findOne(SlaPolicy, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!policy) throw notFound('SLA policy', id);
      const before = policyView(policy);
      const input = { ...before, ...definedOnly(changes) } as SlaPolicyInput;
      throwIfInvalid(policyErrors(input));
      await this.requireCalendar(manager, input.calendarId);
      const saved = await manager.save(SlaPolicy, Object.assign(policy, policyValues(input)));
      await recordAudit(manager, ctx.actor, { action: 'sla_policy.updated', entityType: 'sla_policy', entityId: id, before, after: policyView(saved) });
      return saved;
    });
  }

  /** Deletes the policy and the clocks it set (their tickets have no service level from then on). */
  async deletePolicy(ctx: RequestContext, id: number): Promise<void> {
    requireManager(ctx);
    await this.write(async (manager) => {
      const policy = await manager.findOne(SlaPolicy, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!policy) throw notFound('SLA policy', id);
      await manager.delete(SlaPolicy, { id });
      await recordAudit(manager, ctx.actor, { action: 'sla_policy.deleted', entityType: 'sla_policy', entityId: id, before: policyView(policy), after: null });
    });
  }

  /** The setup the clocks work with, at most SETUP_TTL_MS old (this instance's own writes are seen at once). */
  async setup(manager?: EntityManager): Promise<SlaSetup> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.setup;
    const source = manager ?? this.dataSource.manager;
    const [policies, calendars] = await Promise.all([
      source.find(SlaPolicy, { order: { position: 'ASC', id: 'ASC' } }),
      source.find(SlaCalendar),
    ]);
    const setup: SlaSetup = {
      active: policies.filter((policy) => policy.active),
      policies: new Map(policies.map((policy) => [policy.id, policy])),
      calendars: new Map(calendars.map((calendar) => [calendar.id, { timezone: calendar.timezone, weeklyHours: calendar.weeklyHours, holidays: calendar.holidays }])),
    };
    this.cached = { setup, until: Date.now() + SETUP_TTL_MS };
    return setup;
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.transactions.run(work);
    } finally {
      this.cached = undefined;
    }
  }

  private async editableCalendar(manager: EntityManager, id: number): Promise<SlaCalendar> {
    const calendar = await manager.findOne(SlaCalendar, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!calendar) throw notFound('calendar', id);
    if (calendar.builtIn) throw new RequestValidationError({ id: ['the built-in calendar cannot be changed'] });
    return calendar;
  }

  private async requireCalendar(manager: EntityManager, calendarId: number): Promise<void> {
    if (!(await manager.exists(SlaCalendar, { where: { id: calendarId } }))) throw new RequestValidationError({ calendarId: [`unknown calendar: ${calendarId}`] });
  }
}

function notFound(what: string, id: number): DomainError {
  return new DomainError(DomainErrorCode.SlaConfigNotFound, `No ${what} ${id}`);
}

function calendarValues(input: CalendarInput): Partial<SlaCalendar> {
  return { name: input.name.trim(), timezone: input.timezone, weeklyHours: input.weeklyHours.map(({ day, start, end }) => ({ day, start, end })), holidays: input.holidays ?? [] };
}

function policyValues(input: SlaPolicyInput): Partial<SlaPolicy> {
  const { origins, categories, priorities } = input.match ?? {};
  return {
    name: input.name.trim(),
    position: input.position,
    match: { ...(origins ? { origins } : {}), ...(categories ? { categories } : {}), ...(priorities ? { priorities } : {}) },
    calendarId: input.calendarId,
    targets: input.targets,
    breachAction: input.breachAction,
    active: input.active ?? true,
  };
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A calendar as the desk shows it and the audit log records it. */
export function calendarView(calendar: SlaCalendar) {
  return { id: calendar.id, name: calendar.name, timezone: calendar.timezone, weeklyHours: calendar.weeklyHours, holidays: calendar.holidays, builtIn: calendar.builtIn };
}

/** A policy as the desk shows it and the audit log records it. */
export function policyView(policy: SlaPolicy) {
  return {
    id: policy.id,
    name: policy.name,
    position: policy.position,
    match: policy.match,
    calendarId: policy.calendarId,
    targets: policy.targets,
    breachAction: policy.breachAction,
    active: policy.active,
  };
}
