import { io } from 'socket.io-client';
import { MAX_RECOVERY_PACKETS, userRoom } from '@mm/notification';
import { RealtimeGateway } from '@mm/notification/realtime/realtime.gateway';
import { useTestApp } from './support/harness';
import { RecordingSocket, settle } from './support/socket';

/**
 * Without Redis, socket.io keeps broadcasts in memory for connection-state
 * recovery; the service keeps only the newest MAX_RECOVERY_PACKETS of them
 * (a memory fix of docs/benchmarks.md). A client that comes back within that
 * window still recovers what it missed; one whose last event has been pushed
 * out reconnects with `recovered: false` (and re-reads over HTTP).
 */
describe('realtime: the in-memory recovery buffer is bounded', () => {
  const { app, factories, sockets } = useTestApp({ env: { OUTBOX_DISPATCH: 'false' } });

  const gateway = () => app.running.app.get(RealtimeGateway);
  const packets = () => ((gateway() as unknown as { server: { of(name: string): { adapter: { packets: unknown[] } } } }).server.of('/').adapter.packets);
  const broadcast = (userId: number, count: number, tag: string) => {
    for (let i = 0; i < count; i++) gateway().emit({ rooms: [userRoom(userId)], event: 'notification:created', payload: { id: i, kind: tag } as never });
  };

  async function dropAndReconnect(socket: RecordingSocket, whileAway: () => void): Promise<void> {
    const reconnected = new Promise<void>((resolve) => socket.socket.io.once('reconnect', () => resolve()));
    socket.socket.io.engine.close();
    await settle(100);
    whileAway();
    await reconnected;
  }

  it('keeps at most the newest broadcasts, and recovers a short absence', async () => {
    const customer = await factories.customer();
    const socket = new RecordingSocket(io(app.url, { transports: ['websocket'], auth: { token: customer.token }, reconnectionDelay: 500, reconnectionDelayMax: 500, forceNew: true }));
    sockets.track(socket);
    await socket.next('session:ready');

    const flood = MAX_RECOVERY_PACKETS + 2_000;
    broadcast(customer.user.id, flood, 'flood');
    expect(packets().length).toBeLessThanOrEqual(MAX_RECOVERY_PACKETS + 1_000);
    await socket.next('notification:created', (p) => p.kind === 'flood' && p.id === flood - 1, 20_000);

    await dropAndReconnect(socket, () => broadcast(customer.user.id, 3, 'missed'));
    await socket.next('notification:created', (p) => p.kind === 'missed' && p.id === 2);
    expect(socket.socket.recovered).toBe(true);
  });

  it('does not recover a client whose last event was pushed out of the buffer', async () => {
    const customer = await factories.customer();
    const socket = new RecordingSocket(io(app.url, { transports: ['websocket'], auth: { token: customer.token }, reconnectionDelay: 500, reconnectionDelayMax: 500, forceNew: true }));
    sockets.track(socket);
    await socket.next('session:ready');

    await dropAndReconnect(socket, () => broadcast(customer.user.id, MAX_RECOVERY_PACKETS + 2_000, 'flood'));
    await socket.next('session:ready', (p) => p.recovered === false);
    expect(socket.socket.recovered).toBe(false);
  });
});
