import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { Role } from '@mm/core';
import { ACCESS_RULE, AccessRule, DEFAULT_PERMISSIONS } from '@mm/auth';
import { surfaceOf, SurfaceName } from './support/surfaces';

/**
 * The authorization matrix: every route × every kind of caller → the outcome
 * the access rules promise. Expectations are *derived*, never recorded:
 * - the guard part from each route's own `@Access` metadata (roles,
 *   permissions, approval) and the roles' default permissions;
 * - the row part from the ticket access rule of SPEC section 1 / TicketAccess,
 *   written out below as a model (`visible`, `mayDo`), for what the route acts on.
 * docs/authorization-matrix.md is rendered from it, and
 * test/hardening/authz-matrix.e2e-spec.ts runs every cell against the live app.
 */

export const MATRIX_ROLES = ['owner', 'otherCustomer', 'groupMember', 'unapprovedAgent', 'assignedAgent', 'otherAgent', 'admin', 'service', 'anonymous'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export const ROLE_LABELS: Record<MatrixRole, string> = {
  owner: 'customer (owner)',
  otherCustomer: 'other customer',
  groupMember: 'group member',
  unapprovedAgent: 'unapproved agent',
  assignedAgent: 'agent assigned',
  otherAgent: 'agent not assigned',
  admin: 'admin',
  service: 'service',
  anonymous: 'anonymous',
};

/** The token role of each kind of caller (anonymous: no token). */
export const TOKEN_ROLE: Record<MatrixRole, Role | null> = {
  owner: 'customer',
  otherCustomer: 'customer',
  groupMember: 'customer',
  unapprovedAgent: 'agent',
  assignedAgent: 'agent',
  otherAgent: 'agent',
  admin: 'admin',
  service: 'service',
  anonymous: null,
};

/**
 * The ticket a route acts on: an mtxi ride ticket of the owner with the group
 * member in it, `assigned` to the assigned agent (in progress), or `resolved`
 * by them, or still in the unassigned `queue` (open; no agent is assigned yet,
 * so both approved agents are just staff for it).
 */
export type TicketState = 'assigned' | 'resolved' | 'queue';

/** TicketAccess intents: read, write in the conversation, owner-only customer actions, staff work, staff pick-up. */
export type TicketIntent = 'read' | 'message' | 'owner' | 'work' | 'pick_up';

export type Resource =
  /** Nothing beyond the route's own rule (lists, creates, FAQ, reference data): each caller sees their own slice. */
  | { kind: 'none' }
  | { kind: 'ticket'; intent: TicketIntent; state: TicketState }
  /** A message of the owner's in that ticket: read access to its ticket. */
  | { kind: 'message' }
  /** The owner's order: its customer or any staff member may cancel it. */
  | { kind: 'order' }
  /** A notification of the owner's: only its recipient. */
  | { kind: 'notification' };

export type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'hidden';

const CUSTOMERS: MatrixRole[] = ['owner', 'otherCustomer', 'groupMember'];
const isStaff = (role: MatrixRole) => ['assignedAgent', 'otherAgent', 'admin'].includes(role);

/** SPEC section 1 / TicketAccess.visibility: may `role` see the ticket at all? */
export function visible(role: MatrixRole, state: TicketState): boolean {
  switch (role) {
    case 'owner':
    case 'groupMember':
    case 'admin':
    case 'assignedAgent':
      return true;
    case 'otherAgent':
      return state === 'queue';
    default:
      return false; // another customer, an unapproved agent, a service token
  }
}

/** TicketAccess intents, given that the ticket is visible. */
export function mayDo(role: MatrixRole, intent: TicketIntent, state: TicketState): boolean {
  const worksOnIt = role === 'admin' || (role === 'assignedAgent' && state !== 'queue');
  switch (intent) {
    case 'read':
      return true;
    case 'message':
      // An approved agent may reply from the unassigned queue: replying takes the ticket.
      return CUSTOMERS.includes(role) || worksOnIt || (state === 'queue' && isStaff(role));
    case 'owner':
      return role === 'owner';
    case 'work':
      return worksOnIt;
    case 'pick_up':
      return isStaff(role);
  }
}

/** The outcome the rules promise for one cell. */
export function expectedOutcome(rule: AccessRule, resource: Resource, role: MatrixRole): Outcome {
  if (!rule.public) {
    const tokenRole = TOKEN_ROLE[role];
    if (tokenRole === null) return 'unauthenticated';
    if (!rule.roles.includes(tokenRole)) return 'forbidden';
    if (role === 'unapprovedAgent' && rule.requireApproval !== false) return 'forbidden';
    if (rule.permissions?.some((p) => !DEFAULT_PERMISSIONS[tokenRole].has(p))) return 'forbidden';
  }
  switch (resource.kind) {
    case 'none':
      return 'allowed';
    case 'ticket':
      if (!visible(role, resource.state)) return 'hidden';
      return mayDo(role, resource.intent, resource.state) ? 'allowed' : 'forbidden';
    case 'message':
      return visible(role, 'assigned') ? 'allowed' : 'hidden';
    case 'order':
      return role === 'owner' || isStaff(role) ? 'allowed' : 'forbidden';
    case 'notification':
      return role === 'owner' ? 'allowed' : 'hidden';
  }
}

/**
 * How each surface answers for a row the caller may not see: munch and mtxi
 * 404; mtables its operation's 400 (seed 002); the helpdesk and the console
 * 403 "not yours" for a row that exists (seeds 003/004); the default format 404.
 */
export const HIDDEN_STATUS: Record<SurfaceName, number> = { munch: 404, mtxi: 404, mtables: 400, helpdesk: 403, console: 403, desk: 404, default: 404 };

export function expectedStatus(outcome: Outcome, path: string, successStatus: number): number {
  switch (outcome) {
    case 'allowed':
      return successStatus;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'hidden':
      return HIDDEN_STATUS[surfaceOf(path)];
  }
}

/** A route as Nest serves it, with the rule the AccessGuard reads (handler metadata before class metadata). */
export interface RouteInfo {
  method: string;
  /** Nest's path with its parameter names, e.g. `/api/support-tickets/:ticket/messages`. */
  path: string;
  key: string;
  rule: AccessRule;
  successStatus: number;
}

function joinPath(...parts: string[]): string {
  const path = `/${parts.join('/')}`.replace(/\/+/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** Every controller route of the app (the Fastify plugins /docs and /console sit outside the guard). */
export function routesOf(modules: ModulesContainer): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const rule = (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller)) as AccessRule | undefined;
        if (!rule) throw new Error(`${controller.name}.${name} has no @Access rule`);
        const successStatus = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'POST' ? 201 : 200);
        for (const prefix of prefixes) {
          for (const path of [paths].flat()) {
            const full = joinPath(prefix, path);
            routes.push({ method, path: full, key: `${method} ${full}`, rule, successStatus });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function describeResource(resource: Resource): string {
  switch (resource.kind) {
    case 'none':
      return '—';
    case 'ticket':
      return `ticket: ${resource.intent.replace('_', '-')} (${resource.state})`;
    case 'message':
      return "owner's message: read its ticket";
    case 'order':
      return "owner's order";
    case 'notification':
      return "owner's notification";
  }
}

function describeRule(rule: AccessRule): string {
  if (rule.public) return 'public';
  const roles = rule.roles.join(', ');
  const permissions = rule.permissions?.length ? ` · ${rule.permissions.join(', ')}` : '';
  const approval = rule.roles.includes('agent') && rule.requireApproval === false ? ' · unapproved agents too' : '';
  return `${roles}${permissions}${approval}`;
}

function cell(outcome: Outcome, status: number): string {
  switch (outcome) {
    case 'allowed':
      return `✓ ${status}`;
    case 'unauthenticated':
      return '401';
    case 'forbidden':
      return '403';
    case 'hidden':
      return `hidden ${status}`;
  }
}

export const REGENERATE = 'UPDATE_AUTHZ_MATRIX=true npx jest test/hardening/authz-matrix.e2e-spec.ts';

const SURFACE_TITLES: Record<SurfaceName, string> = {
  munch: 'munch (seed 000)',
  mtxi: 'mtxi (seed 001)',
  mtables: 'mtables (seed 002)',
  helpdesk: 'helpdesk (seed 003)',
  console: 'console (seed 004)',
  desk: 'desk (SPEC section 7)',
  default: 'auth, integrations, rewards, notifications, health',
};

/** docs/authorization-matrix.md: one table per surface. */
export function renderMatrix(routes: RouteInfo[], resourceOf: (route: RouteInfo) => Resource): string {
  const lines = [
    '# Authorization matrix',
    '',
    `Generated by \`test/hardening/authz-matrix.ts\` — do not edit by hand; regenerate with \`${REGENERATE}\`.`,
    'The same test runs every cell against the live app and fails on any difference.',
    '',
    'Expectations are derived from the access rules, not recorded: the route\'s `@Access` rule (roles, permissions,',
    'approval) and the roles\' default permissions decide 401/403; then the ticket access rule (SPEC section 1,',
    '`TicketAccess`) decides for the row the route acts on: a ticket the caller may not see is **hidden** (answered',
    'as the surface answers a missing one), an action the caller may not take on a visible ticket is 403.',
    '',
    '- **customer (owner)** owns the ticket (an mtxi ride ticket) and the order, message and notification the routes act on;',
    '  **group member** is in its `groupCustomerIds`; **other customer** has no part in it.',
    '- **agent assigned** works the ticket; **agent not assigned** is another approved agent; **unapproved agent** awaits approval.',
    '  For a ticket in the unassigned **queue** nobody is assigned yet.',
    '- **service** is a machine token of another MM service; **anonymous** sends no token.',
    '- `✓ 2xx`: allowed (the documented success status); `401`: no valid token; `403`: role, permission,',
    '  approval or ticket intent refused; `hidden 4xx`: the row is not visible to the caller and answered as missing',
    '  (helpdesk and console: 403 "not yours", as their seeds document; mtables: its operation\'s 400).',
    '',
  ];
  const surfaces = [...new Set(routes.map((r) => surfaceOf(r.path)))].sort((a, b) => Object.keys(SURFACE_TITLES).indexOf(a) - Object.keys(SURFACE_TITLES).indexOf(b));
  for (const surface of surfaces) {
    lines.push(`## ${SURFACE_TITLES[surface]}`, '');
    lines.push(`| route | rule | acts on | ${MATRIX_ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`);
    lines.push(`|---|---|---|${MATRIX_ROLES.map(() => '---').join('|')}|`);
    for (const route of routes.filter((r) => surfaceOf(r.path) === surface)) {
      const resource = resourceOf(route);
      const cells = MATRIX_ROLES.map((role) => {
        const outcome = expectedOutcome(route.rule, resource, role);
        return cell(outcome, expectedStatus(outcome, route.path, route.successStatus));
      });
      lines.push(`| \`${route.key}\` | ${describeRule(route.rule)} | ${describeResource(resource)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
