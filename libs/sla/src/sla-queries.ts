/**
 * SQL pieces for ticket lists (the desk's `sort=sla_due` and `breached=true`,
 * SPEC 7.2), over a tickets alias.
 */

/**
 * The ticket's most urgent due time: the earliest of its running clocks, a breached one included (null when
 * none runs). `tickets.sla_next_due_at`, kept by the tr_sla_clocks_next_due trigger in every clock write's transaction.
 */
export function slaNextDueSql(ticketAlias: string): string {
  return `${ticketAlias}.sla_next_due_at`;
}

/** Whether any clock of the ticket has breached (from the breached clocks' partial index, ix_sla_clocks_breached). */
export function slaBreachedSql(ticketAlias: string): string {
  return `EXISTS (SELECT 1 FROM sla_clocks c WHERE c.ticket_id = ${ticketAlias}.id AND c.breached_at IS NOT NULL)`;
}
