import { RequestValidationError } from '@mm/core';
import { mayFreeWork } from './routing-dispatcher.service';
import { parseProfileChange, pickAgent, RoutingCandidate, skillsFit } from './routing-rules';

const ticket = { origin: 'mtables', category: 'booking_issue', locale: 'fr' };
const agent = (id: number, over: Partial<RoutingCandidate> = {}): RoutingCandidate => ({ id, capacity: 10, active: 0, skills: {}, lastAssignedAt: null, ...over });
const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute));

describe('routing rules', () => {
  it('fits skills list by list; an absent list means any', () => {
    expect(skillsFit({}, ticket)).toBe(true);
    expect(skillsFit({ origins: ['mtables'], locales: ['fr', 'en'] }, ticket)).toBe(true);
    expect(skillsFit({ origins: ['munch'] }, ticket)).toBe(false);
    expect(skillsFit({ categories: ['payment_issue'] }, ticket)).toBe(false);
    expect(skillsFit({ locales: ['en'] }, ticket)).toBe(false);
  });

  it('round robin: the fitting agent under capacity assigned longest ago (never assigned first)', () => {
    const agents = [agent(1, { lastAssignedAt: at(5) }), agent(2, { lastAssignedAt: at(1) }), agent(3, { lastAssignedAt: null, capacity: 0 }), agent(4, { skills: { locales: ['es'] } })];
    expect(pickAgent('round_robin', agents, ticket)?.id).toBe(2);
    expect(pickAgent('round_robin', [...agents, agent(5)], ticket)?.id).toBe(5);
  });

  it('least loaded: fewest active tickets, ties to the longest idle, then the lower id', () => {
    const agents = [agent(1, { active: 1, lastAssignedAt: at(9) }), agent(2, { active: 1, lastAssignedAt: at(2) }), agent(3, { active: 4 })];
    expect(pickAgent('least_loaded', agents, ticket)?.id).toBe(2);
    expect(pickAgent('least_loaded', [agent(7, { active: 1 }), agent(6, { active: 1 })], ticket)?.id).toBe(6);
  });

  it('nobody fits: null (the ticket waits); a full agent is never picked', () => {
    expect(pickAgent('least_loaded', [agent(1, { active: 2, capacity: 2 }), agent(2, { skills: { origins: ['mtxi'] } })], ticket)).toBeNull();
  });

  it('parses a profile change or names every bad field', () => {
    expect(parseProfileChange({ capacity: 0, skills: { origins: ['munch', 'munch'], locales: null } })).toEqual({ capacity: 0, skills: { origins: ['munch'] } });
    const error = (() => {
      try {
        parseProfileChange({ capacity: 1001, skills: { categories: ['nope'] }, team: 'x' });
      } catch (e) {
        return e as RequestValidationError;
      }
    })();
    expect(error?.fields).toEqual({ capacity: ['capacity must be an integer from 0 to 1000'], 'skills.categories': ['unknown categories: nope'], team: ['property team should not exist'] });
  });

  it('wakes the dispatcher on new and returned tickets and freed capacity only', () => {
    const event = (type: string, assigneeId: number | null, data: Record<string, unknown>) => ({ type, ticket: { assigneeId }, data }) as never;
    expect(mayFreeWork(event('ticket.created', null, {}))).toBe(true);
    expect(mayFreeWork(event('ticket.assigned', null, { from: 3, to: null }))).toBe(true);
    expect(mayFreeWork(event('ticket.assigned', 3, { from: null, to: 3 }))).toBe(false);
    expect(mayFreeWork(event('ticket.status_changed', 3, { from: 'in_progress', to: 'resolved' }))).toBe(true);
    expect(mayFreeWork(event('ticket.status_changed', 3, { from: 'open', to: 'in_progress' }))).toBe(false);
    expect(mayFreeWork(event('ticket.status_changed', null, { from: 'resolved', to: 'open' }))).toBe(true);
    expect(mayFreeWork(event('message.created', 3, {}))).toBe(false);
  });
});
