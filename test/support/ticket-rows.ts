import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface TicketRowsOptions {
  status?: string;
  priority?: string;
  category?: string;
  origin?: string;
  assigneeId?: number | null;
  tags?: string[];
}

/**
 * Many ticket rows at once, straight in SQL (one INSERT ... SELECT over
 * generate_series): list and paging tests need thousands, which the HTTP
 * create would take minutes to make. Priorities cycle through the four when
 * none is given. Returns the new ids.
 */
export async function insertTickets(db: DataSource, customerId: number, count: number, options: TicketRowsOptions = {}): Promise<number[]> {
  const batch = randomBytes(4).toString('hex').toUpperCase();
  const rows: { id: number }[] = await db.query(
    `INSERT INTO tickets (ticket_number, origin, customer_id, subject, description, category, status, priority, assignee_id, tags)
     SELECT 'TKT-' || lpad(n::text, 6, '0') || '-' || $2 || lpad(to_hex(n), 4, '0'), $3, $1, 'Bulk ticket ' || n, 'Made by the test factory', $4, $5,
            COALESCE($6, (ARRAY['low', 'medium', 'high', 'urgent'])[1 + n % 4]), $7, $8::text[]
     FROM generate_series(1, $9::int) AS n
     RETURNING id`,
    [customerId, batch, options.origin ?? 'helpdesk', options.category ?? 'billing', options.status ?? 'open', options.priority ?? null, options.assigneeId ?? null, options.tags ?? [], count],
  );
  return rows.map((r) => Number(r.id));
}
