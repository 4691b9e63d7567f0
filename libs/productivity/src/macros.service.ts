import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPage, DomainError, DomainErrorCode, keysetPage, PageRequest, recordAudit, RequestContext, Transactions } from '@mm/core';
import { SendMessageService, TicketMessage } from '@mm/messaging';
import { assertTicketVersion, DeskTickets, Ticket, TicketAccess } from '@mm/ticket';
import { assertMayChange, findVisible, ownerOf, visibleTo } from './config-access';
import { Macro, Visibility } from './productivity.entities';
import { assertKnownPlaceholders, MacroActions, MacroPlaceholder, MacroTranslations, renderTemplate, validateActions, validateTranslations } from './productivity-validation';
import { applyTicketActions } from './ticket-actions';

export interface MacroInput {
  title: string;
  visibility: Visibility;
  body: string;
  translations?: unknown;
  actions?: unknown;
}

export interface AppliedMacro {
  ticket: Ticket;
  message: TicketMessage;
}

/** A macro rendered for one ticket: the text its customer reads, and in which language. */
export interface RenderedMacro {
  locale: string;
  body: string;
}

/**
 * Macros (SPEC 7.4): canned replies with placeholders, translations and
 * actions. Applying one is a staff reply (the send-message path: reopening,
 * read flags, notification, socket event) and the actions, in one transaction.
 */
@Injectable()
export class MacrosService {
  constructor(
    private readonly transactions: Transactions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: SendMessageService,
    private readonly tickets: DeskTickets,
  ) {}

