import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RequestValidationError } from '@mm/core';
import { DESK_TICKET_RELATIONS, Ticket } from '@mm/ticket';

export interface ExportRequest {
  cursor?: string;
  since?: Date;
  limit: number;
}

export interface ExportPage {
  tickets: Ticket[];
  nextCursor: string;
  endOfStream: boolean;
}

/**
 * The page: tickets in (change_xid, id) order after the position, only below
 * the oldest transaction still running (pg_snapshot_xmin). A transaction id
 * is taken when a transaction first writes and it commits later, so an id
 * below that horizon is final: every row it wrote is visible and no
 * transaction can still write one below it. Rows above wait for a later page.
 */
const PAGE_SQL = `
  SELECT t.id, t.change_xid::text AS xid FROM tickets t
  WHERE (t.change_xid, t.id) > ($1::bigint, $2::int) AND t.change_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
  ORDER BY t.change_xid, t.id
  LIMIT $3`;

/** The position of `since`: before the first change at or after that time (or the horizon, when there is none yet). */
const SINCE_SQL = `
  SELECT coalesce((SELECT min(change_xid) FROM tickets WHERE updated_at >= $1), pg_snapshot_xmin(pg_current_snapshot())::text::bigint)::text AS xid`;

const START: [string, number] = ['0', 0];

function encode([xid, id]: [string, number]): string {
  return Buffer.from(JSON.stringify(['export', xid, id])).toString('base64url');
}

function decode(cursor: string): [string, number] {
  let value: unknown;
  try {
    value = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
  } catch {
    value = null;
  }
  if (Array.isArray(value) && value.length === 3 && value[0] === 'export' && typeof value[1] === 'string' && /^\d{1,19}$/.test(value[1]) && BigInt(value[1]) < 2n ** 63n) {
    if (Number.isInteger(value[2]) && value[2] >= 0 && value[2] <= 2_147_483_647) return [value[1], value[2]];
  }
  throw new RequestValidationError({ cursor: ['cursor is not a cursor of the ticket export'] });
}

/**
 * The ticket export (SPEC 7.6): every ticket's latest state at least once, in
 * the order tickets last changed, keyset over the indexed change key
 * (`ix_tickets_change_xid`), so a page costs the same at any depth.
 */
@Injectable()
export class TicketExport {
  constructor(private readonly dataSource: DataSource) {}

  async page(request: ExportRequest): Promise<ExportPage> {
    const position = request.cursor !== undefined ? decode(request.cursor) : request.since ? await this.positionAt(request.since) : START;
    const rows: { id: number; xid: string }[] = await this.dataSource.query(PAGE_SQL, [position[0], position[1], request.limit + 1]);
    const page = rows.slice(0, request.limit);
    const found = page.length > 0 ? await this.dataSource.getRepository(Ticket).find({ where: { id: In(page.map((r) => r.id)) }, relations: DESK_TICKET_RELATIONS }) : [];
    const byId = new Map(found.map((t) => [t.id, t]));
    const last = page[page.length - 1];
    return {
      tickets: page.flatMap((r) => byId.get(r.id) ?? []),
      nextCursor: encode(last ? [last.xid, last.id] : position),
      endOfStream: rows.length <= request.limit,
    };
  }

  private async positionAt(since: Date): Promise<[string, number]> {
    const [row]: { xid: string }[] = await this.dataSource.query(SINCE_SQL, [since]);
    return row.xid === '0' ? START : [(BigInt(row.xid) - 1n).toString(), 2_147_483_647];
  }
}
