import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../context/request-context';
import { DomainError, DomainErrorCode } from '../errors/domain-error';
import { CursorPage, keysetPage, PageRequest } from '../pagination/cursor-page';
import { AuditEntry } from './audit-entry.entity';

export interface AuditEntryWithActor {
  entry: AuditEntry;
  /** The actor's name as it is now; null for the system or a removed user. */
  actorName: string | null;
}

/** The audit log, newest first, for admins (SPEC section 7: `GET /api/desk/audit-log`). */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(ctx: RequestContext, page: PageRequest): Promise<CursorPage<AuditEntryWithActor>> {
    if (ctx.actor.role !== 'admin') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only admins read the audit log');
    const query = this.dataSource.getRepository(AuditEntry).createQueryBuilder('entry');
    const { items, nextCursor } = await keysetPage(query, { name: 'audit', columns: [{ sql: 'entry.id', type: 'bigint' }], direction: 'DESC' }, page);
    const actorIds = [...new Set(items.map((e) => e.actorId).filter((id): id is number => id !== null))];
    const names = new Map<number, string>();
    if (actorIds.length) {
      const rows: { id: number; name: string }[] = await this.dataSource.query('SELECT id, name FROM users WHERE id = ANY($1::int[])', [actorIds]);
      for (const row of rows) names.set(row.id, row.name);
    }
    return { items: items.map((entry) => ({ entry, actorName: entry.actorId === null ? null : (names.get(entry.actorId) ?? null) })), nextCursor };
  }
}
