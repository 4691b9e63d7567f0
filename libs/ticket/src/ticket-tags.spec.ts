import { RequestValidationError } from '@mm/core';
import { MAX_TAGS, normalizeTags } from './ticket-tags';

function fieldErrors(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestValidationError) return error.fields.tags;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('normalizeTags', () => {
  it('trims, lower-cases and drops duplicates, keeping the first order', () => {
    expect(normalizeTags(['  VIP ', 'refund', 'vip', 'Refund'])).toEqual(['vip', 'refund']);
  });

  it('accepts an empty list (clears the tags) and exactly 20 tags of 40 characters', () => {
    expect(normalizeTags([])).toEqual([]);
    const tags = Array.from({ length: MAX_TAGS }, (_, i) => `${'x'.repeat(38)}${String(i).padStart(2, '0')}`);
    expect(normalizeTags(tags)).toEqual(tags);
  });

  it('refuses empty, too long, control characters and more than 20, naming each', () => {
    expect(fieldErrors(() => normalizeTags(['ok', '   ', 'y'.repeat(41), 'a\u0007b']))).toEqual([
      'tags[1] must be 1 to 40 characters once trimmed',
      'tags[2] must be 1 to 40 characters once trimmed',
      'tags[3] must not contain control characters',
    ]);
    expect(fieldErrors(() => normalizeTags(Array.from({ length: 21 }, (_, i) => `t${i}`)))).toEqual(['a ticket has at most 20 tags']);
  });
});
