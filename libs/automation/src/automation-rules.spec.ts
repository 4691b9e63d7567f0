import { automationErrors, conditionHolds, conditionsSql, evaluate, TicketFacts, windowSql } from './automation-rules';

const facts: TicketFacts = {
  status: 'resolved',
  priority: 'high',
  category: 'billing',
  origin: 'mtxi',
  tags: ['vip'],
  assigneeId: null,
  escalationLevel: 1,
  'customer.locale': 'fr',
  'message.senderType': null,
  'reference.type': 'ride',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-03T00:00:00Z'),
  statusChangedAt: new Date('2026-01-02T00:00:00Z'),
  customerRepliedAt: null,
};
const now = new Date('2026-01-05T00:00:30Z');

describe('automation rules', () => {
  it('operators on values, lists, tags and numbers', () => {
    expect(conditionHolds({ field: 'status', op: 'eq', value: 'resolved' }, 'resolved')).toBe(true);
    expect(conditionHolds({ field: 'status', op: 'neq', value: 'resolved' }, 'resolved')).toBe(false);
    expect(conditionHolds({ field: 'priority', op: 'in', value: ['high', 'urgent'] }, 'high')).toBe(true);
    expect(conditionHolds({ field: 'priority', op: 'not_in', value: ['high'] }, 'high')).toBe(false);
    expect(conditionHolds({ field: 'tags', op: 'contains', value: 'vip' }, ['vip'])).toBe(true);
    expect(conditionHolds({ field: 'tags', op: 'in', value: ['a', 'vip'] }, ['vip'])).toBe(true);
    expect(conditionHolds({ field: 'tags', op: 'not_in', value: ['vip'] }, ['vip'])).toBe(false);
    expect(conditionHolds({ field: 'escalationLevel', op: 'gte', value: 1 }, 1)).toBe(true);
    expect(conditionHolds({ field: 'escalationLevel', op: 'lte', value: 0 }, 1)).toBe(false);
    expect(conditionHolds({ field: 'minutesSinceCustomerReply', op: 'lte', value: 30 }, null)).toBe(false);
  });

  it('all and any; minutes since counted in whole minutes at `now`', () => {
    const conditions = { all: [{ field: 'minutesSinceStatusChange', op: 'gte' as const, value: 4320 }], any: [{ field: 'origin', op: 'eq' as const, value: 'munch' }, { field: 'tags', op: 'contains' as const, value: 'vip' }] };
    const result = evaluate(conditions, facts, now);
    expect(result.matches).toBe(true);
    expect(result.results.all[0].actual).toBe(4320);
    expect(evaluate({ ...conditions, any: [{ field: 'origin', op: 'eq', value: 'munch' }] }, facts, now).matches).toBe(false);
    expect(evaluate({}, facts, now).matches).toBe(true);
  });

  it('names unknown fields, operators, actions and triggers', () => {
    const errors = automationErrors({ name: 'x', on: 'time', conditions: { all: [{ field: 'x', op: 'eq', value: 1 }, { field: 'status', op: 'gte', value: 'open' }] }, actions: [{ type: 'explode' }] });
    expect(Object.keys(errors).sort()).toEqual(['actions[0].type', 'conditions.all', 'conditions.all[0].field', 'conditions.all[1].op']);
    expect(automationErrors({ name: 'x', on: 'ticket.created', conditions: {}, actions: [{ type: 'set_priority', value: 'high' }] })).toEqual({});
  });

  it('compiles to parameterised SQL: values never enter the text', () => {
    const params: unknown[] = [now];
    const where = conditionsSql({ all: [{ field: 'category', op: 'eq', value: "x'; DROP TABLE tickets; --" }, { field: 'minutesSinceCreated', op: 'gte', value: 60 }] }, params, '$1');
    expect(where).not.toContain('DROP');
    expect(params).toEqual([now, "x'; DROP TABLE tickets; --", 60]);
    const window = windowSql({ all: [{ field: 'minutesSinceCreated', op: 'gte', value: 60 }] }, params, '$9', '$1');
    expect(window).toContain('t.updated_at > $9::timestamptz');
    expect(window).toContain('t.created_at >');
  });
});
