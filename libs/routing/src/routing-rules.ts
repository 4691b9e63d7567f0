import { SUPPORTED_LOCALES } from '@mm/auth';
import { RequestValidationError, TicketOrigin } from '@mm/core';
import { TICKET_CATEGORIES } from '@mm/ticket';

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export const ROUTING_MODES = ['off', 'round_robin', 'least_loaded'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];
export const TICKET_ORIGINS: readonly TicketOrigin[] = ['munch', 'mtxi', 'mtables', 'helpdesk', 'console'];

/** What an agent may be given; an absent list means any (SPEC 7.3). */
export interface RoutingSkills {
  origins?: string[];
  categories?: string[];
  locales?: string[];
}

export const DEFAULT_CAPACITY = 10;
export const MAX_CAPACITY = 1000;
/** An agent with no connected socket for this long is offline (SPEC 7.3). */
export const OFFLINE_AFTER_MS = 2 * 60_000;

export interface ProfileChange {
  capacity?: number;
  skills?: RoutingSkills;
}

const SKILL_VALUES: Record<keyof RoutingSkills, readonly string[]> = { origins: TICKET_ORIGINS, categories: TICKET_CATEGORIES, locales: SUPPORTED_LOCALES };
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A routing profile change from a request body, or field errors naming each problem. */
export function parseProfileChange(body: unknown): ProfileChange {
  const errors: Record<string, string[]> = {};
  const change: ProfileChange = {};
  if (!isRecord(body)) throw new RequestValidationError({ body: ['must be an object'] });
  for (const key of Object.keys(body)) if (key !== 'capacity' && key !== 'skills') errors[key] = [`property ${key} should not exist`];
  if (body.capacity !== undefined) {
    const capacity = body.capacity;
    if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) errors.capacity = [`capacity must be an integer from 0 to ${MAX_CAPACITY}`];
    else change.capacity = capacity;
  }
  if (body.skills !== undefined) {
    if (!isRecord(body.skills)) errors.skills = ['skills must be an object of origins, categories and locales'];
    else change.skills = parseSkills(body.skills, errors);
  }
  if (Object.keys(errors).length) throw new RequestValidationError(errors);
  return change;
}

function parseSkills(raw: Record<string, unknown>, errors: Record<string, string[]>): RoutingSkills {
  const skills: RoutingSkills = {};
  for (const key of Object.keys(raw)) {
    if (!(key in SKILL_VALUES)) {
      errors[`skills.${key}`] = [`property ${key} should not exist`];
      continue;
    }
    const field = key as keyof RoutingSkills;
    const list = raw[field];
    if (list === null || list === undefined) continue; // null: any, as absent
    if (!Array.isArray(list) || list.length > 50 || !list.every((value) => typeof value === 'string')) {
      errors[`skills.${field}`] = [`${field} must be a list of strings`];
      continue;
    }
    const unknown = list.filter((value) => !SKILL_VALUES[field].includes(value));
    if (unknown.length) errors[`skills.${field}`] = [`unknown ${field}: ${unknown.join(', ')}`];
    else skills[field] = [...new Set(list as string[])];
  }
  return skills;
}

export function parseMode(body: unknown): RoutingMode {
  const mode = isRecord(body) ? body.mode : undefined;
  if (typeof mode !== 'string' || !(ROUTING_MODES as readonly string[]).includes(mode)) throw new RequestValidationError({ mode: [`mode must be one of ${ROUTING_MODES.join(', ')}`] });
  return mode as RoutingMode;
}

export function parseStatus(body: unknown): AgentStatus {
  const status = isRecord(body) ? body.status : undefined;
  if (typeof status !== 'string' || !(AGENT_STATUSES as readonly string[]).includes(status)) throw new RequestValidationError({ status: [`status must be one of ${AGENT_STATUSES.join(', ')}`] });
  return status as AgentStatus;
}

/** What routing matches a ticket on. */
export interface RoutableTicket {
  origin: string;
  category: string;
  locale: string;
}

export function skillsFit(skills: RoutingSkills, ticket: RoutableTicket): boolean {
  return (!skills.origins || skills.origins.includes(ticket.origin)) && (!skills.categories || skills.categories.includes(ticket.category)) && (!skills.locales || skills.locales.includes(ticket.locale));
}

export interface RoutingCandidate {
  id: number;
  capacity: number;
  active: number;
  skills: RoutingSkills;
  lastAssignedAt: Date | null;
}

const idleSince = (agent: RoutingCandidate) => agent.lastAssignedAt?.getTime() ?? -Infinity;

/**
 * Who gets the ticket (SPEC 7.3): among online agents whose skills fit and who
 * are under capacity, round robin picks the one assigned longest ago, least
 * loaded the one with the fewest active tickets (ties: longest idle); the
 * agent id settles what is still equal. Null: nobody fits, the ticket waits.
 */
export function pickAgent(mode: Exclude<RoutingMode, 'off'>, candidates: readonly RoutingCandidate[], ticket: RoutableTicket): RoutingCandidate | null {
  const fitting = candidates.filter((agent) => agent.active < agent.capacity && skillsFit(agent.skills, ticket));
  const byIdle = (a: RoutingCandidate, b: RoutingCandidate) => idleSince(a) - idleSince(b) || a.id - b.id;
  fitting.sort(mode === 'least_loaded' ? (a, b) => a.active - b.active || byIdle(a, b) : byIdle);
  return fitting[0] ?? null;
}
