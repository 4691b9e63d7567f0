import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@mm/core';

/**
 * Every person the service knows: customers (registered here or pushed by the
 * MM services through the integration API), agents and admins. ids are ours;
 * a pushed customer's MM id is `mmCustomerId`, never its `id`.
 */
@Entity('users')
@Check('ck_users_role', `"role" IN ('customer', 'agent', 'admin')`)
@Index('ux_users_email', { synchronize: false }) // unique on lower(email): see the migration
@Index('ix_users_role', ['role', 'id'])
export class User {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Stored lower-cased; unique case-insensitively. */
  @Column({ type: 'text' })
  email: string;

  /** argon2id; null for accounts that sign in through the MM identity service. Never selected by default. */
  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', default: 'en' })
  locale: string;

  @Column({ type: 'text' })
  role: Exclude<Role, 'service'>;

  /** The MM customer id of a customer pushed through the integration API; null for accounts made here. */
  @Index('ux_users_mm_customer_id', { unique: true })
  @Column({ type: 'int', nullable: true })
  mmCustomerId: number | null;

  /** Agents only: set when an admin approves them; agent routes are 403 until then. */
  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  /** Agents only: set when an admin rejects or deactivates them; every token of theirs is 401 from then on. */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
