const MAX_BACKOFF_MS = 5 * 60 * 1000;

/** Delay before the next attempt after `attempts` failed ones: the poll interval doubled each time, at most 5 minutes. */
export function retryDelayMs(attempts: number, pollMs: number): number {
  return Math.min(pollMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}
