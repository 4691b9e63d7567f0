import { RequestValidationError } from '@mm/core';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * A ticket's tags as stored (SPEC 7.1): each trimmed and lower-cased, 1-40
 * characters, no control characters, duplicates dropped (first one kept), at
 * most 20. Anything else is a 400 on `tags` that names the offending entries.
 */
export function normalizeTags(input: readonly string[]): string[] {
  const problems: string[] = [];
  const tags: string[] = [];
  input.forEach((raw, index) => {
    const tag = raw.normalize('NFC').trim().toLowerCase();
    if (tag.length < 1 || [...tag].length > MAX_TAG_LENGTH) problems.push(`tags[${index}] must be 1 to ${MAX_TAG_LENGTH} characters once trimmed`);
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(tag)) problems.push(`tags[${index}] must not contain control characters`);
    else if (!tags.includes(tag)) tags.push(tag);
  });
  if (tags.length > MAX_TAGS) problems.push(`a ticket has at most ${MAX_TAGS} tags`);
  if (problems.length) throw new RequestValidationError({ tags: problems });
  return tags;
}

/** One tag of a list filter (`tag`), as it is stored; an impossible tag is a 400 on `tag`. */
export function normalizeTag(tag: string): string {
  try {
    return normalizeTags([tag])[0];
  } catch (error) {
    if (error instanceof RequestValidationError) throw new RequestValidationError({ tag: error.fields.tags.map((m) => m.replace('tags[0]', 'tag')) });
    throw error;
  }
}
