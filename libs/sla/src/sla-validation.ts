import { DateTime } from 'luxon';
import { TICKET_CATEGORIES, TICKET_ORIGINS, TICKET_PRIORITIES, TicketPriority } from '@mm/ticket';
import { isValidTimezone, minutesOfDay, WeeklyHours } from './working-time';

/** `{ "field.path": ["message", …] }`, the shape of every 400 `errors` body. */
export type FieldErrors = Record<string, string[]>;

export const SLA_METRICS = ['first_reply', 'next_reply', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const BREACH_ACTIONS = ['notify', 'escalate'] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];

/** A target may not exceed a year of working minutes. */
export const MAX_TARGET_MINUTES = 365 * 24 * 60;

export interface CalendarInput {
  name: string;
  timezone: string;
  weeklyHours: WeeklyHours[];
  holidays: string[];
}

export interface SlaTargets {
  firstReplyMinutes?: number;
  nextReplyMinutes?: number;
  resolutionMinutes?: number;
}

export interface SlaMatch {
  origins?: string[];
  categories?: string[];
  priorities?: string[];
}

export interface SlaPolicyInput {
  name: string;
  position: number;
  match: SlaMatch;
  calendarId: number;
  targets: Partial<Record<TicketPriority, SlaTargets>>;
  breachAction: BreachAction;
  active?: boolean;
}

export const TARGET_FIELDS: Record<SlaMetric, keyof SlaTargets> = {
  first_reply: 'firstReplyMinutes',
  next_reply: 'nextReplyMinutes',
  resolution: 'resolutionMinutes',
};

function add(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

function checkName(errors: FieldErrors, name: unknown): void {
  if (typeof name !== 'string' || !name.trim()) add(errors, 'name', 'name must not be empty');
  else if (name.length > 100) add(errors, 'name', 'name must be at most 100 characters');
}

/** Domain validation of a calendar; empty when valid. */
export function calendarErrors(input: CalendarInput): FieldErrors {
  const errors: FieldErrors = {};
  checkName(errors, input.name);
  if (typeof input.timezone !== 'string' || !isValidTimezone(input.timezone)) add(errors, 'timezone', `unknown timezone: ${String(input.timezone)}`);

  const hours = Array.isArray(input.weeklyHours) ? input.weeklyHours : [];
  if (!hours.length) add(errors, 'weeklyHours', 'weeklyHours must list at least one working interval');
  const valid: Array<{ index: number; day: number; start: number; end: number }> = [];
  hours.forEach((interval, index) => {
    const field = `weeklyHours.${index}`;
    const start = minutesOfDay(interval?.start);
    const end = minutesOfDay(interval?.end);
    if (!Number.isInteger(interval?.day) || interval.day < 0 || interval.day > 6) add(errors, `${field}.day`, 'day must be 0 (Sunday) to 6 (Saturday)');
    if (start === undefined || start === 1440) add(errors, `${field}.start`, 'start must be a time "HH:MM" before 24:00');
    if (end === undefined) add(errors, `${field}.end`, 'end must be a time "HH:MM" (24:00 for midnight)');
    if (start !== undefined && end !== undefined && end <= start) add(errors, field, 'end must be after start');
    else if (start !== undefined && end !== undefined && Number.isInteger(interval.day)) valid.push({ index, day: interval.day, start, end });
  });
  for (const a of valid) {
    const overlapping = valid.find((b) => b.index < a.index && b.day === a.day && b.start < a.end && a.start < b.end);
    if (overlapping) add(errors, `weeklyHours.${a.index}`, `overlaps weeklyHours.${overlapping.index}`);
  }

  const holidays = Array.isArray(input.holidays) ? input.holidays : [];
  if (input.holidays !== undefined && !Array.isArray(input.holidays)) add(errors, 'holidays', 'holidays must be a list of dates');
  holidays.forEach((holiday, index) => {
    if (typeof holiday !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(holiday) || !DateTime.fromISO(holiday).isValid) add(errors, `holidays.${index}`, 'holiday must be a date "YYYY-MM-DD"');
  });
  return errors;
}

function checkList(errors: FieldErrors, field: string, values: unknown, known: readonly string[], what: string): void {
  if (values === undefined) return;
  if (!Array.isArray(values)) return add(errors, field, `${field} must be a list`);
  values.forEach((value, index) => {
    if (!known.includes(value as string)) add(errors, `${field}.${index}`, `unknown ${what}: ${String(value)}`);
  });
}

/** Domain validation of a policy, except whether its calendar exists (the service checks that); empty when valid. */
export function policyErrors(input: SlaPolicyInput): FieldErrors {
  const errors: FieldErrors = {};
  checkName(errors, input.name);
  if (!Number.isInteger(input.position) || input.position < 0) add(errors, 'position', 'position must be a whole number, 0 or more');
  if (!Number.isInteger(input.calendarId)) add(errors, 'calendarId', 'calendarId must be a calendar id');
  if (!BREACH_ACTIONS.includes(input.breachAction)) add(errors, 'breachAction', `breachAction must be one of ${BREACH_ACTIONS.join(', ')}`);

  const match = input.match ?? {};
  checkList(errors, 'match.origins', match.origins, TICKET_ORIGINS, 'origin');
  checkList(errors, 'match.categories', match.categories, TICKET_CATEGORIES, 'category');
  checkList(errors, 'match.priorities', match.priorities, TICKET_PRIORITIES, 'priority');

  const targets = input.targets ?? {};
  let anyTarget = false;
  for (const [priority, perMetric] of Object.entries(targets)) {
    if (!TICKET_PRIORITIES.includes(priority as TicketPriority)) {
      add(errors, `targets.${priority}`, `unknown priority: ${priority}`);
      continue;
    }
    for (const [field, minutes] of Object.entries(perMetric ?? {})) {
      const path = `targets.${priority}.${field}`;
      if (!Object.values(TARGET_FIELDS).includes(field as keyof SlaTargets)) add(errors, path, `unknown target: ${field}`);
      else if (minutes === undefined || minutes === null) continue;
      else if (!Number.isInteger(minutes) || (minutes as number) < 1 || (minutes as number) > MAX_TARGET_MINUTES) add(errors, path, `a target is 1 to ${MAX_TARGET_MINUTES} minutes (a year)`);
      else anyTarget = true;
    }
  }
  if (!anyTarget && !Object.keys(errors).some((field) => field.startsWith('targets'))) add(errors, 'targets', 'targets must set at least one target');
  return errors;
}
