import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Access, Permission } from '@mm/auth';
import { DeskErrorDto } from './dto/desk-errors.dto';

/**
 * Who may call a desk route, with its 401/403 documented in the desk's error
 * schema. Staff routes: approved agents and admins with `use_desk`; row access
 * (which tickets an agent sees) is the domain's TicketAccess, never the route's.
 */
export function DeskAccess(...permissions: Permission[]): MethodDecorator & ClassDecorator {
  const rule = { roles: ['agent', 'admin'] as const, permissions: ['use_desk', ...permissions] as Permission[] };
  return deskAccess(Access({ roles: [...rule.roles], permissions: rule.permissions }), `Approved agents and admins with ${rule.permissions.join(', ')}`);
}

/** Admin-only desk routes (configuration and what it records): admins with `use_desk` and `permissions`. */
export function DeskAdminAccess(...permissions: Permission[]): MethodDecorator & ClassDecorator {
  const all: Permission[] = ['use_desk', ...permissions];
  return deskAccess(Access({ roles: ['admin'], permissions: all }), `Admins with ${all.join(', ')}`);
}

/** Routes about the calling agent themself (their availability): approved agents with `use_desk`. */
export function DeskAgentAccess(): MethodDecorator & ClassDecorator {
  return deskAccess(Access({ roles: ['agent'], permissions: ['use_desk'] }), 'Approved agents with use_desk');
}

/** Integration routes (the ticket export): admins and service tokens with `permission` (no `use_desk`: service tokens have none). */
export function DeskIntegrationAccess(permission: Permission): MethodDecorator & ClassDecorator {
  return deskAccess(Access({ roles: ['admin', 'service'], permissions: [permission] }), `Admins and service tokens with ${permission}`);
}

function deskAccess(access: MethodDecorator & ClassDecorator, allowed: string): MethodDecorator & ClassDecorator {
  // After Access: these replace its schema-less 401/403 entries.
  return applyDecorators(
    access,
    ApiUnauthorizedResponse({ type: DeskErrorDto, description: 'Missing, invalid or expired token' }),
    ApiForbiddenResponse({ type: DeskErrorDto, description: `${allowed}; ${allowed.includes('service') ? 'agents and customers' : 'agents awaiting approval, customers and service tokens'} are refused` }),
  );
}

/** The Swagger tag of every desk controller. */
export const DeskTag = () => ApiTags('desk');
