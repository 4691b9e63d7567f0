import { MAX_ID, normalizeTags, TICKET_CATEGORIES, TICKET_ORIGINS, TICKET_PRIORITIES, TICKET_STATUSES, TicketPriority, TicketStatus } from '@mm/ticket';
import { RequestValidationError } from '@mm/core';

import { ACTION_TYPES, ActionType, AUTOMATION_TRIGGERS, AutomationTrigger, CONDITION_OPS, ConditionOp, CUSTOMER_LOCALES, FIELD_KINDS, FieldKind, OPS_BY_KIND, REFERENCE_TYPES, SENDER_TYPES, TIME_FIELDS, TimeField } from './automation-vocabulary';

interface FieldRule {
  kind: FieldKind;
  values?: readonly string[];
  /** Only for automations on this trigger. */
  only?: AutomationTrigger;
}

const VALUES: Readonly<Record<string, readonly string[]>> = {
  status: TICKET_STATUSES,
  priority: TICKET_PRIORITIES,
  category: TICKET_CATEGORIES,
  origin: TICKET_ORIGINS,
  'customer.locale': CUSTOMER_LOCALES,
  'message.senderType': SENDER_TYPES,
  'reference.type': REFERENCE_TYPES,
};

export const CONDITION_FIELDS: Readonly<Record<string, FieldRule>> = Object.fromEntries(Object.entries(FIELD_KINDS).map(([field, rule]) => [field, { ...rule, values: VALUES[field] }]));

export interface Condition {
  field: string;
  op: ConditionOp;
  value: unknown;
}

export interface Conditions {
  all?: Condition[];
  any?: Condition[];
}

export type AutomationAction =
  | { type: 'set_status'; value: TicketStatus }
  | { type: 'set_priority'; value: TicketPriority }
  | { type: 'add_tags' | 'remove_tags'; value: string[] }
  | { type: 'assign'; value: number | 'route' }
  | { type: 'apply_macro'; value: number }
  | { type: 'notify_staff'; value: 'assignee' | 'admins' | number; message?: string };

export interface AutomationInput {
  name: string;
  position?: number;
  active?: boolean;
  on: AutomationTrigger;
  conditions: Conditions;
  actions: AutomationAction[];
}

export const MAX_CONDITIONS = 20;
export const MAX_ACTIONS = 10;
export const MAX_NOTICE_LENGTH = 500;

/** What conditions read of a ticket (and of the message that triggered, if any). */
export interface TicketFacts {
  status: string;
  priority: string;
  category: string;
  origin: string;
  tags: string[];
  assigneeId: number | null;
  escalationLevel: number;
  'customer.locale': string;
  'message.senderType': string | null;
  'reference.type': string;
  createdAt: Date;
  updatedAt: Date;
  statusChangedAt: Date;
  customerRepliedAt: Date | null;
}

type Errors = Record<string, string[]>;

function add(errors: Errors, key: string, message: string): void {
  (errors[key] ??= []).push(message);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ID;
const isMinutes = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 5_256_000;

function checkScalar(errors: Errors, key: string, rule: FieldRule, value: unknown): void {
  const fail = (what: string) => add(errors, key, `must be ${what}`);
  switch (rule.kind) {
    case 'enum':
      if (typeof value !== 'string' || !rule.values!.includes(value)) fail(`one of ${rule.values!.join(', ')}`);
      return;
    case 'tags':
      if (typeof value !== 'string') fail('a tag');
      else
        try {
          normalizeTags([value]);
        } catch {
          fail('a tag of 1 to 40 characters');
        }
      return;
    case 'id':
      if (value !== null && !isId(value)) fail('an agent id or null');
      return;
    case 'number':
    case 'minutes':
      if (!isMinutes(value)) fail('a whole number of at least 0');
      return;
  }
}

function checkCondition(errors: Errors, key: string, on: AutomationTrigger, raw: unknown): void {
  if (!isObject(raw)) return add(errors, key, 'must be an object {field, op, value}');
  const unknownKeys = Object.keys(raw).filter((name) => !['field', 'op', 'value'].includes(name));
  if (unknownKeys.length) add(errors, key, `unknown property ${unknownKeys.join(', ')}`);
  const field = raw.field;
  const rule = typeof field === 'string' ? CONDITION_FIELDS[field] : undefined;
  if (!rule) return add(errors, `${key}.field`, `unknown field ${JSON.stringify(field)}; known: ${Object.keys(CONDITION_FIELDS).join(', ')}`);
  if (rule.only && rule.only !== on) return add(errors, `${key}.field`, `${field} is only for automations on ${rule.only}`);
  const op = raw.op;
  if (typeof op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(op)) return add(errors, `${key}.op`, `unknown operator ${JSON.stringify(op)}; known: ${CONDITION_OPS.join(', ')}`);
  if (!OPS_BY_KIND[rule.kind].includes(op as ConditionOp)) return add(errors, `${key}.op`, `${field} takes ${OPS_BY_KIND[rule.kind].join(', ')}, not ${op}`);
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(raw.value) || !raw.value.length || raw.value.length > 50) return add(errors, `${key}.value`, 'must be a list of 1 to 50 values');
    raw.value.forEach((value, index) => checkScalar(errors, `${key}.value[${index}]`, rule, value));
  } else checkScalar(errors, `${key}.value`, rule, raw.value);
}

