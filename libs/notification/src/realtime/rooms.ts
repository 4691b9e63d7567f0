/** The socket.io rooms. Staff-only rooms are the only place staff-only events (internal notes) are emitted to. */
export const STAFF_ROOM = 'staff';
export const ADMINS_ROOM = 'admins';

export const userRoom = (userId: number) => `user:${userId}`;
export const ticketRoom = (ticketId: number) => `ticket:${ticketId}`;
/** Joined next to `ticket:<id>` by staff sockets only. */
export const ticketStaffRoom = (ticketId: number) => `ticket:${ticketId}:staff`;
