export const ROLES = ['customer', 'agent', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: built by the auth guard from a verified token and the stored user. */
export interface Actor {
  id: number;
  role: Role;
  permissions: ReadonlySet<string>;
  /** Agents must be approved by an admin before any staff route works. */
  approved: boolean;
  /** Service tokens carry the calling service's name instead of a user. */
  serviceName?: string;
}

/** Passed explicitly as the first argument of every domain service method. */
export interface RequestContext {
  actor: Actor;
  locale: string;
  requestId: string;
}

export function isStaff(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}
