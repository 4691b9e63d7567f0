/**
 * The vocabulary of automations (SPEC 7.5), without dependencies: the server
 * validates against it and the console bundles it for its choices.
 */
export const AUTOMATION_TRIGGERS = ['ticket.created', 'ticket.updated', 'message.created', 'sla.breached', 'time'] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];

export const CONDITION_OPS = ['eq', 'neq', 'in', 'not_in', 'contains', 'gte', 'lte'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const TIME_FIELDS = ['minutesSinceCreated', 'minutesSinceUpdated', 'minutesSinceStatusChange', 'minutesSinceCustomerReply'] as const;
export type TimeField = (typeof TIME_FIELDS)[number];

export type FieldKind = 'enum' | 'tags' | 'id' | 'number' | 'minutes';

/** Each field's kind, and the one trigger it is limited to, if any. */
export const FIELD_KINDS: Readonly<Record<string, { kind: FieldKind; only?: AutomationTrigger }>> = {
  status: { kind: 'enum' },
  priority: { kind: 'enum' },
  category: { kind: 'enum' },
  origin: { kind: 'enum' },
  tags: { kind: 'tags' },
  assigneeId: { kind: 'id' },
  escalationLevel: { kind: 'number' },
  'customer.locale': { kind: 'enum' },
  'message.senderType': { kind: 'enum', only: 'message.created' },
  'reference.type': { kind: 'enum' },
  minutesSinceCreated: { kind: 'minutes', only: 'time' },
  minutesSinceUpdated: { kind: 'minutes', only: 'time' },
  minutesSinceStatusChange: { kind: 'minutes', only: 'time' },
  minutesSinceCustomerReply: { kind: 'minutes', only: 'time' },
};

/** Which operators each kind of field takes. */
export const OPS_BY_KIND: Readonly<Record<FieldKind, readonly ConditionOp[]>> = {
  enum: ['eq', 'neq', 'in', 'not_in'],
  tags: ['contains', 'in', 'not_in'],
  id: ['eq', 'neq', 'in', 'not_in'],
  number: ['eq', 'neq', 'in', 'not_in', 'gte', 'lte'],
  minutes: ['gte', 'lte'],
};

export const ACTION_TYPES = ['set_status', 'set_priority', 'add_tags', 'remove_tags', 'assign', 'apply_macro', 'notify_staff'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const REFERENCE_TYPES = ['ride', 'order', 'booking', 'none'] as const;
export const SENDER_TYPES = ['customer', 'admin'] as const;
export const CUSTOMER_LOCALES = ['en', 'fr', 'es'] as const;
