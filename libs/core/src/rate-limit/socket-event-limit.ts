/** Whether a client's socket event may run: the HTTP rate limits' counters and configuration, per socket and per user. */
export interface SocketEventLimit {
  allow(socketId: string, userId: number): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

export const SOCKET_EVENT_LIMIT = Symbol('SOCKET_EVENT_LIMIT');
