import { formatMinor, REWARD_RULES, utcDay } from './reward-rules';

describe('reward rules', () => {
  it('awards 10 points and 0.20 credit per support interaction and 5 points per closure', () => {
    expect(REWARD_RULES.ticket_created).toEqual({ action: 'support_interaction', points: 10, creditMinor: 20, dailyCapped: true });
    expect(REWARD_RULES.ticket_escalated).toEqual({ action: 'support_interaction', points: 10, creditMinor: 20, dailyCapped: true });
    expect(REWARD_RULES.ticket_closed).toEqual({ action: 'ticket_closure', points: 5, creditMinor: 0, dailyCapped: false });
  });

  it('formats minor units as a decimal string', () => {
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(20)).toBe('0.20');
    expect(formatMinor(105)).toBe('1.05');
    expect(formatMinor(123456)).toBe('1234.56');
    expect(formatMinor(-20)).toBe('-0.20');
  });

  it('counts days in UTC', () => {
    expect(utcDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-03-02T00:00:00+02:00'))).toBe('2026-03-01');
  });
});
