import { Injectable } from '@nestjs/common';
import { DomainEventPayload, TicketOrigin } from '@mm/core';

export interface CustomerSocketEvent {
  name: string;
  payload: Record<string, unknown>;
}

/**
 * How a vertical surface shows a domain event to the ticket's customer on the
 * socket (its documented event names, payloads and vocabulary); null when the
 * surface documents no event for it.
 */
export type CustomerEventPresenter = (event: DomainEventPayload) => CustomerSocketEvent | null;

/**
 * Surfaces register their presenter for the tickets they created; the gateway
 * asks here, so the vocabulary of each surface stays in that surface.
 */
@Injectable()
export class CustomerEventPresenters {
  private readonly presenters = new Map<TicketOrigin, CustomerEventPresenter>();

  register(origin: TicketOrigin, presenter: CustomerEventPresenter): void {
    this.presenters.set(origin, presenter);
  }

  present(event: DomainEventPayload): CustomerSocketEvent | null {
    return this.presenters.get(event.ticket.origin)?.(event) ?? null;
  }
}
