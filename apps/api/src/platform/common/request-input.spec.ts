import { isCleanText, MAX_JSON_DEPTH, NOT_TEXT, TOO_DEEP, unsafeInputFields } from './request-input';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('unsafeInputFields', () => {
  it('lets ordinary input through', () => {
    expect(unsafeInputFields(undefined, 'body')).toBeNull();
    expect(unsafeInputFields({ description: 'Café 😀 — ﷺ', ids: [1, 2], nested: { a: [{ b: 'x' }] } }, 'body')).toBeNull();
    expect(unsafeInputFields({ a: nested(MAX_JSON_DEPTH - 1) }, 'body')).toBeNull();
  });

  it('refuses nesting deeper than the limit, under the top-level field, at any depth without overflowing', () => {
    expect(unsafeInputFields({ a: nested(MAX_JSON_DEPTH) }, 'body')).toEqual({ a: [TOO_DEEP] });
    expect(unsafeInputFields({ a: nested(1_000_000) }, 'body')).toEqual({ a: [TOO_DEEP] });
    expect(unsafeInputFields([nested(100)], 'body')).toEqual({ body: [TOO_DEEP] });
  });

  it('refuses NUL characters and unpaired surrogates in values and keys', () => {
    expect(unsafeInputFields({ email: 'a\u0000b@example.com', name: 'ok' }, 'body')).toEqual({ email: [NOT_TEXT] });
    expect(unsafeInputFields({ attachments: ['https://x.test/\ud800'] }, 'body')).toEqual({ attachments: [NOT_TEXT] });
    expect(unsafeInputFields({ 'bad\u0000key': 1 }, 'body')).toEqual({ body: [NOT_TEXT] });
    expect(unsafeInputFields('\udfff', 'body')).toEqual({ body: [NOT_TEXT] });
    expect(unsafeInputFields({ search: 'x\u0000' }, 'query')).toEqual({ search: [NOT_TEXT] });
    expect(unsafeInputFields({ toString: 'x\u0000', constructor: ['\ud800'] }, 'body')).toEqual({ toString: [NOT_TEXT], constructor: [NOT_TEXT] });
  });

  it('tells paired surrogates (emoji) from unpaired ones', () => {
    expect(isCleanText('👨‍👩‍👧')).toBe(true);
    expect(isCleanText('\ud83d')).toBe(false);
    expect(isCleanText('\ude00x')).toBe(false);
    expect(isCleanText('nul\u0000')).toBe(false);
  });
});
