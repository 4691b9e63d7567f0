import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * How the network between the service and a dependency behaves:
 * - `pass`: bytes flow;
 * - `freeze`: bytes are held (new connections are accepted and wait), and all flow on once it passes again;
 * - `drop`: bytes vanish without an error or a close, as when a middlebox loses its state: connections
 *   open during a drop stay dead for good; connections made after it passes again work.
 */
export type NetworkMode = 'pass' | 'freeze' | 'drop';

interface Link {
  client: Socket;
  upstream?: Socket;
  /** Bytes held while frozen, per direction. */
  held: { up: Buffer[]; down: Buffer[] };
  dead: boolean;
}

/** A TCP proxy in front of a dependency (PostgreSQL, Redis) whose network the test controls. */
export class TcpProxy {
  private mode: NetworkMode = 'pass';
  private readonly links = new Set<Link>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return new TcpProxy(server, typeof address === 'object' && address ? address.port : 0, target);
  }

  /** `url` with its host and port replaced by this proxy's. */
  via(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  set(mode: NetworkMode): void {
    this.mode = mode;
    for (const link of this.links) {
      if (mode === 'drop') link.dead = true;
      if (mode === 'pass' && !link.dead) this.flush(link);
    }
  }

  /** Closes every connection at once (RST), as a restarted dependency would. */
  reset(): void {
    for (const link of this.links) {
      link.client.resetAndDestroy();
      link.upstream?.destroy();
    }
    this.links.clear();
  }

  async close(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const link: Link = { client, held: { up: [], down: [] }, dead: this.mode === 'drop' };
    this.links.add(link);
    const forget = () => {
      this.links.delete(link);
      client.destroy();
      link.upstream?.destroy();
    };
    client.on('error', forget).on('close', forget);
    client.on('data', (chunk) => this.carry(link, 'up', chunk));
    if (this.mode === 'pass') this.connectUpstream(link);
  }

  private connectUpstream(link: Link): void {
    const upstream = createConnection(this.target);
    link.upstream = upstream;
    upstream.on('data', (chunk) => this.carry(link, 'down', chunk));
    upstream.on('error', () => link.client.destroy()).on('close', () => link.client.destroy());
    upstream.on('connect', () => this.flush(link));
  }

  private carry(link: Link, direction: 'up' | 'down', chunk: Buffer): void {
    if (link.dead || this.mode === 'drop') return;
    link.held[direction].push(chunk);
    if (this.mode === 'pass') this.flush(link);
  }

  private flush(link: Link): void {
    if (!link.upstream) return this.connectUpstream(link);
    if (link.upstream.connecting) return;
    for (const chunk of link.held.up.splice(0)) link.upstream.write(chunk);
    for (const chunk of link.held.down.splice(0)) link.client.write(chunk);
  }
}
