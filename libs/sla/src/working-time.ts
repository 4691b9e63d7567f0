import { DateTime, IANAZone } from 'luxon';

/**
 * Working-time arithmetic in a business calendar: how much working time lies
 * between two instants, and which instant lies N working minutes after one.
 * Pure; local times are resolved in the calendar's IANA zone by luxon, so
 * daylight-saving changes count as the real time they are (a 09:00-18:00 day
 * is 9 hours either side of a change; a 00:00-24:00 day on spring-forward is 23).
 */

/** One working interval of a weekday (0 = Sunday … 6 = Saturday), local "HH:MM"; `end` "24:00" is midnight. */
export interface WeeklyHours {
  day: number;
  start: string;
  end: string;
}

export interface WorkingCalendar {
  timezone: string;
  weeklyHours: WeeklyHours[];
  /** Local dates ("YYYY-MM-DD") with no working time. */
  holidays: string[];
}

export const AROUND_THE_CLOCK_NAME = 'Around the clock';

/** The built-in calendar: every hour of every day, UTC. */
export const AROUND_THE_CLOCK: WorkingCalendar = {
  timezone: 'UTC',
  weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
};

const MINUTE_MS = 60_000;
/** A calendar with working time at least once a week finds it within this many days even across long holidays. */
const MAX_DAYS_SCANNED = 3 * 366;

/** "HH:MM" → minutes after local midnight; "24:00" is 1440. Undefined when malformed. */
export function minutesOfDay(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

function isAroundTheClock(calendar: WorkingCalendar): boolean {
  if (calendar.holidays.length) return false;
  const days = new Set(calendar.weeklyHours.filter((hours) => hours.start === '00:00' && hours.end === '24:00').map((hours) => hours.day));
  return days.size === 7;
}

/** The working intervals (epoch ms) of one local date, in order. */
function intervalsOn(calendar: WorkingCalendar, date: DateTime): Array<[number, number]> {
  if (calendar.holidays.includes(date.toISODate()!)) return [];
  const weekday = date.weekday % 7; // luxon: Monday 1 … Sunday 7
  return calendar.weeklyHours
    .filter((hours) => hours.day === weekday)
    .map((hours): [number, number] => [localInstant(date, hours.start), localInstant(date, hours.end)])
    .sort((a, b) => a[0] - b[0]);
}

/** A local time of a date as an instant; a time skipped by a spring-forward change moves past the gap. */
function localInstant(date: DateTime, time: string): number {
  const minutes = minutesOfDay(time)!;
  if (minutes === 1440) return date.plus({ days: 1 }).startOf('day').toMillis();
  return date.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

function startDate(calendar: WorkingCalendar, instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: calendar.timezone }).startOf('day');
}

/** Working minutes between two instants (0 when `to` is not after `from`); fractional. */
export function workingMinutesBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const [start, end] = [from.getTime(), to.getTime()];
  if (end <= start) return 0;
  if (isAroundTheClock(calendar)) return (end - start) / MINUTE_MS;
  let total = 0;
  for (let date = startDate(calendar, from); date.toMillis() < end; date = date.plus({ days: 1 })) {
    for (const [intervalStart, intervalEnd] of intervalsOn(calendar, date)) {
      total += Math.max(0, Math.min(intervalEnd, end) - Math.max(intervalStart, start));
    }
  }
  return total / MINUTE_MS;
}

/**
 * The instant at which `minutes` working minutes have passed after `from`. Time
 * before the first working interval does not count: 60 minutes from Saturday
 * noon in a Monday-Friday 09:00 calendar is Monday 10:00.
 */
export function addWorkingMinutes(calendar: WorkingCalendar, from: Date, minutes: number): Date {
  const start = from.getTime();
  if (minutes <= 0) return new Date(start);
  if (isAroundTheClock(calendar)) return new Date(start + minutes * MINUTE_MS);
  let remaining = minutes * MINUTE_MS;
  for (let date = startDate(calendar, from), days = 0; days <= MAX_DAYS_SCANNED + minutes / 1440; date = date.plus({ days: 1 }), days++) {
    for (const [intervalStart, intervalEnd] of intervalsOn(calendar, date)) {
      if (intervalEnd <= start) continue;
      const segmentStart = Math.max(intervalStart, start);
      const available = intervalEnd - segmentStart;
      if (remaining <= available) return new Date(segmentStart + remaining);
      remaining -= available;
    }
  }
  throw new Error('The calendar has no working time in the next three years');
}
