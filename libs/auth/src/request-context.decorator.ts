import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RequestContext } from '@mm/core';
import { AuthenticatedRequest } from './access.guard';

/**
 * The RequestContext of an authenticated route (actor, locale, request id),
 * built by the AccessGuard. It only reads what the guard established; it
 * never decides access.
 */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('Ctx used on a route without an authenticated actor');
  return { actor: request.actor, locale: request.locale ?? 'en', requestId: String(request.id) };
});
