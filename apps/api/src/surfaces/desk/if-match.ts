import { RequestValidationError } from '@mm/core';

/**
 * The version an `If-Match` header names: `"<version>"` (the desk ticket's
 * ETag), or `*` / no header for "whatever the current version" (undefined).
 * Anything else, weak tags included, is a 400 on `If-Match`.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"([1-9]\d{0,9})"\s*$/.exec(header);
  const version = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(version) || version > 2_147_483_647) {
    throw new RequestValidationError({ 'If-Match': ['If-Match must be the ticket\'s ETag: a version in double quotes, e.g. "3"'] });
  }
  return version;
}

/** The ETag of a desk resource at `version`. */
export function etag(version: number): string {
  return `"${version}"`;
}