function checkAction(errors: Errors, key: string, raw: unknown): void {
  if (!isObject(raw)) return add(errors, key, 'must be an object {type, value}');
  const type = raw.type;
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) return add(errors, `${key}.type`, `unknown action ${JSON.stringify(type)}; known: ${ACTION_TYPES.join(', ')}`);
  const allowed = type === 'notify_staff' ? ['type', 'value', 'message'] : ['type', 'value'];
  const unknownKeys = Object.keys(raw).filter((name) => !allowed.includes(name));
  if (unknownKeys.length) add(errors, key, `unknown property ${unknownKeys.join(', ')}`);
  const value = raw.value;
  const fail = (what: string) => add(errors, `${key}.value`, `must be ${what}`);
  switch (type as ActionType) {
    case 'set_status':
      if (!(TICKET_STATUSES as readonly unknown[]).includes(value)) fail(`one of ${TICKET_STATUSES.join(', ')}`);
      return;
    case 'set_priority':
      if (!(TICKET_PRIORITIES as readonly unknown[]).includes(value)) fail(`one of ${TICKET_PRIORITIES.join(', ')}`);
      return;
    case 'add_tags':
    case 'remove_tags':
      if (!Array.isArray(value) || !value.length || value.some((tag) => typeof tag !== 'string')) return fail('a list of tags');
      try {
        normalizeTags(value as string[]);
      } catch (error) {
        if (error instanceof RequestValidationError) for (const message of Object.values(error.fields).flat()) add(errors, `${key}.value`, message);
        else throw error;
      }
      return;
    case 'assign':
      if (value !== 'route' && !isId(value)) fail('an agent id or "route"');
      return;
    case 'apply_macro':
      if (!isId(value)) fail('a shared macro id');
      return;
    case 'notify_staff':
      if (value !== 'assignee' && value !== 'admins' && !isId(value)) fail('"assignee", "admins" or a staff member\'s id');
      if (raw.message !== undefined && (typeof raw.message !== 'string' || !raw.message.trim() || raw.message.length > MAX_NOTICE_LENGTH)) add(errors, `${key}.message`, `must be 1 to ${MAX_NOTICE_LENGTH} characters`);
      return;
  }
}

/**
 * Field errors of an automation (SPEC 7.5), naming each unknown field,
 * operator or action; an empty object when it is valid. References (agents,
 * macros) are checked against the database by the service.
 */
