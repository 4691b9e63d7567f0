import type { Role } from '@mm/core';

/** Every permission a route can require (the seeds' `checkPermissions`). */
export const PERMISSIONS = [
  // customer
  'create_support_ticket',
  'track_support_ticket',
  'view_support_ticket',
  'escalate_support_ticket',
  'close_support_ticket',
  'send_support_message',
  'submit_support_feedback',
  'cancel_order',
  'view_notifications',
  'view_rewards',
  // staff
  'manage_support_ticket',
  'assign_support_ticket',
  'add_internal_note',
  // admin
  'reassign_support_ticket',
  'approve_agent',
  'manage_faq',
  'manage_reference_data',
  // the desk API (SPEC section 7)
  'use_desk',
  'manage_sla',
  'manage_routing',
  'manage_automations',
  'manage_webhooks',
  'view_reports',
  'export_tickets',
  'manage_shared_macros',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CUSTOMER: Permission[] = [
  'create_support_ticket',
  'track_support_ticket',
  'view_support_ticket',
  'escalate_support_ticket',
  'close_support_ticket',
  'send_support_message',
  'submit_support_feedback',
  'cancel_order',
  'view_notifications',
  'view_rewards',
];

const AGENT: Permission[] = [
  'view_support_ticket',
  'send_support_message',
  'cancel_order',
  'view_notifications',
  'manage_support_ticket',
  'assign_support_ticket',
  'add_internal_note',
  'use_desk',
];

/** Desk configuration, reports and export (SPEC section 7): admins only (export also for service tokens). */
const DESK_ADMIN: Permission[] = ['manage_sla', 'manage_routing', 'manage_automations', 'manage_webhooks', 'view_reports', 'export_tickets', 'manage_shared_macros'];

/** The permissions of a role when the token carries no `permissions` claim. */
export const DEFAULT_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  customer: new Set(CUSTOMER),
  agent: new Set(AGENT),
  admin: new Set([...AGENT, 'reassign_support_ticket', 'approve_agent', 'manage_faq', 'manage_reference_data', ...DESK_ADMIN]),
  service: new Set<Permission>(['manage_reference_data', 'export_tickets']),
};
