import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, DomainErrorCode, RequestContext, RequestValidationError, Transactions } from '@mm/core';
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

  listCalendars(): Promise<SlaCalendar[]> {
    return this.dataSource.getRepository(SlaCalendar).find({ order: { id: 'ASC' } });
  }

  async createCalendar(ctx: RequestContext, input: CalendarInput): Promise<SlaCalendar> {
    requireManager(ctx);
    throwIfInvalid(calendarErrors(input));
    return this.write((manager) => manager.save(SlaCalendar, manager.create(SlaCalendar, calendarValues(input))));
  }

  async updateCalendar(ctx: RequestContext, id: number, input: CalendarInput): Promise<SlaCalendar> {
    requireManager(ctx);
    throwIfInvalid(calendarErrors(input));
    return this.write(async (manager) => {
      const calendar = await this.editableCalendar(manager, id);
      return manager.save(SlaCalendar, Object.assign(calendar, calendarValues(input)));
    });
  }

  async deleteCalendar(ctx: RequestContext, id: number): Promise<void> {
    requireManager(ctx);
    await this.write(async (manager) => {
      const calendar = await this.editableCalendar(manager, id);
      const users = await manager.find(SlaPolicy, { where: { calendarId: id }, select: ['id', 'name'] });
      if (users.length) throw new RequestValidationError({ id: [`calendar is used by ${users.map((policy) => `policy ${policy.id} (${policy.name})`).join(', ')}`] });
      await manager.delete(SlaCalendar, { id: calendar.id });
    });
  }

  listPolicies(): Promise<SlaPolicy[]> {
    return this.dataSource.getRepository(SlaPolicy).find({ order: { position: 'ASC', id: 'ASC' } });
  }

  async createPolicy(ctx: RequestContext, input: SlaPolicyInput): Promise<SlaPolicy> {
    requireManager(ctx);
    throwIfInvalid(policyErrors(input));
    return this.write(async (manager) => {
      await this.requireCalendar(manager, input.calendarId);
      return manager.save(SlaPolicy, manager.create(SlaPolicy, policyValues(input)));
    });
  }

  async updatePolicy(ctx: RequestContext, id: number, input: SlaPolicyInput): Promise<SlaPolicy> {
    requireManager(ctx);
    throwIfInvalid(policyErrors(input));
    return this.write(async (manager) => {
      const policy = await manager.findOne(SlaPolicy, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!policy) throw notFound('SLA policy', id);
      await this.requireCalendar(manager, input.calendarId);
      return manager.save(SlaPolicy, Object.assign(policy, policyValues(input)));
    });
  }

  /** Deletes the policy and the clocks it set (their tickets have no service level from then on). */
  async deletePolicy(ctx: RequestContext, id: number): Promise<void> {
    requireManager(ctx);
    await this.write(async (manager) => {
      const result = await manager.delete(SlaPolicy, { id });
      if (!result.affected) throw notFound('SLA policy', id);
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