export function automationErrors(input: Record<string, unknown>): Errors {
  const errors: Errors = {};
  if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) add(errors, 'name', 'must be 1 to 100 characters');
  if (input.position !== undefined && (!Number.isInteger(input.position) || (input.position as number) < 0 || (input.position as number) > 1_000_000)) add(errors, 'position', 'must be a whole number from 0 to 1000000');
  if (input.active !== undefined && typeof input.active !== 'boolean') add(errors, 'active', 'must be true or false');
  const on = input.on as AutomationTrigger;
  if (!AUTOMATION_TRIGGERS.includes(on)) add(errors, 'on', `unknown trigger ${JSON.stringify(input.on)}; known: ${AUTOMATION_TRIGGERS.join(', ')}`);
  const conditions = input.conditions;
  if (!isObject(conditions)) add(errors, 'conditions', 'must be an object {all?, any?}');
  else {
    const unknownKeys = Object.keys(conditions).filter((name) => name !== 'all' && name !== 'any');
    if (unknownKeys.length) add(errors, 'conditions', `unknown property ${unknownKeys.join(', ')}; use all and any`);
    let count = 0;
    for (const group of ['all', 'any'] as const) {
      const list = conditions[group];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        add(errors, `conditions.${group}`, 'must be a list of conditions');
        continue;
      }
      count += list.length;
      if (AUTOMATION_TRIGGERS.includes(on)) list.forEach((condition, index) => checkCondition(errors, `conditions.${group}[${index}]`, on, condition));
    }
    if (count > MAX_CONDITIONS) add(errors, 'conditions', `at most ${MAX_CONDITIONS} conditions`);
    // Without a time condition a time automation would act on tickets that merely exist.
    if (on === 'time' && !hasTimeCondition(conditions.all as Condition[] | undefined)) add(errors, 'conditions.all', 'a time automation needs a minutesSince… condition in all');
  }
  const actions = input.actions;
  if (!Array.isArray(actions) || !actions.length || actions.length > MAX_ACTIONS) add(errors, 'actions', `must be a list of 1 to ${MAX_ACTIONS} actions`);
  else actions.forEach((action, index) => checkAction(errors, `actions[${index}]`, action));
  return errors;
}

function hasTimeCondition(all: Condition[] | undefined): boolean {
  return Array.isArray(all) && all.some((condition) => isObject(condition) && (TIME_FIELDS as readonly unknown[]).includes(condition.field));
}

/** Stored tags of tag actions and conditions: as tickets store them. */
export function normalized(input: AutomationInput): AutomationInput {
  const tag = (value: unknown) => (typeof value === 'string' ? normalizeTags([value])[0] : value);
  const condition = (c: Condition): Condition => (c.field !== 'tags' ? c : { ...c, value: Array.isArray(c.value) ? c.value.map(tag) : tag(c.value) });
  const conditions: Conditions = {};
  if (input.conditions.all) conditions.all = input.conditions.all.map(condition);
  if (input.conditions.any) conditions.any = input.conditions.any.map(condition);
  const actions = input.actions.map((action) => (action.type === 'add_tags' || action.type === 'remove_tags' ? { ...action, value: normalizeTags(action.value) } : action));
  return { ...input, conditions, actions };
}

const MINUTE = 60_000;

/** The value a condition reads from a ticket at `now`. */
export function factOf(facts: TicketFacts, field: string, now: Date): unknown {
  const since = (at: Date | null) => (at ? Math.floor((now.getTime() - at.getTime()) / MINUTE) : null);
  switch (field) {
    case 'minutesSinceCreated':
      return since(facts.createdAt);
    case 'minutesSinceUpdated':
      return since(facts.updatedAt);
    case 'minutesSinceStatusChange':
      return since(facts.statusChangedAt);
    case 'minutesSinceCustomerReply':
      return since(facts.customerRepliedAt);
    default:
      return facts[field as keyof TicketFacts];
  }
}

export function conditionHolds(condition: Condition, actual: unknown): boolean {
  const { op, value } = condition;
  if (Array.isArray(actual)) {
    const list = actual as unknown[];
    if (op === 'contains') return list.includes(value);
    if (op === 'in') return (value as unknown[]).some((v) => list.includes(v));
    if (op === 'not_in') return !(value as unknown[]).some((v) => list.includes(v));
    return false;
  }
  switch (op) {
    case 'eq':
      return actual === value;
    case 'neq':
      return actual !== value;
    case 'in':
      return (value as unknown[]).includes(actual);
    case 'not_in':
      return !(value as unknown[]).includes(actual);
    case 'gte':
      return typeof actual === 'number' && actual >= (value as number);
    case 'lte':
      return typeof actual === 'number' && actual <= (value as number);
    case 'contains':
      return false;
  }
}

export interface ConditionResult extends Condition {
  actual: unknown;
  matches: boolean;
}

/** `all` must all hold and, when given, at least one of `any`. */
export function evaluate(conditions: Conditions, facts: TicketFacts, now: Date): { matches: boolean; results: { all: ConditionResult[]; any: ConditionResult[] } } {
  const check = (condition: Condition): ConditionResult => {
    const actual = factOf(facts, condition.field, now);
    return { ...condition, actual, matches: conditionHolds(condition, actual) };
  };
  const all = (conditions.all ?? []).map(check);
  const any = (conditions.any ?? []).map(check);
  const matches = all.every((result) => result.matches) && (!any.length || any.some((result) => result.matches));
  return { matches, results: { all, any } };
}

