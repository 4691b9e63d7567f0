import { Client } from 'pg';
import { rows } from './db';

interface HistoryRow {
  type: string;
  from_value: string | null;
  to_value: string | null;
}

const STATUS_ENTRIES = ['created', 'status_changed', 'escalated', 'closed'];
const EVENT_OF: Record<string, string> = {
  created: 'ticket.created',
  status_changed: 'ticket.status_changed',
  escalated: 'ticket.escalated',
  closed: 'ticket.closed',
  assigned: 'ticket.assigned',
  updated: 'ticket.updated',
};

/**
 * What must hold for a ticket however its changes interleaved: the history
 * is one unbroken chain of statuses (each change starts where the previous
 * ended) ending at the ticket's status, the assignments chain likewise, the
 * escalation level counts the escalations, every history entry has its
 * outbox event, `message_count` counts the messages, and no award was given
 * twice. Returns what is wrong (empty when consistent).
 */
export async function ticketInconsistencies(db: Client, ticketId: number): Promise<string[]> {
  const problems: string[] = [];
  const [ticket] = await rows(db, 'SELECT status, assignee_id, escalation_level, message_count FROM tickets WHERE id = $1', [ticketId]);
  if (!ticket) return [`ticket ${ticketId} does not exist`];
  const history = await rows<HistoryRow>(db, 'SELECT type, from_value, to_value FROM ticket_history WHERE ticket_id = $1 ORDER BY id', [ticketId]);

  const statuses = history.filter((h) => STATUS_ENTRIES.includes(h.type));
  if (statuses[0]?.type !== 'created' || statuses[0].to_value !== 'open') problems.push('history does not start with created → open');
  for (let i = 1; i < statuses.length; i++) {
    if (statuses[i].from_value !== statuses[i - 1].to_value) {
      problems.push(`status chain broken at entry ${i}: ${statuses[i - 1].to_value} then ${statuses[i].from_value} → ${statuses[i].to_value}`);
    }
    if (statuses[i].from_value === statuses[i].to_value) problems.push(`entry ${i} changes nothing (${statuses[i].to_value})`);
  }
  if (statuses.at(-1)?.to_value !== ticket.status) problems.push(`status ${ticket.status} but history ends at ${statuses.at(-1)?.to_value}`);

  const assignments = history.filter((h) => h.type === 'assigned');
  for (let i = 0; i < assignments.length; i++) {
    const previous = i === 0 ? null : assignments[i - 1].to_value;
    if (assignments[i].from_value !== previous) problems.push(`assignment chain broken at entry ${i}`);
  }
  const assignee = assignments.at(-1)?.to_value ?? null;
  if (assignee !== (ticket.assignee_id === null ? null : String(ticket.assignee_id))) problems.push(`assignee ${ticket.assignee_id} but history says ${assignee}`);

  const escalations = history.filter((h) => h.type === 'escalated').length;
  if (ticket.escalation_level !== escalations) problems.push(`escalation level ${ticket.escalation_level} after ${escalations} escalations`);

  const events = await rows<{ type: string; n: string }>(db, 'SELECT type, count(*) AS n FROM outbox_events WHERE ticket_id = $1 GROUP BY type', [ticketId]);
  const eventCount = (type: string) => Number(events.find((e) => e.type === type)?.n ?? 0);
  for (const [entry, event] of Object.entries(EVENT_OF)) {
    const entries = history.filter((h) => h.type === entry).length;
    if (eventCount(event) !== entries) problems.push(`${entries} ${entry} history entries but ${eventCount(event)} ${event} events`);
  }

  const [{ n: messages }] = await rows(db, 'SELECT count(*)::int AS n FROM ticket_messages WHERE ticket_id = $1', [ticketId]);
  if (ticket.message_count !== messages) problems.push(`message_count ${ticket.message_count} but ${messages} messages`);
  if (eventCount('message.created') !== messages) problems.push(`${messages} messages but ${eventCount('message.created')} message.created events`);

  const doubled = await rows(db, 'SELECT reason FROM reward_ledger WHERE ticket_id = $1 GROUP BY customer_id, reason HAVING count(*) > 1', [ticketId]);
  if (doubled.length) problems.push(`awarded twice: ${doubled.map((d) => d.reason).join(', ')}`);
  return problems;
}
