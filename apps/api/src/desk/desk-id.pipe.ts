import { PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '@mm/core';
import { MAX_ID } from '@mm/ticket';

/**
 * A path id of the desk API: a PostgreSQL integer id (1 to 2147483647), else a
 * 400 on `id` in the default format; an id of no visible row is then a 404.
 */
export class DeskIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe has already turned a numeric string into a number (`id: number`).
    const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= MAX_ID) return id;
    throw new RequestValidationError({ id: [`id must be an integer from 1 to ${MAX_ID}`] });
  }
}
