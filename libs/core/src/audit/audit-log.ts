import { EntityManager } from 'typeorm';
import type { Actor } from '../context/request-context';

export interface AuditChange {
  /** `<entity type>.<what happened>`, e.g. `faq.updated`, `sla_policy.created`. */
  action: string;
  entityType: string;
  entityId: string | number | null;
  /** The object before the change (null when created) and after it (null when deleted), as the desk API shows it. */
  before: object | null;
  after: object | null;
}

const INSERT = `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, before, after, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/**
 * Records a configuration change in the audit log, in the caller's transaction
 * (`manager`), so the entry commits or vanishes with the change. The one line
 * every configuration use case adds: `await recordAudit(manager, ctx.actor, {...})`.
 */
export async function recordAudit(manager: EntityManager, actor: Actor | null, change: AuditChange, at = new Date()): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('recordAudit needs the transaction of the change it records');
  await manager.query(INSERT, [
    actor && actor.role !== 'service' ? actor.id : null,
    actor?.role ?? 'system',
    change.action,
    change.entityType,
    change.entityId === null ? null : String(change.entityId),
    change.before === null ? null : JSON.stringify(change.before),
    change.after === null ? null : JSON.stringify(change.after),
    at,
  ]);
}
