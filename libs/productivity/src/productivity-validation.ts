import { RequestValidationError, TicketOrigin } from '@mm/core';
import {
  DeskTicketFilters,
  isValidId,
  normalizeTag,
  normalizeTags,
  TICKET_CATEGORIES,
  TICKET_ORIGINS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketCategory,
  TicketPriority,
  TicketStatus,
} from '@mm/ticket';

/** The placeholders a macro may use (SPEC 7.4). */
export const MACRO_PLACEHOLDERS = ['customer.name', 'customer.firstName', 'ticket.number', 'ticket.subject', 'agent.name', 'reference.number'] as const;
export type MacroPlaceholder = (typeof MACRO_PLACEHOLDERS)[number];
export const MACRO_LOCALES = ['fr', 'es'] as const;
export type MacroTranslations = Partial<Record<(typeof MACRO_LOCALES)[number], string>>;

export interface MacroActions {
  status?: TicketStatus;
  priority?: TicketPriority;
  addTags?: string[];
  removeTags?: string[];
  /** `me`: whoever applies the macro. */
  assign?: 'me' | number;
}

/** A view's filters as stored: the desk list's parameter names, each one value or several (any of them). */
export type ViewFilters = Omit<DeskTicketFilters, 'customerId'>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every `{{name}}` of a template that is not a known placeholder, as written. */
export function unknownPlaceholders(template: string): string[] {
  const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !(MACRO_PLACEHOLDERS as readonly string[]).includes(name));
  return [...new Set(unknown)];
}

/** The template with each placeholder replaced by its value (an absent value, e.g. no reference, becomes empty). */
export function renderTemplate(template: string, values: Record<MacroPlaceholder, string | null>): string {
  return template.replace(PLACEHOLDER, (_, name: MacroPlaceholder) => values[name] ?? '');
}

/** A 400 on `field` naming each unknown placeholder of `template`. */
export function assertKnownPlaceholders(field: string, template: string): void {
  const unknown = unknownPlaceholders(template);
  if (unknown.length) {
    throw new RequestValidationError({ [field]: unknown.map((name) => `unknown placeholder {{${name}}}; known: ${MACRO_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`) });
  }
}

/** A macro's translations: only `fr` and `es`, each a non-empty text with known placeholders. */
export function validateTranslations(input: unknown): MacroTranslations {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalid('translations', 'translations must be an object like {"fr": "...", "es": "..."}');
  const translations: MacroTranslations = {};
  for (const [locale, text] of Object.entries(input)) {
    if (!(MACRO_LOCALES as readonly string[]).includes(locale)) throw invalid(`translations.${locale}`, `translations are for ${MACRO_LOCALES.join(', ')} (the body is English)`);
    if (typeof text !== 'string' || !text.trim() || text.length > 10_000) throw invalid(`translations.${locale}`, 'must be a text of 1 to 10000 characters');
    assertKnownPlaceholders(`translations.${locale}`, text);
    translations[locale as keyof MacroTranslations] = text;
  }
  return translations;
}

/** A macro's actions (SPEC 7.4): each optional; tags as a ticket stores them. */
export function validateActions(input: unknown): MacroActions {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalid('actions', 'actions must be an object');
  const raw = input as Record<string, unknown>;
  const known = ['status', 'priority', 'addTags', 'removeTags', 'assign'];
  const other = Object.keys(raw).find((key) => !known.includes(key));
  if (other) throw invalid(`actions.${other}`, `unknown action; actions are ${known.join(', ')}`);
  const actions: MacroActions = {};
  if (raw.status !== undefined) actions.status = oneOf('actions.status', raw.status, TICKET_STATUSES);
  if (raw.priority !== undefined) actions.priority = oneOf('actions.priority', raw.priority, TICKET_PRIORITIES);
  if (raw.addTags !== undefined) actions.addTags = tags('actions.addTags', raw.addTags);
  if (raw.removeTags !== undefined) actions.removeTags = tags('actions.removeTags', raw.removeTags);
  if (raw.assign !== undefined) {
    if (raw.assign !== 'me' && !isValidId(raw.assign)) throw invalid('actions.assign', 'assign must be "me" or an agent id');
    actions.assign = raw.assign;
  }
  return actions;
}

/** A view's filters: the names of the desk list's query parameters, each one value or an array of values. */
export function validateViewFilters(input: unknown): ViewFilters {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalid('filters', 'filters must be an object');
  const raw = input as Record<string, unknown>;
  const known = ['status', 'priority', 'origin', 'category', 'tag', 'assignee', 'breached', 'search'];
  const other = Object.keys(raw).find((key) => !known.includes(key));
  if (other) throw invalid(`filters.${other}`, `unknown filter; filters are ${known.join(', ')}`);
  const filters: ViewFilters = {};
  if (raw.status !== undefined) filters.status = oneOrMany('filters.status', raw.status, (v, f) => oneOf(f, v, TICKET_STATUSES));
  if (raw.priority !== undefined) filters.priority = oneOrMany('filters.priority', raw.priority, (v, f) => oneOf(f, v, TICKET_PRIORITIES));
  if (raw.origin !== undefined) filters.origin = oneOrMany('filters.origin', raw.origin, (v, f) => oneOf<TicketOrigin>(f, v, TICKET_ORIGINS));
  if (raw.category !== undefined) filters.category = oneOrMany('filters.category', raw.category, (v, f) => oneOf<TicketCategory>(f, v, TICKET_CATEGORIES));
  if (raw.tag !== undefined) filters.tag = oneOrMany('filters.tag', raw.tag, (v, f) => (typeof v === 'string' ? relabel(f, () => normalizeTag(v)) : fail(f, 'must be a tag')));
  if (raw.assignee !== undefined) {
    filters.assignee = oneOrMany('filters.assignee', raw.assignee, (v, f) => (v === 'me' || v === 'unassigned' || isValidId(v) ? v : fail(f, 'must be me, unassigned or an agent id')));
  }
  if (raw.breached !== undefined) {
    if (raw.breached !== true && raw.breached !== 'true') throw invalid('filters.breached', 'breached must be true (omit it for all tickets)');
    filters.breached = true;
  }
  if (raw.search !== undefined) {
    if (typeof raw.search !== 'string' || !raw.search.trim() || raw.search.length > 200) throw invalid('filters.search', 'search must be a text of 1 to 200 characters');
    filters.search = raw.search;
  }
  return filters;
}

function oneOrMany<T>(field: string, value: unknown, one: (value: unknown, field: string) => T): T | T[] {
  if (!Array.isArray(value)) return one(value, field);
  if (!value.length || value.length > 20) throw invalid(field, 'a list of 1 to 20 values');
  return value.map((v, i) => one(v, `${field}[${i}]`));
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(field, `must be one of ${allowed.join(', ')}`);
}

function tags(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(field, 'must be a list of tags');
  return relabel(field, () => normalizeTags(value as string[]));
}

/** A tag rule's 400 (on `tags`/`tag`) moved to the field of this request. */
function relabel<T>(field: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof RequestValidationError) throw new RequestValidationError({ [field]: Object.values(error.fields).flat() });
    throw error;
  }
}

function fail(field: string, message: string): never {
  throw invalid(field, message);
}

function invalid(field: string, message: string): RequestValidationError {
  return new RequestValidationError({ [field]: [message] });
}
