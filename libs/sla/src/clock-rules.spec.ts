import { followStatus, pauseClock, resumeClock, retarget, startClock, stopClock } from './clock-rules';
import { AROUND_THE_CLOCK, WorkingCalendar } from './working-time';

const at = (iso: string) => new Date(iso);
const weekdays: WorkingCalendar = { timezone: 'UTC', weeklyHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };

describe('SLA clock rules', () => {
  it('starts with due and warning (80 %) times in working time', () => {
    // Friday 16:00 UTC, 90 working minutes: 60 on Friday, due Monday 09:30; the warning after 72, Monday 09:12.
    const clock = startClock('first_reply', 1, 90, weekdays, at('2026-12-04T16:00:00Z'), true);
    expect(clock.dueAt).toEqual(at('2026-12-07T09:30:00Z'));
    expect(clock.warnAt).toEqual(at('2026-12-07T09:12:00Z'));
  });

  it('stands still on hold: the working time counted so far stays, the due time moves by the time held', () => {
    const started = startClock('resolution', 1, 60, AROUND_THE_CLOCK, at('2026-12-07T10:00:00Z'), true);
    const held = followStatus(started, AROUND_THE_CLOCK, 'on_hold', at('2026-12-07T10:20:00Z'));
    expect(held).toMatchObject({ elapsedMinutes: 20, runningSince: null, dueAt: null, warnAt: null });
    const resumed = followStatus(held, AROUND_THE_CLOCK, 'in_progress', at('2026-12-07T12:00:00Z'));
    expect(resumed.dueAt).toEqual(at('2026-12-07T12:40:00Z'));
    expect(resumed.warnAt).toEqual(at('2026-12-07T12:28:00Z'));
  });

  it('a stopped clock (target met) does not resume, and keeps its due time for the record', () => {
    const started = startClock('first_reply', 1, 30, AROUND_THE_CLOCK, at('2026-12-07T10:00:00Z'), true);
    const met = stopClock(started, AROUND_THE_CLOCK, at('2026-12-07T10:10:00Z'));
    expect(met).toMatchObject({ stoppedAt: at('2026-12-07T10:10:00Z'), runningSince: null, elapsedMinutes: 10, dueAt: at('2026-12-07T10:30:00Z') });
    expect(resumeClock(met, AROUND_THE_CLOCK, at('2026-12-07T11:00:00Z'))).toBe(met);
  });

  it('a new target recomputes the due time from the clock start, counting only the time it ran', () => {
    const started = startClock('resolution', 1, 240, AROUND_THE_CLOCK, at('2026-12-07T10:00:00Z'), true);
    const paused = pauseClock(started, AROUND_THE_CLOCK, at('2026-12-07T10:30:00Z'));
    const resumed = resumeClock(paused, AROUND_THE_CLOCK, at('2026-12-07T11:30:00Z'));
    const stricter = retarget(resumed, 2, 60, AROUND_THE_CLOCK, at('2026-12-07T11:40:00Z'));
    // 30 + 10 minutes ran; 20 remain from 11:40.
    expect(stricter).toMatchObject({ policyId: 2, targetMinutes: 60, dueAt: at('2026-12-07T12:00:00Z'), startedAt: at('2026-12-07T10:00:00Z') });
  });

  it('a breached clock stays breached when retargeted or paused', () => {
    const started = startClock('first_reply', 1, 10, AROUND_THE_CLOCK, at('2026-12-07T10:00:00Z'), true);
    const breached = { ...started, breachedAt: at('2026-12-07T10:10:30Z') };
    const retargeted = retarget(breached, 1, 5, AROUND_THE_CLOCK, at('2026-12-07T10:11:00Z'));
    expect(retargeted).toMatchObject({ dueAt: at('2026-12-07T10:10:00Z'), breachedAt: at('2026-12-07T10:10:30Z') });
    expect(pauseClock(breached, AROUND_THE_CLOCK, at('2026-12-07T10:12:00Z')).dueAt).toEqual(at('2026-12-07T10:10:00Z'));
  });
});
