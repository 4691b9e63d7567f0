import { TicketStatus } from '@mm/ticket';
import { SlaMetric } from './sla-validation';
import { addWorkingMinutes, WorkingCalendar, workingMinutesBetween } from './working-time';

/**
 * The life of one SLA clock (SPEC 7.2), as pure functions over its state.
 * A clock counts working time while it runs; it stands still (paused) while
 * the ticket is on hold, resolved or closed, and stops for good when its
 * target is met (a staff reply), until a new cycle restarts it.
 */
export interface ClockState {
  metric: SlaMetric;
  policyId: number;
  targetMinutes: number;
  startedAt: Date;
  elapsedMinutes: number;
  runningSince: Date | null;
  stoppedAt: Date | null;
  dueAt: Date | null;
  warnAt: Date | null;
  breachedAt: Date | null;
  warnedAt: Date | null;
}

/** A warning goes out when this share of the target has elapsed. */
export const WARNING_SHARE = 0.8;

const STANDING_STILL: readonly TicketStatus[] = ['on_hold', 'resolved', 'closed'];

export function runsIn(status: TicketStatus): boolean {
  return !STANDING_STILL.includes(status);
}

/** Due and warning times of a running clock from where it stands; a stopped or paused one keeps none pending. */
function scheduled(clock: ClockState, calendar: WorkingCalendar): ClockState {
  if (!clock.runningSince || clock.breachedAt) return clock;
  const from = clock.runningSince;
  const dueAt = addWorkingMinutes(calendar, from, clock.targetMinutes - clock.elapsedMinutes);
  const warnAt = clock.warnedAt ? clock.warnAt : addWorkingMinutes(calendar, from, WARNING_SHARE * clock.targetMinutes - clock.elapsedMinutes);
  return { ...clock, dueAt, warnAt };
}

/** A new cycle: from `at`, running unless the ticket stands still. */
export function startClock(metric: SlaMetric, policyId: number, targetMinutes: number, calendar: WorkingCalendar, at: Date, running: boolean): ClockState {
  const clock: ClockState = {
    metric,
    policyId,
    targetMinutes,
    startedAt: at,
    elapsedMinutes: 0,
    runningSince: running ? at : null,
    stoppedAt: null,
    dueAt: null,
    warnAt: null,
    breachedAt: null,
    warnedAt: null,
  };
  return scheduled(clock, calendar);
}

/** Counts the running time so far into `elapsedMinutes` and stands still. */
export function pauseClock(clock: ClockState, calendar: WorkingCalendar, at: Date): ClockState {
  if (!clock.runningSince) return clock;
  const elapsedMinutes = clock.elapsedMinutes + workingMinutesBetween(calendar, clock.runningSince, at);
  return { ...clock, elapsedMinutes, runningSince: null, ...(clock.breachedAt ? {} : { dueAt: null, warnAt: null }) };
}

export function resumeClock(clock: ClockState, calendar: WorkingCalendar, at: Date): ClockState {
  if (clock.runningSince || clock.stoppedAt) return clock;
  return scheduled({ ...clock, runningSince: at }, calendar);
}

/** The target is met (or no longer applies): the clock stops and keeps its due time for the record. */
export function stopClock(clock: ClockState, calendar: WorkingCalendar, at: Date): ClockState {
  if (clock.stoppedAt) return clock;
  const dueAt = clock.dueAt;
  return { ...pauseClock(clock, calendar, at), stoppedAt: at, dueAt };
}

/** Runs or stands still as the ticket's status says. */
export function followStatus(clock: ClockState, calendar: WorkingCalendar, status: TicketStatus, at: Date): ClockState {
  return runsIn(status) ? resumeClock(clock, calendar, at) : pauseClock(clock, calendar, at);
}

/**
 * Another policy or priority applies: the same clock with the new target, its
 * due time recomputed from the clock's start (the working time it has counted
 * stays counted). A breach already fired stays fired.
 */
export function retarget(clock: ClockState, policyId: number, targetMinutes: number, calendar: WorkingCalendar, at: Date): ClockState {
  if (clock.policyId === policyId && clock.targetMinutes === targetMinutes) return clock;
  const counted = pauseClock(clock, calendar, at);
  const running = clock.runningSince ? { ...counted, runningSince: at } : counted;
  return scheduled({ ...running, policyId, targetMinutes }, calendar);
}
