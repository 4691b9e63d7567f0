import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from the poll interval and stops at five minutes', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 500))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(30, 500)).toBe(5 * 60 * 1000);
    expect(retryDelayMs(0, 500)).toBe(500);
  });
});
