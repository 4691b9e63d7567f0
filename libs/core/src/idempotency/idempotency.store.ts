import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { inRequestTransaction } from '../database/request-transaction';

export const IDEMPOTENCY_TTL_HOURS = 24;

export interface IdempotencyClaim {
  /** Who sent it: `<role>:<id>`; keys never cross callers. */
  scope: string;
  key: string;
}

export type IdempotencyOutcome =
  | { kind: 'run'; result: unknown; status: number }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'conflict_in_progress' }
  | { kind: 'conflict_lost_response' }
  | { kind: 'mismatch' };

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

/**
 * Runs a command at most once per (caller, key) within 24 hours and replays
 * its first response. The key, the command's change and its response commit
 * in one transaction (every query of the request joins it: see
 * inRequestTransaction), so a committed command always has its response, and
 * one that did not commit — failed, or its process killed — left nothing: its
 * key is free at once. A transaction-scoped advisory lock on the key makes a
 * duplicate that arrives meanwhile a 409.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async execute(claim: IdempotencyClaim, hash: string, status: number, handler: () => Promise<unknown>): Promise<IdempotencyOutcome> {
    const outcome = await inRequestTransaction(
      this.dataSource,
      (runner) => this.claim(runner, claim, hash),
      handler,
      async (runner, result) => {
        await runner.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, locked_until, committed_at, completed_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, now(), now(), now(), now() + make_interval(hours => $6))`,
          [claim.scope, claim.key, hash, status, JSON.stringify(result ?? null), IDEMPOTENCY_TTL_HOURS],
        );
      },
    );
    return 'early' in outcome ? outcome.early : { kind: 'run', result: outcome.result, status };
  }

  /** Undefined when this request may run the command (its transaction now holds the key); otherwise what to answer instead. */
  private async claim(runner: QueryRunner, claim: IdempotencyClaim, hash: string): Promise<IdempotencyOutcome | undefined> {
    const [lock] = await runner.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [`idempotency ${claim.scope} ${claim.key}`]);
    if (!lock.locked) return { kind: 'conflict_in_progress' };
    const [existing] = await runner.query(
      `SELECT request_hash, response_status, response_body, committed_at, expires_at > now() AS live FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [claim.scope, claim.key],
    );
    if (existing?.live) {
      if (existing.request_hash !== hash) return { kind: 'mismatch' };
      if (existing.response_status !== null) return { kind: 'replay', status: existing.response_status, body: existing.response_body };
      if (existing.committed_at) return { kind: 'conflict_lost_response' }; // stored before responses were kept with the change
    }
    if (existing) await runner.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [claim.scope, claim.key]);
    return undefined;
  }

  /** Drops keys past their 24 hours; called periodically. */
  async purgeExpired(): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at <= now()`);
    return Array.isArray(result) ? (result[1] ?? 0) : 0;
  }
}
