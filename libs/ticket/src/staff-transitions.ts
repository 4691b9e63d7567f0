/**
 * Where staff may move a ticket with a status change (SPEC section 1). Free of
 * imports on purpose: the console (apps/console) bundles this very file, so the
 * moves it offers are the ones the server enforces (ticket-workflow.ts).
 */
export const STAFF_STATUS_MOVES = {
  open: ['in_progress'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['in_progress'],
  escalated: ['in_progress'],
  resolved: ['closed', 'in_progress'],
  closed: [],
} as const;
