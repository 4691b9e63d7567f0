import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, DomainErrorCode, insertUnlessConflict, RequestContext, TicketOrigin, Transactions } from '@mm/core';
import { GamificationService } from '@mm/gamification';
import { categoryRule, ReferenceIds, resolveGroupMembers, resolveReferences } from './references/reference-lookup';
import { recordTicketChange } from './ticket-changes';
import { TicketCommandResult } from './ticket-command-result';
import { newTicketNumber } from './ticket-number';
import { deriveSubject } from './ticket-subject';
import { Ticket } from './ticket.entity';
import { ServiceType, TicketPriority } from './ticket-vocabulary';

export interface CreateTicketInput extends ReferenceIds {
  /** The surface the customer used; it decides which references apply and the vocabulary of the ticket's events. */
  origin: TicketOrigin;
  /** Stored vocabulary; one the origin accepts (categoryRule), `other` when absent. */
  category?: string;
  description: string;
  /** Derived from the category and references when absent (seeds 000-002). */
  subject?: string | null;
  /** `medium` when absent. */
  priority?: TicketPriority;
  serviceType?: ServiceType | null;
  groupCustomerIds?: number[];
}

const NUMBER_ATTEMPTS = 5;

/** A customer opens a ticket: references checked, numbered, recorded, rewarded, in one transaction. */
@Injectable()
export class CreateTicketService {
  constructor(
    private readonly transactions: Transactions,
    private readonly gamification: GamificationService,
  ) {}

  async create(ctx: RequestContext, input: CreateTicketInput): Promise<TicketCommandResult> {
    const { actor } = ctx;
    if (actor.role !== 'customer') throw new DomainError(DomainErrorCode.PermissionDenied, 'Only customers open tickets');
    const category = categoryRule(input.origin, input.category);
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const refs = await resolveReferences(manager, actor.id, input.origin, input.serviceType ?? null, input);
      const groupCustomerIds = await resolveGroupMembers(manager, actor.id, input.groupCustomerIds ?? [], refs.ride);
      const possibleDuplicateOf = await findDuplicate(manager, actor.id, refs);
      const ticket = await this.insertNumbered(manager, {
        origin: input.origin,
        serviceType: input.serviceType ?? null,
        customerId: actor.id,
        groupCustomerIds,
        subject: input.subject?.trim() || deriveSubject(category, refs),
        description: input.description,
        category,
        priority: input.priority ?? 'medium',
        rideId: refs.ride?.id ?? null,
        orderId: refs.order?.id ?? null,
        bookingId: refs.booking?.id ?? null,
        possibleDuplicateOf,
        createdAt: now,
        updatedAt: now,
      });
      await recordTicketChange(manager, ticket, actor, { history: 'created', event: 'ticket.created', to: ticket.status }, now);
      const reward = await this.gamification.award(manager, { customerId: actor.id, ticketId: ticket.id, reason: 'ticket_created', at: now, ticketIsNew: true });
      return { ticket, reward };
    });
  }

  /** Inserts with a fresh random number; on the (astronomically rare) collision, draws again. */
  private async insertNumbered(manager: EntityManager, values: Partial<Ticket>): Promise<Ticket> {
    for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
      const ticket = await insertUnlessConflict(manager, Ticket, { ...values, ticketNumber: newTicketNumber() }, 'ticket_number');
      if (ticket) return ticket;
    }
    throw new Error(`No free ticket number after ${NUMBER_ATTEMPTS} attempts`);
  }
}

/**
 * The customer's newest unresolved ticket about the same ride, order or booking
 * (SPEC 7.4): the new ticket is created as usual and points at it, for staff to merge.
 */
async function findDuplicate(manager: EntityManager, customerId: number, refs: { ride?: { id: number } | null; order?: { id: number } | null; booking?: { id: number } | null }): Promise<number | null> {
  const [column, id] = refs.ride ? ['ride_id', refs.ride.id] : refs.order ? ['order_id', refs.order.id] : refs.booking ? ['booking_id', refs.booking.id] : [null, null];
  if (!column) return null;
  const [row] = (await manager.query(
    `SELECT id FROM tickets WHERE ${column} = $1 AND customer_id = $2 AND status NOT IN ('resolved', 'closed') ORDER BY id DESC LIMIT 1`,
    [id, customerId],
  )) as { id: number }[];
  return row?.id ?? null;
}
