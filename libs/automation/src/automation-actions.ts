import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '@mm/core';
import { User } from '@mm/auth';
import { NotificationService } from '@mm/notification';
import { applyTicketActions, Macro, MacrosService, TicketActions } from '@mm/productivity';
import { RoutingDispatcher } from '@mm/routing';
import { canStaffMove, MAX_TAGS, Ticket } from '@mm/ticket';
import { AutomationAction, TicketFacts } from './automation-rules';
import { ActionOutcome, Automation } from './automation.entities';

/** Automations act as the service itself: no user acts. */
export const AUTOMATION_ACTOR: Actor = { id: 0, role: 'service', permissions: new Set(), approved: true, serviceName: 'automation' };

/** What an action would do to a ticket now, and how to do it (absent when it would change nothing or is skipped). */
export interface PlannedAction extends ActionOutcome {
  apply?: () => Promise<void>;
}

const FACTS = `SELECT t.id, t.ticket_number, t.status, t.priority, t.category, t.origin, t.tags, t.assignee_id, t.escalation_level, c.locale,
    t.created_at, t.updated_at, t.status_changed_at, t.customer_replied_at,
    CASE WHEN t.ride_id IS NOT NULL THEN 'ride' WHEN t.order_id IS NOT NULL THEN 'order' WHEN t.booking_id IS NOT NULL THEN 'booking' ELSE 'none' END AS reference_type
  FROM tickets t JOIN users c ON c.id = t.customer_id WHERE t.id = $1`;

type FactsRow = {
  id: number;
  ticket_number: string;
  status: string;
  priority: string;
  category: string;
  origin: string;
  tags: string[];
  assignee_id: number | null;
  escalation_level: number;
  locale: string;
  created_at: Date;
  updated_at: Date;
  status_changed_at: Date;
  customer_replied_at: Date | null;
  reference_type: string;
};

/** A ticket's facts as conditions read them; null when there is no such ticket. */
export async function loadFacts(manager: EntityManager, ticketId: number, senderType: string | null = null): Promise<(TicketFacts & { ticketNumber: string }) | null> {
  const [row] = (await manager.query(FACTS, [ticketId])) as FactsRow[];
  if (!row) return null;
  return {
    ticketNumber: row.ticket_number,
    status: row.status,
    priority: row.priority,
    category: row.category,
    origin: row.origin,
    tags: row.tags,
    assigneeId: row.assignee_id,
    escalationLevel: row.escalation_level,
    'customer.locale': row.locale,
    'message.senderType': senderType,
    'reference.type': row.reference_type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    statusChangedAt: row.status_changed_at,
    customerRepliedAt: row.customer_replied_at,
  };
}

/**
 * The actions of SPEC 7.5, each an ordinary change of the ticket (history
 * naming the automation, events, notifications). Planning first decides what
 * an action would do (the dry run stops there); a step the workflow or the
 * configuration does not allow now is skipped, never forced.
 */
@Injectable()
export class AutomationActions {
  constructor(
    private readonly macros: MacrosService,
    private readonly routing: RoutingDispatcher,
    private readonly notifications: NotificationService,
  ) {}

  async plan(manager: EntityManager, automation: Automation, ticket: Ticket, action: AutomationAction, at: Date): Promise<PlannedAction> {
    const source = { automation: { id: automation.id, name: automation.name } };
    const change = (actions: TicketActions) => async () => {
      await applyTicketActions(manager, ticket, AUTOMATION_ACTOR, actions, source, at);
    };
    switch (action.type) {
      case 'set_status':
        if (ticket.status === action.value) return { type: action.type, result: 'unchanged', detail: `already ${action.value}` };
        if (!canStaffMove(ticket.status, action.value)) return { type: action.type, result: 'skipped', detail: `the workflow does not move a ticket from ${ticket.status} to ${action.value}` };
        return { type: action.type, result: 'done', detail: `${ticket.status} → ${action.value}`, apply: change({ status: action.value }) };
      case 'set_priority':
        if (ticket.priority === action.value) return { type: action.type, result: 'unchanged', detail: `already ${action.value}` };
        return { type: action.type, result: 'done', detail: `${ticket.priority} → ${action.value}`, apply: change({ priority: action.value }) };
      case 'add_tags': {
        const added = action.value.filter((tag) => !ticket.tags.includes(tag));
        if (!added.length) return { type: action.type, result: 'unchanged', detail: 'already tagged' };
        if (ticket.tags.length + added.length > MAX_TAGS) return { type: action.type, result: 'skipped', detail: `a ticket has at most ${MAX_TAGS} tags` };
        return { type: action.type, result: 'done', detail: `+ ${added.join(', ')}`, apply: change({ addTags: added }) };
      }
      case 'remove_tags': {
        const removed = action.value.filter((tag) => ticket.tags.includes(tag));
        if (!removed.length) return { type: action.type, result: 'unchanged', detail: 'no such tag on the ticket' };
        return { type: action.type, result: 'done', detail: `- ${removed.join(', ')}`, apply: change({ removeTags: removed }) };
      }
      case 'assign':
        return this.planAssign(manager, ticket, action.value, change);
      case 'apply_macro':
        return this.planMacro(manager, automation, ticket, action.value, at);
      case 'notify_staff':
        return this.planNotice(manager, automation, ticket, action);
    }
  }

