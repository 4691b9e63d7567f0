import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '@mm/auth';
import { AutomationAction, Conditions } from './automation-rules';
import { AutomationTrigger } from './automation-vocabulary';

/** SPEC 7.5: a rule an admin configures; event ones run in the change's transaction, time ones every minute. */
@Entity('automations')
@Index('ix_automations_on_position', ['on', 'position', 'id'], { where: 'active' })
export class Automation {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_automations' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'text' })
  on: AutomationTrigger;

  @Column({ type: 'jsonb' })
  conditions: Conditions;

  @Column({ type: 'jsonb' })
  actions: AutomationAction[];

  /** The admin who last saved it: a macro it applies is sent in their name. */
  @Column({ type: 'int', nullable: true })
  authorId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_automations_author' })
  author?: User | null;

  /** Time automations: tickets changed, or whose time conditions crossed a threshold, up to here are evaluated. */
  @Column({ type: 'timestamptz', nullable: true })
  checkedUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A time automation fired on a ticket that still matches: it fires again only after the ticket stopped matching. */
@Entity('automation_firings')
@Index('ix_automation_firings_ticket', ['ticketId'])
export class AutomationFiring {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_automation_firings' })
  automationId: number;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_automation_firings' })
  ticketId: number;

  @ManyToOne(() => Automation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'automation_id', foreignKeyConstraintName: 'fk_automation_firings_automation' })
  automation?: Automation;

  @Column({ type: 'timestamptz' })
  firedAt: Date;
}

/** What an automation did to a ticket, action by action (done or skipped, and why). */
@Entity('automation_runs')
@Index('ix_automation_runs_automation', ['automationId', 'id'])
@Index('ix_automation_runs_ticket', ['ticketId', 'id'])
export class AutomationRun {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT', primaryKeyConstraintName: 'pk_automation_runs' })
  id: string;

  @Column({ type: 'int' })
  automationId: number;

  @ManyToOne(() => Automation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'automation_id', foreignKeyConstraintName: 'fk_automation_runs_automation' })
  automation?: Automation;

  @Column({ type: 'int' })
  ticketId: number;

  @Column({ type: 'text' })
  trigger: string;

  @Column({ type: 'jsonb' })
  outcomes: ActionOutcome[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export interface ActionOutcome {
  type: string;
  result: 'done' | 'skipped' | 'unchanged';
  detail?: string;
}
