import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '@mm/core';
import { MAX_ID } from '@mm/ticket';
import { parseEntityId } from '../../platform/common/entity-id.pipe';

/**
 * A path id of the desk API: a PostgreSQL integer id (1 to 2147483647) written the one canonical way,
 * else a 400 naming the path parameter in the default format; an id of no visible row is then a 404.
 */
export class DeskIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata?: ArgumentMetadata): number {
    const id = parseEntityId(value);
    if (id !== undefined) return id;
    const name = metadata?.data ?? 'id';
    throw new RequestValidationError({ [name]: [`${name} must be an integer from 1 to ${MAX_ID}`] });
  }
}
