import { Logger, OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { Public } from '@mm/auth';
import { ticketStaffRoom } from './rooms';
import { ClientToServerEvents, ServerToClientEvents, SocketData, TicketViewersEvent, TypingAck } from './socket-events';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const STAFF_ROOM_PATTERN = /^ticket:(\d+):staff$/;

/**
 * Collision detection (SPEC 7.3): whenever a staff socket joins or leaves a
 * ticket's staff room (`join`/`leave`, or a dropped connection) or says it is
 * typing there, the instance that saw it reads who is in the room on every
 * instance (fetchSockets through the Redis adapter, typing flags in each
 * socket's data) and sends `support:ticket_viewers` to that room.
 */
@Public() // not an HTTP route: RealtimeGateway's handshake middleware authenticates every connection
@WebSocketGateway()
export class TicketViewersGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(TicketViewersGateway.name);
  private closing = false;

  @WebSocketServer()
  private server: IoServer;

  constructor(private readonly dataSource: DataSource) {}

  afterInit(server: IoServer): void {
    const adapter = server.sockets.adapter;
    adapter.on('join-room', (room: string) => this.roomChanged(room));
    adapter.on('leave-room', (room: string, socketId: string) => {
      const socket = server.sockets.sockets.get(socketId);
      const ticketId = this.roomChanged(room);
      // Typing stops with leaving (a socket that joins again is not typing).
      if (socket?.data.typingIn && ticketId !== null) socket.data.typingIn = socket.data.typingIn.filter((id) => id !== ticketId);
    });
  }

  onModuleDestroy(): void {
    this.closing = true;
  }

  @SubscribeMessage('ticket:typing')
  async typing(@ConnectedSocket() socket: IoSocket, @MessageBody() request: unknown): Promise<TypingAck> {
    const { ticketId, typing } = (request ?? {}) as { ticketId?: unknown; typing?: unknown };
    if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId <= 0 || typeof typing !== 'boolean') {
      return { ok: false, error: { code: 'INVALID_REQUEST', message: 'ticketId must be a positive integer and typing a boolean' } };
    }
    // Only staff who joined the ticket's room (after its read check) are in its staff room.
    if (!socket.rooms.has(ticketStaffRoom(ticketId))) return { ok: false, error: { code: 'TICKET_NOT_FOUND', message: 'Join the ticket first' } };
    const typingIn = new Set(socket.data.typingIn ?? []);
    if (typingIn.has(ticketId) === typing) return { ok: true };
    if (typing) typingIn.add(ticketId);
    else typingIn.delete(ticketId);
    socket.data.typingIn = [...typingIn];
    await this.publish(ticketId);
    return { ok: true };
  }

  private roomChanged(room: string): number | null {
    const match = STAFF_ROOM_PATTERN.exec(room);
    if (!match || this.closing) return null;
    const ticketId = Number(match[1]);
    // After the adapter's own bookkeeping (the socket is in, or out of, the room by then).
    setImmediate(() => void this.publish(ticketId));
    return ticketId;
  }

  /** Sends the room who views and types there now, across instances. */
  private async publish(ticketId: number): Promise<void> {
    try {
      const sockets = await this.server.in(ticketStaffRoom(ticketId)).fetchSockets();
      const typing = new Map<number, boolean>();
      for (const socket of sockets) {
        const id = socket.data.actor.id;
        typing.set(id, typing.get(id) === true || (socket.data.typingIn ?? []).includes(ticketId));
      }
      const ids = [...typing.keys()];
      const names = ids.length ? ((await this.dataSource.query('SELECT id, name FROM users WHERE id = ANY($1)', [ids])) as Array<{ id: number; name: string }>) : [];
      const nameOf = new Map(names.map((user) => [user.id, user.name]));
      const payload: TicketViewersEvent = { ticketId, viewers: ids.sort((a, b) => a - b).map((id) => ({ id, name: nameOf.get(id) ?? '', typing: typing.get(id) ?? false })) };
      this.server.to(ticketStaffRoom(ticketId)).emit('support:ticket_viewers', payload);
    } catch (error) {
      if (!this.closing) this.logger.warn({ err: error, ticketId }, 'Ticket viewers not sent');
    }
  }
}
