import { applyDecorators, SetMetadata } from '@nestjs/common';
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

/**
 * Who may call a route, in one place: read by the global AccessGuard (handler
 * metadata wins over class metadata) and written into the OpenAPI document
 * (`x-access`, bearer auth, 401/403). Every route must declare one.
 */
export function Access(rule: AccessRule): MethodDecorator & ClassDecorator {
  if (rule.public) return applyDecorators(SetMetadata(ACCESS_RULE, rule), ApiExtension('x-access', { public: true }));
  return applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    ApiBearerAuth('bearer'),
    ApiExtension('x-access', { roles: rule.roles, permissions: rule.permissions ?? [] }),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired token' }),
    ApiForbiddenResponse({ description: `Allowed: ${rule.roles.join(', ')}${rule.permissions?.length ? `; needs ${rule.permissions.join(', ')}` : ''}` }),
  );
}

export const Public = () => Access({ public: true });