  private async planAssign(manager: EntityManager, ticket: Ticket, value: number | 'route', change: (actions: TicketActions) => () => Promise<void>): Promise<PlannedAction> {
    if (value === 'route') {
      // Back to the queue: routing gives it out (the unassignment wakes it); an unassigned ticket only wakes it.
      if (ticket.assigneeId !== null) return { type: 'assign', result: 'done', detail: `unassigned from agent ${ticket.assigneeId}, handed to routing`, apply: change({ assigneeId: null }) };
      return { type: 'assign', result: 'done', detail: 'handed to routing', apply: () => this.routing.wake(manager) };
    }
    if (ticket.assigneeId === value) return { type: 'assign', result: 'unchanged', detail: `already assigned to agent ${value}` };
    const agent = await manager.findOne(User, { where: { id: value, role: 'agent' }, select: ['id', 'approvedAt', 'deactivatedAt'] });
    if (!agent || agent.deactivatedAt || !agent.approvedAt) return { type: 'assign', result: 'skipped', detail: `agent ${value} is not an approved, active agent` };
    return { type: 'assign', result: 'done', detail: `assigned to agent ${value}`, apply: change({ assigneeId: value }) };
  }

  private async planMacro(manager: EntityManager, automation: Automation, ticket: Ticket, macroId: number, at: Date): Promise<PlannedAction> {
    const macro = await manager.findOne(Macro, { where: { id: macroId, visibility: 'shared' } });
    if (!macro) return { type: 'apply_macro', result: 'skipped', detail: `no shared macro ${macroId}` };
    const author = automation.authorId === null ? null : await manager.findOne(User, { where: { id: automation.authorId, role: 'admin' }, select: ['id', 'deactivatedAt'] });
    if (!author || author.deactivatedAt) return { type: 'apply_macro', result: 'skipped', detail: 'the automation\'s author is no longer an active admin to send the reply' };
    const ctx = { actor: { id: author.id, role: 'admin' as const, permissions: new Set<string>(), approved: true }, locale: 'en', requestId: `automation-${automation.id}` };
    return {
      type: 'apply_macro',
      result: 'done',
      detail: `macro ${macro.id} (${macro.title}) sent as admin ${author.id}`,
      apply: async () => {
        await this.macros.applyIn(manager, ctx, ticket.id, macro, { automation: { id: automation.id, name: automation.name } }, at);
      },
    };
  }

  private async planNotice(manager: EntityManager, automation: Automation, ticket: Ticket, action: Extract<AutomationAction, { type: 'notify_staff' }>): Promise<PlannedAction> {
    let recipients: number[];
    if (action.value === 'assignee') recipients = ticket.assigneeId === null ? [] : [ticket.assigneeId];
    else {
      const rows = (await manager.query(
        `SELECT id FROM users WHERE deactivated_at IS NULL AND ${action.value === 'admins' ? `role = 'admin'` : `id = $1 AND role IN ('agent', 'admin')`} ORDER BY id`,
        action.value === 'admins' ? [] : [action.value],
      )) as Array<{ id: number }>;
      recipients = rows.map((row) => row.id);
    }
    if (!recipients.length) return { type: 'notify_staff', result: 'skipped', detail: `no staff member to notify (${action.value})` };
    return {
      type: 'notify_staff',
      result: 'done',
      detail: `notified ${recipients.join(', ')}`,
      apply: async () => {
        const [{ id }] = (await manager.query(`SELECT nextval('automation_notice_ids')::text AS id`)) as Array<{ id: string }>;
        const params = { ticketNumber: ticket.ticketNumber, status: ticket.status, preview: action.message ?? automation.name };
        await this.notifications.notifyUsers(manager, recipients, 'automation_notice', params, ticket.id, id);
      },
    };
  }
}