/** The SQL of a ticket fact (tickets `t`, the customer `c`): whitelisted, never user text. */
const FACT_SQL: Readonly<Record<string, string>> = {
  status: 't.status',
  priority: 't.priority',
  category: 't.category',
  origin: 't.origin',
  tags: 't.tags',
  assigneeId: 't.assignee_id',
  escalationLevel: 't.escalation_level',
  'customer.locale': 'c.locale',
  'reference.type': `(CASE WHEN t.ride_id IS NOT NULL THEN 'ride' WHEN t.order_id IS NOT NULL THEN 'order' WHEN t.booking_id IS NOT NULL THEN 'booking' ELSE 'none' END)`,
};

export const TIME_COLUMNS: Readonly<Record<TimeField, string>> = {
  minutesSinceCreated: 't.created_at',
  minutesSinceUpdated: 't.updated_at',
  minutesSinceStatusChange: 't.status_changed_at',
  minutesSinceCustomerReply: 't.customer_replied_at',
};

/**
 * A time automation's conditions as a WHERE clause over tickets `t` joined
 * with their customer `c`, with its parameters appended to `params`; `now`
 * is the parameter the time conditions count from. Time conditions are range
 * conditions on indexed columns.
 */
export function conditionsSql(conditions: Conditions, params: unknown[], nowParam: string): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const one = (condition: Condition): string => {
    const { field, op, value } = condition;
    const column = TIME_COLUMNS[field as TimeField];
    if (column) {
      // At least N whole minutes since X: X <= now - N (gte); at most N: X > now - (N+1) (lte).
      if (op === 'gte') return `${column} <= ${nowParam}::timestamptz - make_interval(mins => ${param(value)}::int)`;
      return `${column} > ${nowParam}::timestamptz - make_interval(mins => ${param((value as number) + 1)}::int)`;
    }
    const fact = FACT_SQL[field];
    if (field === 'tags') {
      if (op === 'contains') return `${fact} @> ARRAY[${param(value)}::text]`;
      return `${op === 'not_in' ? 'NOT ' : ''}(${fact} && ${param(value)}::text[])`;
    }
    const cast = field === 'assigneeId' || field === 'escalationLevel' ? 'int' : 'text';
    switch (op) {
      case 'eq':
        return value === null ? `${fact} IS NULL` : `${fact} = ${param(value)}::${cast}`;
      case 'neq':
        return value === null ? `${fact} IS NOT NULL` : `${fact} IS DISTINCT FROM ${param(value)}::${cast}`;
      case 'in':
        return `${fact} = ANY(${param(value)}::${cast}[])`;
      case 'not_in':
        return `NOT COALESCE(${fact} = ANY(${param(value)}::${cast}[]), false)`;
      case 'gte':
        return `${fact} >= ${param(value)}::${cast}`;
      case 'lte':
        return `${fact} <= ${param(value)}::${cast}`;
      default:
        return 'false';
    }
  };
  const parts: string[] = [];
  if (conditions.all?.length) parts.push(...conditions.all.map(one));
  if (conditions.any?.length) parts.push(`(${conditions.any.map(one).join(' OR ')})`);
  return parts.length ? parts.map((part) => `(${part})`).join(' AND ') : 'true';
}

/**
 * Tickets whose match may have changed during (from, now]: changed then, or
 * one of whose time conditions crossed its threshold then. Each part is a
 * range on an indexed column, so a minute's evaluation reads only those.
 */
export function windowSql(conditions: Conditions, params: unknown[], fromParam: string, nowParam: string): string {
  const parts = [`t.updated_at > ${fromParam}::timestamptz`];
  for (const condition of [...(conditions.all ?? []), ...(conditions.any ?? [])]) {
    const column = TIME_COLUMNS[condition.field as TimeField];
    if (!column) continue;
    params.push((condition.value as number) + (condition.op === 'lte' ? 1 : 0));
    const minutes = `make_interval(mins => $${params.length}::int)`;
    parts.push(`(${column} > ${fromParam}::timestamptz - ${minutes} AND ${column} <= ${nowParam}::timestamptz - ${minutes})`);
  }
  return `(${parts.join(' OR ')})`;
}
