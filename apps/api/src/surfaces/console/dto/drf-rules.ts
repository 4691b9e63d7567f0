import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { MAX_ID } from '@mm/ticket';

/**
 * The console's validation messages, in the words of the Django REST
 * framework the seed 004 clients were built against, keyed by field:
 * `{"subject": ["This field is required."]}`.
 */
export const drf = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  string: 'Not a valid string.',
  integer: 'A valid integer is required.',
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
};

/** DRF trims strings (trim_whitespace): "  " is blank. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** `"In Progress"`, `"in_progress"`, `"IN-PROGRESS"` → `in_progress`. */
export function choiceKey(value: string): string {
  return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** One of `values` (stored lower snake), in the console's Title words or any case; otherwise `"X" is not a valid choice.` */
export function Choice(values: readonly string[], options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'choice',
      validator: {
        validate: (value: unknown) => (typeof value === 'string' || typeof value === 'number') && values.includes(choiceKey(String(value))),
        defaultMessage: (args) => `"${String(args?.value)}" is not a valid choice.`,
      },
    },
    options,
  );
}

/** A row id, sent as a string (seed 004 ids are strings) or a number. */
export function IdString(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'idString',
      validator: {
        validate: (value: unknown) => {
          const id = typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value) : value;
          return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID;
        },
        defaultMessage: () => drf.integer,
      },
    },
    options,
  );
}
