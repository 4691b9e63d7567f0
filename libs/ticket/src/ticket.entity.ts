import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { TicketOrigin } from '@mm/core';
import { User } from '@mm/auth';
import { Booking } from './references/booking.entity';
import { Order } from './references/order.entity';
import { Ride } from './references/ride.entity';
import {
  SERVICE_TYPES,
  ServiceType,
  sqlList,
  TICKET_CATEGORIES,
  TICKET_ORIGINS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketCategory,
  TicketPriority,
  TicketStatus,
} from './ticket-vocabulary';

/**
 * The one support ticket that all five surfaces show: created in a vertical
 * app, worked in the consoles, discussed through the helpdesk API. Values are
 * canonical (see ticket-vocabulary.ts); surfaces translate.
 */
@Entity('tickets')
@Index('ux_tickets_number', ['ticketNumber'], { unique: true })
@Index('ix_tickets_customer_created', ['customerId', 'createdAt', 'id'])
@Index('ix_tickets_assignee_status_created', ['assigneeId', 'status', 'createdAt'])
@Index('ix_tickets_status_created', ['status', 'createdAt'])
@Index('ix_tickets_status_category_created', ['status', 'category', 'createdAt']) // a queue view: "open · payment issue"
@Index('ix_tickets_status_priority_created', { synchronize: false }) // "in progress · high", assignee included: see the TicketQueueViewIndexes migration
@Index('ix_tickets_status_category_urgency', { synchronize: false }) // "open · payment issue", most urgent first: see the migration
@Index('ix_tickets_unassigned', ['status', 'createdAt'], { where: 'assignee_id IS NULL' })
@Index('ix_tickets_created', ['createdAt', 'id'])
@Index('ix_tickets_updated', ['updatedAt', 'id'])
@Index('ix_tickets_status_changed', ['statusChangedAt'])
@Index('ix_tickets_customer_replied', ['customerRepliedAt'], { where: 'customer_replied_at IS NOT NULL' })
@Index('ix_tickets_change_xid', ['changeXid', 'id'])
@Index('ix_tickets_search_vector', { synchronize: false }) // GIN on search_vector: see the TicketSearchVector migration
@Index('ix_tickets_ride', ['rideId'], { where: 'ride_id IS NOT NULL' })
@Index('ix_tickets_order', ['orderId'], { where: 'order_id IS NOT NULL' })
@Index('ix_tickets_booking', ['bookingId'], { where: 'booking_id IS NOT NULL' })
@Index('ix_tickets_group_members', { synchronize: false }) // GIN on group_customer_ids: see the migration
@Index('ix_tickets_tags', { synchronize: false }) // GIN on tags: see the DeskTickets migration
@Index('ix_tickets_resolved_at', ['resolvedAt'], { where: 'resolved_at IS NOT NULL' }) // reports
@Index('ix_tickets_done_at', { synchronize: false }) // reports: COALESCE(resolved_at, closed_at), see the ReportIndexes migration
@Index('ix_tickets_priority_rank', { synchronize: false }) // the desk's priority sort (rank, id): see the DeskTickets migration
@Index('ix_tickets_sla_due', { synchronize: false }) // the desk's sla_due sort (due time or 9999-12-31, id): see the TicketSlaNextDue migration
@Check('ck_tickets_status', `"status" IN (${sqlList(TICKET_STATUSES)})`)
@Check('ck_tickets_priority', `"priority" IN (${sqlList(TICKET_PRIORITIES)})`)
@Check('ck_tickets_category', `"category" IN (${sqlList(TICKET_CATEGORIES)})`)
@Check('ck_tickets_origin', `"origin" IN (${sqlList(TICKET_ORIGINS)})`)
@Check('ck_tickets_service_type', `"service_type" IS NULL OR "service_type" IN (${sqlList(SERVICE_TYPES)})`)
export class Ticket {
  @PrimaryGeneratedColumn('identity', { type: 'int', generatedIdentity: 'BY DEFAULT' })
  id: number;

  /** `TKT-123456-ABCDEF`: random, unique, never derived from the id. */
  @Column({ type: 'text' })
  ticketNumber: string;

  /** The surface the ticket was created through; its customer socket events use that surface's vocabulary. */
  @Column({ type: 'text' })
  origin: TicketOrigin;

