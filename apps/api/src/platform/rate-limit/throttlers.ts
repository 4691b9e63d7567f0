import { ExecutionContext } from '@nestjs/common';
import { ThrottlerOptions } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { AppConfig } from '@mm/core';
import { bearerToken, TokenService } from '@mm/auth';
import { bucketOf } from './rate-limit.decorator';

/** A login from one IP may try this many times as many emails as one email may be tried (offices share an IP). */
export const LOGIN_IP_FACTOR = 5;

type LimitedRequest = FastifyRequest & { rateLimitCaller?: string | null };

function loginEmail(context: ExecutionContext): string | undefined {
  const body = context.switchToHttp().getRequest<{ body?: { email?: unknown } }>().body;
  return typeof body?.email === 'string' && body.email.trim() ? body.email.trim().toLowerCase() : undefined;
}

/**
 * Who is calling, from the bearer token (verified exactly as the AccessGuard
 * does, which runs after the limits): `user:<id>` or `service:<name>`;
 * null without a valid token (such requests count per IP only).
 */
function callerOf(request: LimitedRequest, tokens: TokenService): string | null {
  if (request.rateLimitCaller !== undefined) return request.rateLimitCaller;
  const token = bearerToken(request.headers.authorization);
  let caller: string | null = null;
  if (token) {
    try {
      const { sub, role, issuedBy } = tokens.verify(token);
      if (role === 'service') caller = sub.startsWith('service:') ? sub : `service:${sub}`;
      // An MM identity token names a customer by MM customer id, another id space than ours.
      else caller = issuedBy === 'mm-identity' && role === 'customer' ? `mm-customer:${sub}` : `user:${sub}`;
    } catch {
      caller = null;
    }
  }
  request.rateLimitCaller = caller;
  return caller;
}

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<LimitedRequest>();

/** One counter per caller across every route (the library's default key is per route). */
const acrossRoutes = (_context: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`;

/**
 * Every limit, counted per window of config.rateLimit.windowSeconds:
 * - `ip`: every request, per client IP (requests without a valid token too);
 * - `user`: every request with a valid token, per user (or service);
 * - `create`: POST requests (the creates — tickets, messages, notes, feedback,
 *   registrations — and the other commands sent as POST), per caller, or per IP without a token;
 * - `login-email` / `login-ip`: POST /api/auth/login per email and per IP.
 * The per-IP and per-user counters span all routes; the login ones belong to login.
 */
export function throttlers(config: AppConfig, tokens: TokenService): ThrottlerOptions[] {
  const { windowSeconds, perIp, perUser, createPerWindow, loginPerWindow } = config.rateLimit;
  const ttl = windowSeconds * 1000;
  const isLogin = (context: ExecutionContext) => bucketOf(context) === 'login';
  const caller = (context: ExecutionContext) => callerOf(requestOf(context), tokens);
  return [
    { name: 'ip', ttl, limit: perIp, generateKey: acrossRoutes },
    {
      name: 'user',
      ttl,
      limit: perUser,
      skipIf: (context) => caller(context) === null,
      getTracker: (_req, context) => caller(context)!,
      generateKey: acrossRoutes,
    },
    {
      name: 'create',
      ttl,
      limit: createPerWindow,
      skipIf: (context) => requestOf(context).method !== 'POST' || isLogin(context),
      getTracker: (req, context) => caller(context) ?? `ip:${(req as FastifyRequest).ip}`,
      generateKey: acrossRoutes,
    },
    {
      name: 'login-email',
      ttl,
      limit: loginPerWindow,
      skipIf: (context) => !isLogin(context) || !loginEmail(context),
      getTracker: (_req, context) => `email:${loginEmail(context)}`,
    },
    {
      name: 'login-ip',
      ttl,
      limit: loginPerWindow * LOGIN_IP_FACTOR,
      skipIf: (context) => !isLogin(context),
    },
  ];
}
