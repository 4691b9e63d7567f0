import { Brackets, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor, DomainError, DomainErrorCode } from '@mm/core';
import { Visibility } from './productivity.entities';

/** Macros and views alike: shared ones are everyone's, personal ones their owner's only (others do not see them: 404). */
export function visibleTo<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, actor: Actor): SelectQueryBuilder<T> {
  return query.andWhere(new Brackets((q) => q.where(`${alias}.visibility = 'shared'`).orWhere(`${alias}.ownerId = :viewer`, { viewer: actor.id })));
}

/** Whoever may change a shared object: `manage_shared_macros` (admins); a personal one: its owner. */
export function assertMayChange(actor: Actor, object: { visibility: Visibility }, what: string): void {
  if (object.visibility === 'shared' && !actor.permissions.has('manage_shared_macros')) {
    throw new DomainError(DomainErrorCode.PermissionDenied, `Only admins with manage_shared_macros change shared ${what}`);
  }
}

export async function findVisible<T extends ObjectLiteral>(manager: EntityManager, entity: new () => T, actor: Actor, id: number, notFound: () => DomainError, lock = false): Promise<T> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw notFound();
  const query = visibleTo(manager.getRepository(entity).createQueryBuilder('config').where('config.id = :id', { id }), 'config', actor);
  if (lock) query.setLock('pessimistic_write');
  const found = await query.getOne();
  if (!found) throw notFound();
  return found;
}

export function ownerOf(actor: Actor, visibility: Visibility): number | null {
  return visibility === 'personal' ? actor.id : null;
}
