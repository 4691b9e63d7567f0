/** Request bodies nest a few levels at most; deeper ones are refused before validation (class-transformer and class-validator recurse per level). */
export const MAX_JSON_DEPTH = 32;

export const TOO_DEEP = `must not nest deeper than ${MAX_JSON_DEPTH} levels`;
export const NOT_TEXT = 'must be text without NUL characters or unpaired surrogates';

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** PostgreSQL text cannot hold NUL, and the validators (isEmail, isURL) throw on unpaired surrogates. */
export function isCleanText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/**
 * What no handler should receive in a parsed body or query, by top-level
 * field (`root` for the input itself): nesting deeper than MAX_JSON_DEPTH,
 * and strings or keys that are not clean text. Iterative, so any depth is
 * measured safely. Null when the input is fine.
 */
export function unsafeInputFields(input: unknown, root: string): Record<string, string[]> | null {
  // A Map: field names are the client's (`toString`, `__proto__` …), never keys of a plain object.
  const fields = new Map<string, Set<string>>();
  const flag = (field: string, message: string) => fields.set(field, (fields.get(field) ?? new Set()).add(message));
  const pending: { value: unknown; depth: number; field: string }[] = [{ value: input, depth: 0, field: root }];
  while (pending.length) {
    const { value, depth, field } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isCleanText(value)) flag(field, NOT_TEXT);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      flag(field, TOO_DEEP);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childField = depth === 0 && !Array.isArray(value) && isCleanText(key) ? key : field;
      if (!isCleanText(key)) flag(field, NOT_TEXT);
      pending.push({ value: child, depth: depth + 1, field: childField });
    }
  }
  return fields.size ? Object.fromEntries([...fields].map(([field, messages]) => [field, [...messages]])) : null;
}
