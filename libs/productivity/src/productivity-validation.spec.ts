import { RequestValidationError } from '@mm/core';
import { assertKnownPlaceholders, renderTemplate, unknownPlaceholders, validateActions, validateViewFilters } from './productivity-validation';

describe('macro templates', () => {
  it('names each unknown placeholder once, whatever the spacing', () => {
    expect(unknownPlaceholders('Hi {{ customer.name }}, {{customer.nick}} and {{customer.nick}} {{ticket.id}}')).toEqual(['customer.nick', 'ticket.id']);
    expect(() => assertKnownPlaceholders('body', 'Hi {{agent.phone}}')).toThrow(RequestValidationError);
  });

  it('fills known placeholders and leaves an absent value empty', () => {
    const values = { 'customer.name': 'Zoé Martin', 'customer.firstName': 'Zoé', 'ticket.number': 'T-1', 'ticket.subject': 'Late', 'agent.name': 'Al', 'reference.number': null };
    expect(renderTemplate('{{customer.firstName}}: {{ ticket.number }} [{{reference.number}}]', values)).toBe('Zoé: T-1 []');
  });
});

describe('macro actions and view filters', () => {
  it('accepts the documented actions, tags normalized', () => {
    expect(validateActions({ status: 'resolved', addTags: [' VIP '], assign: 'me' })).toEqual({ status: 'resolved', addTags: ['vip'], assign: 'me' });
  });

  it('refuses unknown actions and values, naming the field', () => {
    for (const [input, field] of [
      [{ close: true }, 'actions.close'],
      [{ priority: 'huge' }, 'actions.priority'],
      [{ assign: 'someone' }, 'actions.assign'],
      [{ addTags: [''] }, 'actions.addTags'],
    ] as const) {
      try {
        validateActions(input);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(RequestValidationError);
        expect(Object.keys((error as RequestValidationError).fields)).toEqual([field]);
      }
    }
  });

  it('takes one value or a list for each filter of the desk list', () => {
    expect(validateViewFilters({ status: ['open', 'on_hold'], assignee: ['me', 'unassigned'], tag: 'VIP', breached: true })).toEqual({ status: ['open', 'on_hold'], assignee: ['me', 'unassigned'], tag: 'vip', breached: true });
    expect(() => validateViewFilters({ status: [] })).toThrow(RequestValidationError);
    expect(() => validateViewFilters({ customerId: 3 })).toThrow(RequestValidationError);
  });
});
