import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { RequestContext } from '@mm/core';
import { DEFAULT_PERMISSIONS, Permission } from '@mm/auth';
import { RewardLedgerEntry } from '@mm/gamification';
import { ChangeStatusService, Ticket, TicketHistoryEntry } from '@mm/ticket';
import { Person } from './factories';
import { TestApp } from './test-app';

/**
 * Helpers of the ticket suites: staff moves through the domain's own staff
 * service (so a "resolved" ticket got there the way the console will get it there),
 * and reads of what a change left behind (history, outbox, ledger).
 */
export class TicketHelpers {
  constructor(private readonly app: TestApp) {}

  private get db(): DataSource {
    return this.app.running.app.get(DataSource);
  }

  contextOf(person: Person): RequestContext {
    const { user } = person;
    return {
      actor: { id: user.id, role: user.role, approved: user.role !== 'agent' || user.approvedAt !== null, permissions: DEFAULT_PERMISSIONS[user.role] },
      locale: 'en',
      requestId: 'test',
    };
  }

  /** Staff move the ticket along the workflow to `resolved` (open/escalated → in_progress → resolved). */
  async resolve(ticketId: number, admin: Person, resolutionDetails = 'Refunded the duplicate charge'): Promise<Ticket> {
    const staff = this.app.running.app.get(ChangeStatusService);
    const ctx = this.contextOf(admin);
    const ticket = await this.ticket(ticketId);
    if (ticket.status !== 'in_progress') await staff.change(ctx, ticketId, { status: 'in_progress' });
    return staff.change(ctx, ticketId, { status: 'resolved', resolutionDetails });
  }

  ticket(id: number): Promise<Ticket> {
    return this.db.getRepository(Ticket).findOneByOrFail({ id });
  }

  history(ticketId: number): Promise<TicketHistoryEntry[]> {
    return this.db.getRepository(TicketHistoryEntry).find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  async outbox(ticketId: number): Promise<{ type: string; payload: any }[]> {
    return this.db.query(`SELECT type, payload FROM outbox_events WHERE ticket_id = $1 ORDER BY id`, [ticketId]);
  }

  ledger(customerId: number): Promise<RewardLedgerEntry[]> {
    return this.db.getRepository(RewardLedgerEntry).find({ where: { customerId }, order: { id: 'ASC' } });
  }

  /** A token of `person` limited to exactly `permissions` (the claim the MM identity service sets). */
  tokenWith(person: Person, permissions: Permission[]): string {
    return new JwtService().sign(
      { sub: String(person.user.id), role: person.user.role, permissions },
      { secret: process.env.JWT_SECRET!, algorithm: 'HS256', expiresIn: 600 },
    );
  }
}
