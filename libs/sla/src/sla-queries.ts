/**
 * SQL pieces for ticket lists (the desk's `sort=sla_due` and `breached=true`,
 * SPEC 7.2), over a tickets alias. Both probe sla_clocks by its
 * (ticket_id, metric) unique index, a few rows per ticket.
 */

/** The ticket's most urgent pending due time (null when no clock runs towards one): `ORDER BY … ASC NULLS LAST`. */
export function slaNextDueSql(ticketAlias: string): string {
  return `(SELECT min(c.due_at) FROM sla_clocks c WHERE c.ticket_id = ${ticketAlias}.id AND c.running_since IS NOT NULL AND c.breached_at IS NULL)`;
}

/** Whether any clock of the ticket has breached. */
export function slaBreachedSql(ticketAlias: string): string {
  return `EXISTS (SELECT 1 FROM sla_clocks c WHERE c.ticket_id = ${ticketAlias}.id AND c.breached_at IS NOT NULL)`;
}
