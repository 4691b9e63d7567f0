import { HttpException, Inject, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';
import type { Session } from 'socket.io-adapter';
import { AccessGuard, Public, TokenService, bearerToken } from '@mm/auth';
import { Actor, countSocketConnected, countSocketDisconnected, isStaff, SOCKET_EVENT_LIMIT, SocketEventLimit } from '@mm/core';
import { TICKET_READ_ACCESS, TicketReadAccess } from '@mm/ticket';
import { ADMINS_ROOM, STAFF_ROOM, ticketRoom, ticketStaffRoom, userRoom } from './rooms';
import { Emission } from './socket-emissions';
import { deliveredLocallyBy, publishedBy, redisAwayFor } from './stream-ordered';
import { ClientToServerEvents, JoinAck, ServerToClientEvents, SocketData } from './socket-events';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A refusal at connect: the client gets `connect_error` with this message and `data.code`. */
function connectError(message: string, code: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}

/** The handshake token: `auth.token` (with or without "Bearer "), else the Authorization header. */
function handshakeToken(auth: Record<string, unknown> | undefined, authorization: string | undefined): string | undefined {
  const fromAuth: unknown = auth?.token;
  if (typeof fromAuth === 'string' && fromAuth) return bearerToken(`Bearer ${fromAuth.replace(/^Bearer\s+/i, '')}`);
  return bearerToken(authorization);
}

/** socket.io's namespace, as far as recovery goes: `_createSocket` restores a session before any middleware runs. */
interface RecoveringNamespace {
  adapter: { restoreSession(pid: string, offset: string): Promise<Session | null> };
  _createSocket(client: { request: { headers: { authorization?: string } } }, auth: Record<string, unknown>): Promise<IoSocket>;
}

const TICKET_ROOM = /^ticket:([1-9]\d{0,9})(:staff)?$/;

function toActor(data: SocketData['actor']): Actor {
  return { ...data, permissions: new Set(data.permissions) };
}

/**
 * socket.io on the HTTP port, path /socket.io (server options, Redis and
 * connection-state recovery: RealtimeIoAdapter). Every connection is
 * authenticated at the handshake with the same JWT and rules as HTTP, and is
 * dropped when its token expires. Rooms: `user:<id>` for everyone, `staff`
 * (approved agents and admins), `admins`, and `ticket:<id>` joined on request
 * after the same read check as HTTP (staff also join `ticket:<id>:staff`).
 */
@Public() // not an HTTP route: the handshake middleware below authenticates every connection
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  @WebSocketServer()
  private server: IoServer;

  constructor(
    private readonly access: AccessGuard,
    private readonly tokens: TokenService,
    @Inject(TICKET_READ_ACCESS) private readonly ticketAccess: TicketReadAccess,
    @Optional() @Inject(SOCKET_EVENT_LIMIT) private readonly eventLimit?: SocketEventLimit,
  ) {}

  afterInit(server: IoServer): void {
    this.guardRecovery(server);
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
  }

  /**
   * socket.io restores a session from the client's `pid` and `offset` alone —
   * its rooms joined and its missed packets sent before any middleware runs.
   * Here a session is restored only for the user who owned it, and only when
   * that user may still be in every one of its rooms; otherwise the socket
   * starts a fresh session (`recovered: false`: the client re-reads).
   */
  private guardRecovery(server: IoServer): void {
    const namespace = server.of('/') as unknown as RecoveringNamespace;
    namespace._createSocket = async (client, auth) => {
      const session = await this.restorableSession(namespace, client.request.headers.authorization, auth).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Socket session not restored');
        return undefined;
      });
      const SocketOf = Socket as unknown as new (...args: unknown[]) => IoSocket;
      return session ? new SocketOf(namespace, client, auth, session) : new SocketOf(namespace, client, auth);
    };
  }

  private async restorableSession(namespace: RecoveringNamespace, authorization: string | undefined, auth: Record<string, unknown>): Promise<Session | undefined> {
    const { pid, offset } = auth ?? {};
    if (typeof pid !== 'string' || typeof offset !== 'string') return undefined;
    const session = await namespace.adapter.restoreSession(pid, offset);
    if (!session) return undefined;
    const token = handshakeToken(auth, authorization);
    const actor = (await this.access.authenticate(token ? `Bearer ${token}` : undefined).catch(() => undefined))?.actor;
    const owner = (session.data as Partial<SocketData> | undefined)?.actor;
    if (!actor || !owner || owner.id !== actor.id || owner.role !== actor.role) return undefined;
    for (const room of session.rooms) {
      if (!(await this.mayBeIn(actor, room, session.sid))) return undefined;
    }
    return session;
  }

  /** The room check of a restored session: the rooms handleConnection and `join` would give this actor now. */
  private async mayBeIn(actor: Actor, room: string, socketId: string): Promise<boolean> {
    if (room === socketId || room === userRoom(actor.id)) return true;
    if (room === STAFF_ROOM) return isStaff(actor) && actor.approved;
    if (room === ADMINS_ROOM) return actor.role === 'admin';
    const ticket = TICKET_ROOM.exec(room);
    if (!ticket || (ticket[2] && !isStaff(actor))) return false;
    return (actor.role !== 'agent' || actor.approved) && this.ticketAccess.canRead(actor, Number(ticket[1]));
  }

  private async authenticate(socket: IoSocket): Promise<void> {
    const token = handshakeToken(socket.handshake.auth, socket.handshake.headers.authorization);
    let actor: Actor;
    let expiresAt: number;
    try {
      // The same verification as every HTTP request (AccessGuard), then the expiry of the now-verified token.
      actor = (await this.access.authenticate(token ? `Bearer ${token}` : undefined)).actor;
      expiresAt = this.tokens.verify(token!).exp * 1000;
    } catch (error) {
      if (error instanceof HttpException) throw connectError('Unauthorized', 'UNAUTHORIZED');
      this.logger.error({ err: error }, 'Socket authentication failed');
      throw connectError('Internal server error', 'INTERNAL_ERROR');
    }
    if (actor.role === 'service') throw connectError('Forbidden', 'FORBIDDEN');
    socket.data.actor = { id: actor.id, role: actor.role, approved: actor.approved, permissions: [...actor.permissions] };
    this.disconnectAt(socket, expiresAt);
  }

  /** Ends the connection when its token expires (in steps: a timer cannot wait longer than ~24.8 days). */
  private disconnectAt(socket: IoSocket, expiresAt: number): void {
    const wait = expiresAt - Date.now();
    const timer = setTimeout(() => (wait > MAX_TIMER_MS ? this.disconnectAt(socket, expiresAt) : socket.disconnect(true)), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }

  async handleConnection(socket: IoSocket): Promise<void> {
    countSocketConnected();
    const { actor } = socket.data;
    const rooms = [userRoom(actor.id)];
    if (isStaff(toActor(actor)) && actor.approved) rooms.push(STAFF_ROOM);
    if (actor.role === 'admin') rooms.push(ADMINS_ROOM);
    await socket.join(rooms);
    // Broadcast (not socket.emit) so the packet carries a recovery offset.
    this.server.to(socket.id).emit('session:ready', { userId: actor.id, role: actor.role, recovered: socket.recovered });
  }

  handleDisconnect(socket: IoSocket): void {
    countSocketDisconnected();
    clearTimeout(this.expiryTimers.get(socket.id));
    this.expiryTimers.delete(socket.id);
  }

  onModuleDestroy(): void {
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
  }

  @SubscribeMessage('join')
  async join(@ConnectedSocket() socket: IoSocket, @MessageBody() request: unknown): Promise<JoinAck> {
    const limited = await this.limited(socket);
    if (limited) return limited;
    const ticketId = (request as { ticketId?: unknown } | null)?.ticketId;
    if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId <= 0) {
      return { ok: false, error: { code: 'INVALID_REQUEST', message: 'ticketId must be a positive integer' } };
    }
    const actor = toActor(socket.data.actor);
    let allowed: boolean;
    try {
      allowed = (actor.role !== 'agent' || actor.approved) && (await this.ticketAccess.canRead(actor, ticketId));
    } catch (error) {
      this.logger.error({ err: error, ticketId }, 'Ticket room join failed');
      return { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } };
    }
    // Missing and forbidden look the same: a room join never reveals that a ticket exists.
    if (!allowed) return { ok: false, error: { code: 'TICKET_NOT_FOUND', message: 'Ticket not found' } };
    await socket.join(isStaff(actor) ? [ticketRoom(ticketId), ticketStaffRoom(ticketId)] : [ticketRoom(ticketId)]);
    return { ok: true, room: ticketRoom(ticketId) };
  }

  @SubscribeMessage('leave')
  async leave(@ConnectedSocket() socket: IoSocket, @MessageBody() request: unknown): Promise<JoinAck> {
    const limited = await this.limited(socket);
    if (limited) return limited;
    const ticketId = (request as { ticketId?: unknown } | null)?.ticketId;
    if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId <= 0) {
      return { ok: false, error: { code: 'INVALID_REQUEST', message: 'ticketId must be a positive integer' } };
    }
    await Promise.all([socket.leave(ticketRoom(ticketId)), socket.leave(ticketStaffRoom(ticketId))]);
    return { ok: true, room: ticketRoom(ticketId) };
  }

  /** The refusal of an event over the rate limits (the HTTP ones, per socket and per user), or null. */
  private async limited(socket: IoSocket): Promise<JoinAck | null> {
    const verdict = await this.eventLimit?.allow(socket.id, socket.data.actor.id);
    if (!verdict || verdict.allowed) return null;
    return { ok: false, error: { code: 'RATE_LIMITED', message: 'Too many requests', retryAfter: verdict.retryAfterSeconds } };
  }

  /**
   * Emits to the union of the rooms (each socket gets an event once), on every
   * instance through the adapter. Resolves once the event is on its way to
   * every instance (with Redis: in the stream); rejects if it could not be sent.
   */
  emit(emission: Emission): Promise<void> {
    if (emission.rooms.length === 0) return Promise.resolve();
    return publishedBy(this.server.sockets.adapter, () =>
      (this.server.to(emission.rooms).emit as (event: string, payload: unknown) => boolean)(emission.event, emission.payload),
    );
  }

  /** The same emit to this instance's sockets only, while Redis is away; it does not reach them again when sent later (stream-ordered.ts). */
  emitLocally(emission: Emission): void {
    if (emission.rooms.length === 0) return;
    deliveredLocallyBy(this.server.sockets.adapter, () =>
      (this.server.to(emission.rooms).emit as (event: string, payload: unknown) => boolean)(emission.event, emission.payload),
    );
  }

  /** Whether Redis is away for the socket adapter: broadcasts then reach this instance's sockets only. */
  get redisAway(): boolean {
    return redisAwayFor(this.server.sockets.adapter);
  }

  /** Ends every socket of the user, on every instance; reconnecting is refused at the handshake (their tokens no longer work). */
  disconnectUser(userId: number): void {
    this.server.in(userRoom(userId)).disconnectSockets(true);
  }

  /**
   * After a reassignment, agents other than the new assignee lose the ticket:
   * their sockets leave its rooms on whichever instance holds them (admins stay).
   * `here`: this instance's sockets only, without asking Redis (it may be away).
   */
  async evictAgentsExcept(ticketId: number, assigneeId: number | null, scope: 'everywhere' | 'here' = 'everywhere'): Promise<void> {
    const sockets =
      scope === 'here'
        ? [...(this.server.sockets.adapter.rooms.get(ticketRoom(ticketId)) ?? [])].flatMap((id) => this.server.sockets.sockets.get(id) ?? [])
        : await this.server.in(ticketRoom(ticketId)).fetchSockets();
    for (const socket of sockets) {
      const { role, id } = socket.data.actor;
      if (role !== 'agent' || id === assigneeId) continue;
      socket.leave(ticketRoom(ticketId));
      socket.leave(ticketStaffRoom(ticketId));
    }
  }
}
