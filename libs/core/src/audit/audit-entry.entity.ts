import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../context/request-context';

/**
 * The audit log of configuration changes (SPEC section 7): who, when, what,
 * the object before and after. Written by recordAudit in the change's own
 * transaction; append-only. No foreign key: an entry outlives its actor.
 */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entityType', 'entityId', 'id'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_audit_log' })
  id: string;

  /** Null for changes made by the system itself. */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  @Column({ type: 'text' })
  actorRole: Role | 'system';

  /** `<entity type>.<created|updated|deleted|...>`, e.g. `faq.updated`, `agent.approved`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  /** The object before the change; null when it was created. */
  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  /** The object after the change; null when it was deleted. */
  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
