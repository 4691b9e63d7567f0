import { CanActivate, ExecutionContext, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AccessRefused, Actor } from '@mm/core';
import { ACCESS_RULE, AccessRule } from './access.decorator';
import { DEFAULT_PERMISSIONS, Permission } from './permissions';
import { InvalidTokenError, TokenClaims, TokenService } from './token.service';
import { User } from './user.entity';

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor; locale?: string };

/** Raised messages are the defaults; each surface renders 401/403 in its own words. */
const MAX_INT = 2_147_483_647;

export const UNAPPROVED_AGENT_MESSAGE = 'Your agent account is awaiting admin approval';

/**
 * The single global guard. Reads the route's AccessRule, verifies the bearer
 * token, loads the user (role, approval and deactivation come from the database, so a
 * demoted, deactivated or deleted account loses access at once) and checks role,
 * approval and permissions. A route without a rule is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) {
      this.logger.error(`No access rule on ${context.getClass().name}.${context.getHandler().name}: refused`);
      throw new AccessRefused('no_rule', 'Forbidden');
    }
    if (rule.public) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { actor, locale } = await this.authenticate(request.headers.authorization);
    request.actor = actor;
    request.locale = locale;

    if (!rule.roles.includes(actor.role)) throw new AccessRefused('role', 'Forbidden');
    if (actor.role === 'agent' && !actor.approved && rule.requireApproval !== false) {
      throw new AccessRefused('unapproved', UNAPPROVED_AGENT_MESSAGE);
    }
    if (rule.permissions?.some((p) => !actor.permissions.has(p))) throw new AccessRefused('permission', 'Permission denied');
    return true;
  }

  /** Token → Actor; also used by the socket.io gateway at connect. */
  async authenticate(header: string | undefined): Promise<{ actor: Actor; locale: string }> {
    const token = bearerToken(header);
    if (!token) throw new UnauthorizedException('Unauthorized');
    let claims: TokenClaims;
    try {
      claims = this.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException('Unauthorized');
      throw error;
    }
    return this.actorFor(claims);
  }

  private async actorFor(claims: TokenClaims): Promise<{ actor: Actor; locale: string }> {
    const permissions = (granted: ReadonlySet<Permission>) =>
      claims.permissions ? new Set(claims.permissions.filter((p) => granted.has(p))) : granted;

    if (claims.role === 'service') {
      const serviceName = claims.sub.startsWith('service:') ? claims.sub.slice('service:'.length) : claims.sub;
      return { actor: { id: 0, role: 'service', serviceName, approved: true, permissions: permissions(DEFAULT_PERMISSIONS.service) }, locale: 'en' };
    }
    // users.id is a PostgreSQL integer: anything else cannot be a user.
    const id = /^[1-9]\d{0,9}$/.test(claims.sub) ? Number(claims.sub) : NaN;
    if (!(id <= MAX_INT)) throw new UnauthorizedException('Unauthorized');
    // The MM identity service names a customer by their MM customer id, never by ours (they are apart: mm_customer_id).
    const byMmId = claims.issuedBy === 'mm-identity' && claims.role === 'customer';
    // Plain SQL: this runs on every request, and TypeORM's query building cost more than the query.
    const [user] = await this.dataSource.query<{ id: number; role: User['role']; approved: boolean; active: boolean; locale: string }[]>(
      `SELECT id, role, approved_at IS NOT NULL AS approved, deactivated_at IS NULL AS active, locale FROM users WHERE ${byMmId ? 'mm_customer_id' : 'id'} = $1`,
      [id],
    );
    if (!user || user.role !== claims.role || !user.active) throw new UnauthorizedException('Unauthorized');
    return {
      actor: {
        id: user.id,
        role: user.role,
        approved: user.role !== 'agent' || user.approved,
        permissions: permissions(DEFAULT_PERMISSIONS[user.role]),
      },
      locale: user.locale,
    };
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
