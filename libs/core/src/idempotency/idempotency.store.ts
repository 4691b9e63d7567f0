import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { changedRows } from '../database/returning';
import { idempotencyContext, IdempotencyClaim } from './idempotency-context';
import { IdempotencyKey } from './idempotency-key.entity';

export const IDEMPOTENCY_TTL_HOURS = 24;
const LEASE_SECONDS = 30;

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
 * its first response. Claims are short statements outside the command's
 * transaction (PGlite has one connection); the command's own transaction
 * marks the claim committed (Transactions.run).
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async execute(claim: IdempotencyClaim, hash: string, status: number, handler: () => Promise<unknown>): Promise<IdempotencyOutcome> {
    const outcome = await this.claim(claim, hash);
    if (outcome) return outcome;
    try {
      const result = await idempotencyContext.run(claim, handler);
      await this.dataSource.query(
        'UPDATE idempotency_keys SET response_status = $3, response_body = $4, completed_at = now() WHERE scope = $1 AND key = $2',
        [claim.scope, claim.key, status, JSON.stringify(result ?? null)],
      );
      return { kind: 'run', result, status };
    } catch (error) {
      // Nothing committed: forget the claim so a corrected retry can run.
      await this.repository.delete({ scope: claim.scope, key: claim.key, committedAt: IsNull() }).catch(() => undefined);
      throw error;
    }
  }

  /** Null when this request now holds the claim; otherwise what to answer instead. */
  private async claim(claim: IdempotencyClaim, hash: string): Promise<IdempotencyOutcome | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, locked_until, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4), now() + make_interval(hours => $5))
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [claim.scope, claim.key, hash, LEASE_SECONDS, IDEMPOTENCY_TTL_HOURS],
      );
      if (inserted.length) return null;

      const existing = await this.repository.findOneBy({ scope: claim.scope, key: claim.key });
      if (!existing) continue;
      const now = Date.now();
      if (existing.expiresAt.getTime() <= now) {
        await this.repository.delete({ scope: claim.scope, key: claim.key, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.requestHash !== hash) return { kind: 'mismatch' };
      if (existing.completedAt) return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
      if (existing.lockedUntil.getTime() > now) return { kind: 'conflict_in_progress' };
      if (existing.committedAt) return { kind: 'conflict_lost_response' };
      // The first attempt died before committing anything: take it over.
      const taken = await changedRows(
        this.dataSource,
        `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
         WHERE scope = $1 AND key = $2 AND committed_at IS NULL AND locked_until <= now() RETURNING key`,
        [claim.scope, claim.key, LEASE_SECONDS],
      );
      if (taken.length) return null;
    }
    return { kind: 'conflict_in_progress' };
  }

  /** Drops keys past their 24 hours; called periodically. */
  async purgeExpired(): Promise<number> {
    const result = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at <= now()`);
    return Array.isArray(result) ? (result[1] ?? 0) : 0;
  }

  private get repository() {
    return this.dataSource.getRepository(IdempotencyKey);
  }
}
