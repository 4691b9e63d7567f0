import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';

/** The events a staff socket receives (libs/notification/src/realtime/socket-events.ts). */
export const STAFF_EVENTS = [
  'support:ticket_updated',
  'support:ticket_assigned',
  'support:message_created',
  'support:message_read',
  'support:note_created',
  'notification:created',
  // service levels (SPEC 7.2): a clock breached, or 80 % of a target elapsed
  'support:sla_breached',
  'support:sla_warning',
  // to an agent awaiting approval, when an admin approves them
  'account:approved',
  // routing (SPEC 7.3): who views a joined ticket, agents' availability
  'support:ticket_viewers',
  'support:agent_availability',
] as const;
export type StaffEventName = (typeof STAFF_EVENTS)[number] | 'resync';

export interface LiveEvent {
  /** `resync`: the connection came back; anything may have changed, re-read everything. */
  name: StaffEventName;
  ticketId: number | null;
  payload: Record<string, unknown>;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** Listens to every live event (a listener, not a state: two events between renders are both seen). */
export type Subscribe = (listener: (event: LiveEvent) => void) => () => void;

/** Sends an event on the live socket (`join`, `leave`, `ticket:typing`); resolves with its acknowledgement, or null when not connected. */
export type Emit = (event: string, body: unknown) => Promise<unknown>;

/**
 * One socket.io connection for the signed-in user (same origin, path
 * /socket.io, the JWT in `auth.token`). Every staff event goes to the
 * subscribed views, which re-read what it touches. The server recovers missed
 * events after a short disconnect (connection-state recovery); on every
 * reconnection the console also emits `resync` so views re-read from HTTP,
 * so nothing is missing even when recovery was not possible.
 */
export function useRealtime(token: string | null): { state: ConnectionState; subscribe: Subscribe; emit: Emit } {
  const [state, setState] = useState<ConnectionState>('connecting');
  const socketRef = useRef<ReturnType<typeof io> | null>(null);
  const emit = useCallback<Emit>(async (event, body) => {
    const socket = socketRef.current;
    if (!socket?.connected) return null;
    return socket.timeout(5000).emitWithAck(event, body).catch(() => null);
  }, []);
  const listeners = useRef(new Set<(event: LiveEvent) => void>());
  const subscribe = useCallback<Subscribe>((listener) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);

  useEffect(() => {
    if (!token) return;
    const socket = io({ path: '/socket.io', auth: { token }, transports: ['websocket'] });
    socketRef.current = socket;
    const push = (name: StaffEventName, payload: Record<string, unknown>) => {
      const event = { name, ticketId: typeof payload.ticketId === 'number' ? payload.ticketId : null, payload };
      listeners.current.forEach((listener) => listener(event));
    };
    let sessions = 0;
    // `session:ready` follows every accepted (re)connection, once the socket is in its rooms.
    socket.on('session:ready', () => {
      setState('live');
      sessions += 1;
      if (sessions > 1) push('resync', {});
    });
    socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect') return setState('reconnecting'); // the client reconnects by itself
      // The server ended the session (its token expired): re-reading over HTTP meets the 401, which signs out.
      setState('refused');
      push('resync', {});
    });
    socket.on('connect_error', (error) => {
      // A refused token is final (the HTTP side signs out on its 401); anything else retries by itself.
      setState(error.message === 'Unauthorized' || error.message === 'Forbidden' ? 'refused' : 'reconnecting');
    });
    for (const name of STAFF_EVENTS) socket.on(name, (payload: Record<string, unknown>) => push(name, payload ?? {}));
    return () => {
      socketRef.current = null;
      socket.disconnect();
    };
  }, [token]);

  return { state, subscribe, emit };
}
