import { Transform } from 'class-transformer';

/**
 * Laravel's validation messages (seed 003: "The subject field is required.",
 * "The description must be at least 10 characters."), keyed by the request's
 * own field names; the attribute is the field name with spaces for underscores.
 */
const attribute = (field: string) => field.replace(/_/g, ' ');

export const say = {
  required: (field: string) => `The ${attribute(field)} field is required.`,
  string: (field: string) => `The ${attribute(field)} must be a string.`,
  integer: (field: string) => `The ${attribute(field)} must be an integer.`,
  array: (field: string) => `The ${attribute(field)} must be an array.`,
  minChars: (field: string, min: number) => `The ${attribute(field)} must be at least ${min} characters.`,
  maxChars: (field: string, max: number) => `The ${attribute(field)} must not be greater than ${max} characters.`,
  min: (field: string, min: number) => `The ${attribute(field)} must be at least ${min}.`,
  max: (field: string, max: number) => `The ${attribute(field)} must not be greater than ${max}.`,
  maxItems: (field: string, max: number) => `The ${attribute(field)} must not have more than ${max} items.`,
  selected: (field: string) => `The selected ${attribute(field)} is invalid.`,
  date: (field: string) => `The ${attribute(field)} is not a valid date.`,
  url: (field: string) => `The ${attribute(field)} must be a valid URL.`,
};

/** Laravel's TrimStrings and ConvertEmptyStringsToNull middleware: "  " is absent. */
export const Trimmed = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  });

/** A query-string integer: "15" → 15; anything else stays as sent and fails @IsInt. */
export const QueryInt = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string' || !/^-?\d{1,10}$/.test(value.trim())) return value;
    return Number(value.trim());
  });
