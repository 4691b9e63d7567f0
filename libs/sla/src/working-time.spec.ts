import { addWorkingMinutes, AROUND_THE_CLOCK, WorkingCalendar, workingMinutesBetween } from './working-time';

const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]) => days.map((day) => ({ day, start, end }));
const paris = (overrides: Partial<WorkingCalendar> = {}): WorkingCalendar => ({ timezone: 'Europe/Paris', weeklyHours: weekdays('09:00', '18:00'), holidays: [], ...overrides });
const at = (iso: string) => new Date(iso);

describe('working time, around the clock', () => {
  it('is plain elapsed time, across a daylight-saving change elsewhere too', () => {
    expect(workingMinutesBetween(AROUND_THE_CLOCK, at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(1440);
    expect(addWorkingMinutes(AROUND_THE_CLOCK, at('2026-12-31T23:30:00Z'), 90).toISOString()).toBe('2027-01-01T01:00:00.000Z');
  });

  it('counts nothing backwards and adds nothing for 0', () => {
    expect(workingMinutesBetween(AROUND_THE_CLOCK, at('2026-01-02T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBe(0);
    expect(addWorkingMinutes(AROUND_THE_CLOCK, at('2026-01-02T00:00:00Z'), 0).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});

describe('working time in a Monday-Friday 09:00-18:00 Paris calendar', () => {
  // 2026-12-04 is a Friday; Paris is UTC+1 in winter.
  it('skips the weekend: 60 minutes from Friday 17:30 end Monday 09:30', () => {
    expect(addWorkingMinutes(paris(), at('2026-12-04T16:30:00Z'), 60).toISOString()).toBe('2026-12-07T08:30:00.000Z');
    expect(workingMinutesBetween(paris(), at('2026-12-04T16:30:00Z'), at('2026-12-07T08:30:00Z'))).toBe(60);
  });

  it('starts counting at the next opening when started outside hours (Saturday noon + 60 = Monday 10:00)', () => {
    expect(addWorkingMinutes(paris(), at('2026-12-05T11:00:00Z'), 60).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('skips a holiday: Christmas Friday 2026-12-25 has no working time', () => {
    const calendar = paris({ holidays: ['2026-12-25'] });
    // Thursday 17:00 local + 120 minutes: one hour on Thursday, the next on Monday 28th.
    expect(addWorkingMinutes(calendar, at('2026-12-24T16:00:00Z'), 120).toISOString()).toBe('2026-12-28T09:00:00.000Z');
    expect(workingMinutesBetween(calendar, at('2026-12-24T00:00:00Z'), at('2026-12-29T00:00:00Z'))).toBe(2 * 540);
  });

  it('counts a working day as 9 hours on both sides of spring-forward (2026-03-29) and fall-back (2026-10-25)', () => {
    // Friday 27 March 09:00 (UTC+1) → Monday 30 March 09:00 (UTC+2): one working day.
    expect(workingMinutesBetween(paris(), at('2026-03-27T08:00:00Z'), at('2026-03-30T07:00:00Z'))).toBe(540);
    expect(addWorkingMinutes(paris(), at('2026-03-27T08:00:00Z'), 600).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // Friday 23 October 09:00 (UTC+2) → Monday 26 October 10:00 (UTC+1).
    expect(addWorkingMinutes(paris(), at('2026-10-23T07:00:00Z'), 600).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('spans many days: 5 working days (2,700 minutes) from Monday 09:00 end Friday 18:00; one more minute is Monday 09:01', () => {
    expect(addWorkingMinutes(paris(), at('2026-12-07T08:00:00Z'), 2700).toISOString()).toBe('2026-12-11T17:00:00.000Z');
    expect(addWorkingMinutes(paris(), at('2026-12-07T08:00:00Z'), 2701).toISOString()).toBe('2026-12-14T08:01:00.000Z');
    // A year's worth of working minutes lands about 4.8 years later and is found.
    const far = addWorkingMinutes(paris(), at('2026-12-07T08:00:00Z'), 525_600);
    expect(workingMinutesBetween(paris(), at('2026-12-07T08:00:00Z'), far)).toBe(525_600);
  });
});

describe('hours ending at midnight and daylight-saving days in a 24-hour local calendar', () => {
  const evenings: WorkingCalendar = { timezone: 'Europe/Paris', weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '18:00', end: '24:00' })), holidays: [] };
  const allDayParis: WorkingCalendar = { timezone: 'Europe/Paris', weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })), holidays: [] };

  it('runs an evening shift up to midnight and continues the next evening', () => {
    // 23:30 local (UTC+1) + 60 minutes: 30 to midnight, 30 from 18:00 the next day.
    expect(addWorkingMinutes(evenings, at('2026-12-07T22:30:00Z'), 60).toISOString()).toBe('2026-12-08T17:30:00.000Z');
    expect(workingMinutesBetween(evenings, at('2026-12-07T00:00:00Z'), at('2026-12-09T00:00:00Z'))).toBe(720);
  });

  it('counts the real length of the local days of the changes: 23 hours in spring, 25 in autumn', () => {
    expect(workingMinutesBetween(allDayParis, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * 60);
    expect(workingMinutesBetween(allDayParis, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * 60);
  });

  it('moves a start inside the skipped hour past the gap (02:00-03:00 on 2026-03-29 does not exist)', () => {
    const nights: WorkingCalendar = { timezone: 'Europe/Paris', weeklyHours: [{ day: 0, start: '02:30', end: '04:00' }], holidays: [] };
    // 02:30 local does not exist that day: counting starts at 03:30 (UTC+2) = 01:30Z, 30 minutes to 04:00.
    expect(workingMinutesBetween(nights, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(30);
  });
});
