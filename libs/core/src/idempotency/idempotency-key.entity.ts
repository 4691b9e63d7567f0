import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A stored `Idempotency-Key`: the first response to (caller, key) for 24 hours,
 * written in the command's own transaction (IdempotencyStore). Rows without a
 * response are claims an earlier version committed apart from the change.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_expires', ['expiresAt'])
export class IdempotencyKey {
  /** Who sent it: `<role>:<id>`; keys never cross callers. */
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** sha256 of method, path and canonical JSON body. */
  @Column({ type: 'text' })
  requestHash: string;

  @Column({ type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody: unknown;

  /** While the first attempt runs; a duplicate before then is 409. */
  @Column({ type: 'timestamptz' })
  lockedUntil: Date;

  @Column({ type: 'timestamptz', nullable: true })
  committedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
