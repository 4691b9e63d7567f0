import { SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@mm/core';
import { Permission } from './permissions';

export const ACCESS_RULE = 'mm:access-rule';

export type AccessRule =
  | { public: true }
  | {
      public?: false;
      /** The seeds' `restrictTo(...)`. */
      roles: Role[];
      /** The seeds' `checkPermissions(...)`: all are required. */
      permissions?: Permission[];
      /** Agents are refused until approved; `false` lets an unapproved agent through (e.g. /api/auth/me). */
      requireApproval?: boolean;
    };

/** How a rule appears in the OpenAPI document: `x-access`, and for protected routes bearer auth, 401 and 403. */
function openApiDecorators(rule: AccessRule): MethodDecorator[] {
  if (rule.public) return [ApiExtension('x-access', { public: true })];
  return [
    ApiBearerAuth('bearer'),
    ApiExtension('x-access', { roles: rule.roles, permissions: rule.permissions ?? [] }),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' }),
    ApiForbiddenResponse({ description: `Allowed: ${rule.roles.join(', ')}${rule.permissions?.length ? `; needs ${rule.permissions.join(', ')}` : ''}` }),
  ];
}

/**
 * Who may call a route, in one place: read by the global AccessGuard (handler
 * metadata wins over class metadata) and written into the OpenAPI document
 * (`x-access`, bearer auth, 401/403). Every route must declare one.
 * On a class, the OpenAPI part goes on each method without a rule of its own
 * (member decorators run before class decorators), so the document agrees
 * with the guard; classes that are not controllers (gateways) are fine too.
 */
export function Access(rule: AccessRule): MethodDecorator & ClassDecorator {
  const decorate = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key !== undefined && descriptor) {
      SetMetadata(ACCESS_RULE, rule)(target, key, descriptor);
      for (const decorator of openApiDecorators(rule)) decorator(target, key, descriptor);
      return descriptor;
    }
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    const controller = target as Function;
    SetMetadata(ACCESS_RULE, rule)(controller);
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const method = Object.getOwnPropertyDescriptor(controller.prototype, name);
      if (name === 'constructor' || typeof method?.value !== 'function' || Reflect.hasMetadata(ACCESS_RULE, method.value)) continue;
      for (const decorator of openApiDecorators(rule)) decorator(controller.prototype, name, method);
    }
    return controller;
  };
  return decorate as MethodDecorator & ClassDecorator;
}

export const Public = () => Access({ public: true });
