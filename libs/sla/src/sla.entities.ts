import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Ticket, TicketPriority } from '@mm/ticket';
import { BreachAction, SlaMatch, SlaMetric, SlaTargets } from './sla-validation';
import { WeeklyHours } from './working-time';

/** A business calendar: when the clocks of the policies using it run. `builtIn`: `Around the clock`, not editable. */
@Entity('sla_calendars')
export class SlaCalendar {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ type: 'jsonb' })
  weeklyHours: WeeklyHours[];

  @Column({ type: 'jsonb', default: () => `'[]'` })
  holidays: string[];

  @Column({ type: 'boolean', default: false })
  builtIn: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** SPEC 7.2: the first active policy by position whose match fits a ticket sets its targets. */
@Entity('sla_policies')
@Check('ck_sla_policies_breach_action', `"breach_action" IN ('notify', 'escalate')`)
export class SlaPolicy {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  match: SlaMatch;

  @Column({ type: 'int' })
  calendarId: number;

  @ManyToOne(() => SlaCalendar, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'calendar_id', foreignKeyConstraintName: 'fk_sla_policies_calendar' })
  calendar?: SlaCalendar;

  @Column({ type: 'jsonb' })
  targets: Partial<Record<TicketPriority, SlaTargets>>;

  @Column({ type: 'text' })
  breachAction: BreachAction;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One clock of a ticket (SPEC 7.2). It runs while `runningSince` is set;
 * `elapsedMinutes` is the working time counted before that. Paused (on hold,
 * resolved): not running, not stopped. Stopped: its target was met (a staff
 * reply) until a new cycle starts it again. `dueAt` is when the target is
 * reached if it keeps running.
 */
@Entity('sla_clocks')
@Unique('uq_sla_clocks_ticket_metric', ['ticketId', 'metric'])
@Check('ck_sla_clocks_metric', `"metric" IN ('first_reply', 'next_reply', 'resolution')`)
// "What is due" and "what needs a warning": probes of small partial indexes, however many tickets exist.
@Index('ix_sla_clocks_due', ['dueAt'], { where: 'breached_at IS NULL AND running_since IS NOT NULL' })
@Index('ix_sla_clocks_warn', ['warnAt'], { where: 'warned_at IS NULL AND breached_at IS NULL AND running_since IS NOT NULL' })
// The desk's breached=true: the few breached clocks' tickets, not a probe per ticket.
@Index('ix_sla_clocks_breached', ['ticketId'], { where: 'breached_at IS NOT NULL' })
export class SlaClock {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'int' })
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_sla_clocks_ticket' })
  ticket?: Ticket;

  @Column({ type: 'text' })
  metric: SlaMetric;

  @Column({ type: 'int' })
  policyId: number;

  @ManyToOne(() => SlaPolicy, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'policy_id', foreignKeyConstraintName: 'fk_sla_clocks_policy' })
  policy?: SlaPolicy;

  @Column({ type: 'int' })
  targetMinutes: number;

  /** When this cycle of the clock started (creation, or the customer message a next reply answers). */
  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'double precision', default: 0 })
  elapsedMinutes: number;

  @Column({ type: 'timestamptz', nullable: true })
  runningSince: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** When 80 % of the target has elapsed. */
  @Column({ type: 'timestamptz', nullable: true })
  warnAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  warnedAt: Date | null;
}