  /** mtxi only: what the ticket is about; decides its reference. */
  @Column({ type: 'text', nullable: true })
  serviceType: ServiceType | null;

  @Column({ type: 'int' })
  customerId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_tickets_customer' })
  customer?: User;

  /** mtxi group tickets: other customers who may read, message and receive events (only the owner escalates or closes). */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  groupCustomerIds: number[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  description: string;

  /**
   * What full-text search looks in: subject, description and every message
   * body (never internal notes), stripped to distinct words. Kept by triggers
   * (TicketSearchVector migration); the app never reads or writes it.
   */
  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  searchVector: string;

  /** "Issue type" of seeds 000-002 and "category" of seeds 003-004, lower snake. */
  @Column({ type: 'text' })
  category: TicketCategory;

  @Column({ type: 'text', default: 'open' })
  status: TicketStatus;

  @Column({ type: 'text', default: 'medium' })
  priority: TicketPriority;

  /** How many times the customer escalated it. */
  @Column({ type: 'int', default: 0 })
  escalationLevel: number;

  /** The agent (or admin) working it; null while it waits in the unassigned queue. */
  @Column({ type: 'int', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_tickets_assignee' })
  assignee?: User | null;

  @Column({ type: 'int', nullable: true })
  rideId: number | null;

  @ManyToOne(() => Ride, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ride_id', foreignKeyConstraintName: 'fk_tickets_ride' })
  ride?: Ride | null;

  @Column({ type: 'int', nullable: true })
  orderId: number | null;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id', foreignKeyConstraintName: 'fk_tickets_order' })
  order?: Order | null;

  @Column({ type: 'int', nullable: true })
  bookingId: number | null;

  @ManyToOne(() => Booking, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'booking_id', foreignKeyConstraintName: 'fk_tickets_booking' })
  booking?: Booking | null;

  @Column({ type: 'text', nullable: true })
  resolutionDetails: string | null;

  /** Staff labels: lower-case, trimmed, 1-40 characters, at most 20 (see ticket-tags.ts). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /**
   * Raised by the tr_tickets_version trigger on every change of the row (read
   * flags and search words aside), whichever surface or use case made it: the
   * desk's ETag and If-Match. The app never writes it.
   */
  @Column({ type: 'int', default: 1, insert: false, update: false })
  version: number;

  /**
   * The id of the transaction that last changed the row (the version rose),
   * set by the tr_tickets_version_xid trigger: the key of the ticket export
   * (libs/webhooks, TicketExport). The app never reads or writes it.
   */
  @Column({ type: 'bigint', default: 0, select: false, insert: false, update: false })
  changeXid: string;

  /**
   * The earliest due time of the ticket's running SLA clocks (null when none
   * runs), kept by a trigger on sla_clocks (TicketSlaNextDue migration) for
   * the desk's `sort=sla_due`. The app never writes it.
   */
  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  slaNextDueAt: Date | null;

  /** Another unresolved ticket of the same customer about the same ride, order or booking (set by the duplicates rule). */
  @Column({ type: 'int', nullable: true })
  possibleDuplicateOf: number | null;

  @ManyToOne(() => Ticket, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'possible_duplicate_of', foreignKeyConstraintName: 'fk_tickets_possible_duplicate_of' })
  possibleDuplicate?: Ticket | null;

  /** The ticket this one was merged into (it is then closed). */
  @Column({ type: 'int', nullable: true })
  mergedIntoId: number | null;

  @ManyToOne(() => Ticket, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'fk_tickets_merged_into' })
  mergedInto?: Ticket | null;

  /** Customer-visible messages (internal notes excluded). */
  @Column({ type: 'int', default: 0 })
  messageCount: number;

  @Column({ type: 'boolean', default: true })
  isCustomerRead: boolean;

  @Column({ type: 'boolean', default: false })
  isAdminRead: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastRepliedAt: Date | null;

  /** When the status last changed (the creation time until then), kept by the tr_tickets_status_changed_at trigger: time automations. */
  @Column({ type: 'timestamptz', default: () => 'now()', insert: false, update: false, select: false })
  statusChangedAt: Date;

  /** The customer's last message: time automations. */
  @Column({ type: 'timestamptz', nullable: true, insert: false, update: false, select: false })
  customerRepliedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  lastRepliedBy: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'last_replied_by', foreignKeyConstraintName: 'fk_tickets_last_replied_by' })
  lastRepliedByUser?: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
