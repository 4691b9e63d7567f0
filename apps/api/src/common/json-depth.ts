/** Request bodies nest a few levels at most; deeper ones are refused before validation (class-transformer and class-validator recurse per level). */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests arrays or objects more than `max` levels deep. Iterative, so any depth is measured safely. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
