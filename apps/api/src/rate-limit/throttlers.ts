import { ExecutionContext } from '@nestjs/common';
import { ThrottlerOptions } from '@nestjs/throttler';
import { AppConfig } from '@mm/core';
import { bucketOf } from './rate-limit.decorator';

/** A login from one IP may try this many times as many emails as one email may be tried (offices share an IP). */
export const LOGIN_IP_FACTOR = 5;

function loginEmail(context: ExecutionContext): string | undefined {
  const body = context.switchToHttp().getRequest<{ body?: { email?: unknown } }>().body;
  return typeof body?.email === 'string' && body.email.trim() ? body.email.trim().toLowerCase() : undefined;
}

/**
 * Every named limit, counted per window of config.rateLimit.windowSeconds.
 * A throttler applies to a route unless its skipIf says otherwise; general
 * per-user and per-IP limits for every route belong here too.
 */
export function throttlers(config: AppConfig): ThrottlerOptions[] {
  const ttl = config.rateLimit.windowSeconds * 1000;
  const notLogin = (context: ExecutionContext) => bucketOf(context) !== 'login';
  return [
    {
      name: 'login-email',
      ttl,
      limit: config.rateLimit.loginPerWindow,
      skipIf: (context) => notLogin(context) || !loginEmail(context),
      getTracker: (_req, context) => `email:${loginEmail(context)}`,
    },
    {
      name: 'login-ip',
      ttl,
      limit: config.rateLimit.loginPerWindow * LOGIN_IP_FACTOR,
      skipIf: notLogin,
    },
  ];
}
