import { Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { Public } from '@mm/auth';
import { JobQueue } from '@mm/core';
import { STAFF_ROOM, userRoom } from '@mm/notification';
import { AgentStatus, OFFLINE_AFTER_MS } from './routing-rules';

/** The queue whose jobs run the offline sweep 2 minutes after an agent's last socket left (see RoutingDispatcher). */
export const ROUTING_OFFLINE_QUEUE = 'routing.offline';

type AgentSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, { actor?: { id: number; role: string } }>;

/**
 * Which agents have a socket connected (SPEC 7.3: no socket for 2 minutes is
 * offline), on every instance: a connection clears `disconnected_since`; when
 * an agent's last socket anywhere (socket.io's cluster-wide fetchSockets)
 * goes, it is set and an offline check is queued for 2 minutes later. Also
 * pushes availability changes to staff.
 */
@Public() // not an HTTP route: RealtimeGateway's handshake middleware authenticates every connection
@WebSocketGateway()
export class AgentPresenceGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(AgentPresenceGateway.name);
  private closing = false;

  @WebSocketServer()
  private server: Server;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async handleConnection(socket: AgentSocket): Promise<void> {
    const actor = socket.data.actor;
    if (actor?.role !== 'agent') return;
    await this.dataSource.query('UPDATE agent_routing SET disconnected_since = NULL WHERE agent_id = $1 AND disconnected_since IS NOT NULL', [actor.id]).catch((error: unknown) => {
      this.logger.warn({ err: error, agentId: actor.id }, 'Agent presence not recorded');
    });
  }

  onModuleDestroy(): void {
    // Sockets dropped by a shutdown are not agents leaving: they reconnect elsewhere, or the next start counts them (recountPresence).
    this.closing = true;
  }

  async handleDisconnect(socket: AgentSocket): Promise<void> {
    const actor = socket.data.actor;
    if (actor?.role !== 'agent' || this.closing) return;
    try {
      if (await this.hasSockets(actor.id)) return;
      await this.startOfflineCountdown(actor.id, new Date());
    } catch (error) {
      this.logger.warn({ err: error, agentId: actor.id }, 'Agent presence not recorded');
    }
  }

  /** Whether the agent has a socket connected on any instance. */
  async hasSockets(agentId: number): Promise<boolean> {
    return (await this.server.in(userRoom(agentId)).fetchSockets()).length > 0;
  }

  /** The agent has no socket since `at` (unless counted already): the offline sweep looks 2 minutes later. */
  async startOfflineCountdown(agentId: number, at: Date): Promise<void> {
    const [rows] = (await this.dataSource.query(
      `UPDATE agent_routing SET disconnected_since = $2 WHERE agent_id = $1 AND disconnected_since IS NULL AND status <> 'offline' RETURNING disconnected_since`,
      [agentId, at],
    )) as [Array<{ disconnected_since: Date }>, number];
    if (!rows.length) return;
    await this.jobs.send(ROUTING_OFFLINE_QUEUE, { agentId }, { startAfter: new Date(at.getTime() + OFFLINE_AFTER_MS + 1000) });
  }

  /** Staff consoles hear availability changes live (best effort: `GET /api/desk/agents` is the truth). */
  announce(agentId: number, status: AgentStatus): void {
    this.server.to(STAFF_ROOM).emit('support:agent_availability', { agentId, status });
  }
}
