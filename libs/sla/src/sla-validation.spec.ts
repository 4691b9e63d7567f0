import { calendarErrors, policyErrors, SlaPolicyInput } from './sla-validation';

const calendar = { name: 'Paris office', timezone: 'Europe/Paris', weeklyHours: [{ day: 1, start: '09:00', end: '18:00' }], holidays: ['2026-12-25'] };
const policy: SlaPolicyInput = { name: 'Urgent food', position: 0, match: { origins: ['munch'] }, calendarId: 1, targets: { urgent: { firstReplyMinutes: 5 } }, breachAction: 'escalate' };

describe('calendar validation', () => {
  it('accepts a valid calendar, and hours ending at midnight', () => {
    expect(calendarErrors(calendar)).toEqual({});
    expect(calendarErrors({ ...calendar, weeklyHours: [{ day: 5, start: '18:00', end: '24:00' }] })).toEqual({});
  });

  it('names each bad field', () => {
    const errors = calendarErrors({
      name: ' ',
      timezone: 'Europe/Atlantis',
      weeklyHours: [
        { day: 1, start: '09:00', end: '13:00' },
        { day: 1, start: '12:00', end: '18:00' },
        { day: 2, start: '18:00', end: '09:00' },
        { day: 7, start: '25:00', end: '10:00' },
      ],
      holidays: ['2026-02-30', 'tomorrow'],
    });
    expect(Object.keys(errors).sort()).toEqual(['holidays.0', 'holidays.1', 'name', 'timezone', 'weeklyHours.1', 'weeklyHours.2', 'weeklyHours.3.day', 'weeklyHours.3.start']);
    expect(errors.timezone).toEqual(['unknown timezone: Europe/Atlantis']);
    expect(errors['weeklyHours.1']).toEqual(['overlaps weeklyHours.0']);
    expect(errors['weeklyHours.2']).toEqual(['end must be after start']);
  });

  it('wants at least one working interval', () => {
    expect(calendarErrors({ ...calendar, weeklyHours: [] })).toEqual({ weeklyHours: ['weeklyHours must list at least one working interval'] });
  });
});

describe('policy validation', () => {
  it('accepts a valid policy', () => {
    expect(policyErrors(policy)).toEqual({});
  });

  it('refuses a target of 0 or over a year, an unknown origin or category, an unknown action', () => {
    const errors = policyErrors({
      ...policy,
      position: -1,
      match: { origins: ['ubereats'], categories: ['payment_issue', 'weather'] },
      targets: { urgent: { firstReplyMinutes: 0, resolutionMinutes: 525_601 }, low: { nextReplyMinutes: 10 } },
      breachAction: 'explode' as never,
    });
    expect(Object.keys(errors).sort()).toEqual([
      'breachAction',
      'match.categories.1',
      'match.origins.0',
      'position',
      'targets.urgent.firstReplyMinutes',
      'targets.urgent.resolutionMinutes',
    ]);
    expect(errors['match.origins.0']).toEqual(['unknown origin: ubereats']);
  });

  it('wants at least one target', () => {
    expect(policyErrors({ ...policy, targets: {} })).toEqual({ targets: ['targets must set at least one target'] });
  });
});