  /** The caller's personal macros and the shared ones, by id; `search` matches the title. */
  list(ctx: RequestContext, search: string | undefined, page: PageRequest): Promise<CursorPage<Macro>> {
    const query = visibleTo(this.dataSource.getRepository(Macro).createQueryBuilder('macro'), 'macro', ctx.actor);
    if (search?.trim()) query.andWhere("macro.title ILIKE :title ESCAPE '\\'", { title: `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    return keysetPage(query, { name: 'macros', columns: [{ sql: 'macro.id', type: 'int' }], direction: 'ASC' }, page);
  }

  get(ctx: RequestContext, id: number): Promise<Macro> {
    return findVisible(this.dataSource.manager, Macro, ctx.actor, id, notFound);
  }

  create(ctx: RequestContext, input: MacroInput): Promise<Macro> {
    const fields = validated(input);
    assertMayChange(ctx.actor, fields, 'macros');
    return this.transactions.run(async (manager) => {
      const macro = await manager.save(manager.create(Macro, { ...fields, ownerId: ownerOf(ctx.actor, fields.visibility) }));
      await recordAudit(manager, ctx.actor, { action: 'macro.created', entityType: 'macro', entityId: macro.id, before: null, after: audited(macro) });
      return macro;
    });
  }

  /** Changes the given fields; making a macro shared or personal needs the right to change both kinds. */
  update(ctx: RequestContext, id: number, input: Partial<MacroInput>): Promise<Macro> {
    return this.transactions.run(async (manager) => {
      const macro = await findVisible(manager, Macro, ctx.actor, id, notFound, true);
      assertMayChange(ctx.actor, macro, 'macros');
      const before = audited(macro);
      const fields = validated({ ...macro, ...definedOnly(input) });
      assertMayChange(ctx.actor, fields, 'macros');
      const saved = await manager.save(Object.assign(macro, fields, { ownerId: ownerOf(ctx.actor, fields.visibility) }));
      await recordAudit(manager, ctx.actor, { action: 'macro.updated', entityType: 'macro', entityId: macro.id, before, after: audited(saved) });
      return saved;
    });
  }

  remove(ctx: RequestContext, id: number): Promise<void> {
    return this.transactions.run(async (manager) => {
      const macro = await findVisible(manager, Macro, ctx.actor, id, notFound, true);
      assertMayChange(ctx.actor, macro, 'macros');
      await manager.delete(Macro, { id });
      await recordAudit(manager, ctx.actor, { action: 'macro.deleted', entityType: 'macro', entityId: id, before: audited(macro), after: null });
    });
  }

  /** The reply as the ticket's customer would read it, without sending it (the console's preview). */
  async preview(ctx: RequestContext, macroId: number, ticketId: number): Promise<RenderedMacro> {
    const macro = await this.get(ctx, macroId);
    const ticket = await this.tickets.get(ctx, ticketId);
    return render(macro, ticket, await this.agentName(this.dataSource.manager, ctx.actor.id));
  }

  /**
   * Sends the rendered reply as a staff message and applies the actions, in
   * one transaction: with a stale `expectedVersion`, or an action the caller
   * may not make, nothing happens.
   */
  apply(ctx: RequestContext, ticketId: number, macroId: number, expectedVersion?: number): Promise<AppliedMacro> {
    return this.transactions.run(async (manager) => {
      const now = new Date();
      const macro = await findVisible(manager, Macro, ctx.actor, macroId, notFound);
      const locked = await TicketAccess.findForActor(manager, ctx.actor, ticketId, 'message', { lock: true });
      assertTicketVersion(locked, expectedVersion);
      const message = await this.applyIn(manager, ctx, ticketId, macro, {}, now);
      return { ticket: await this.tickets.get(ctx, ticketId, manager), message };
    });
  }

  /** Applies a macro the caller may use inside the caller's transaction; `source` adds what else made the change (an automation). */
  async applyIn(manager: EntityManager, ctx: RequestContext, ticketId: number, macro: Macro, source: { automation?: { id: number; name: string } }, now: Date): Promise<TicketMessage> {
    const ticket = await this.tickets.get(ctx, ticketId, manager);
    const { body } = render(macro, ticket, await this.agentName(manager, ctx.actor.id));
    const sent = await this.messages.sendIn(manager, ctx, ticketId, { body }, now);
    const { assign, ...rest } = macro.actions;
    const assigneeId = assign === undefined ? undefined : assign === 'me' ? ctx.actor.id : assign;
    await applyTicketActions(manager, sent.ticket, ctx.actor, { ...rest, assigneeId }, { macro: { id: macro.id, title: macro.title }, ...source }, now);
    return sent.message;
  }

  private async agentName(manager: EntityManager, id: number): Promise<string> {
    const [row] = (await manager.query('SELECT name FROM users WHERE id = $1', [id])) as { name: string }[];
    return row?.name ?? '';
  }
}

/** The body in the customer's locale when the macro has it (else English), placeholders filled from the ticket. */
export function render(macro: Pick<Macro, 'body' | 'translations'>, ticket: Ticket, agentName: string): RenderedMacro {
  const customerLocale = ticket.customer?.locale ?? 'en';
  const translated = macro.translations[customerLocale as keyof MacroTranslations];
  const name = ticket.customer?.name ?? '';
  const values: Record<MacroPlaceholder, string | null> = {
    'customer.name': name,
    'customer.firstName': name.trim().split(/\s+/)[0] ?? '',
    'ticket.number': ticket.ticketNumber,
    'ticket.subject': ticket.subject,
    'agent.name': agentName,
    // A ride has no number of its own: its id stands for it.
    'reference.number': ticket.order?.orderNumber ?? ticket.booking?.bookingNumber ?? (ticket.ride ? String(ticket.ride.id) : null),
  };
  return { locale: translated ? customerLocale : 'en', body: renderTemplate(translated ?? macro.body, values) };
}

function validated(input: MacroInput): { title: string; visibility: Visibility; body: string; translations: MacroTranslations; actions: MacroActions } {
  assertKnownPlaceholders('body', input.body);
  return { title: input.title, visibility: input.visibility, body: input.body, translations: validateTranslations(input.translations), actions: validateActions(input.actions) };
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function audited(macro: Macro) {
  return { id: macro.id, title: macro.title, visibility: macro.visibility, ownerId: macro.ownerId, body: macro.body, translations: macro.translations, actions: macro.actions };
}

function notFound(): DomainError {
  return new DomainError(DomainErrorCode.MacroNotFound, 'Macro not found');
}
