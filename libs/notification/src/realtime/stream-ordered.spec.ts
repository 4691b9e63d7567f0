import { Adapter, BroadcastOptions } from 'socket.io-adapter';
import { AWAY_RETRY_MS, PUBLISH_TIMEOUT_MS, READER_WAIT_MS, publishedBy, streamOrdered } from './stream-ordered';

type Packet = Parameters<Adapter['broadcast']>[0];

/** A stand-in for the Redis Streams adapter: XADD answers are controlled by the test, one socket in room "r". */
class FakeStreamsAdapter extends Adapter {
  readonly xadds: { packet: Packet; resolve: (offset: string) => void; reject: (error: Error) => void }[] = [];

  publishAndReturnOffset(message: { data: { packet: Packet } }): Promise<string> {
    return new Promise((resolve, reject) => this.xadds.push({ packet: message.data.packet, resolve, reject }));
  }

  addOffsetIfNecessary(): void {}

  /** The stream reader: another instance's broadcast is delivered here; an own one is ignored, as in ClusterAdapter. */
  onRawMessage(rawMessage: { own: boolean; event?: string }, offset: string): void {
    void offset;
    if (!rawMessage.own) Adapter.prototype.broadcast.call(this, packetOf(rawMessage.event!), roomR());
  }
}

const packetOf = (event: string): Packet => ({ type: 2, data: [event] });
const roomR = (): BroadcastOptions => ({ rooms: new Set(['r']), except: new Set() });

function setUp() {
  const received: string[] = [];
  const nsp = {
    name: '/',
    server: { encoder: { encode: (packet: Packet) => [String(packet.data[0])] } },
    sockets: new Map([['s1', { id: 's1', client: { writeToEngine: (encoded: string[]) => received.push(...encoded) } }]]),
  };
  const Ordered = streamOrdered((n: unknown) => new FakeStreamsAdapter(n)) as unknown as new (n: unknown) => FakeStreamsAdapter;
  const adapter = new Ordered(nsp); // as socket.io creates it
  void adapter.addAll('s1', new Set(['r']));
  const emit = (event: string) => publishedBy(adapter, () => adapter.broadcast(packetOf(event), roomR()));
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { adapter, received, emit, flush };
}

describe('stream-ordered broadcasts (Redis Streams adapter)', () => {
  it('delivers an own broadcast locally only when the reader reaches its entry, after earlier entries of other instances', async () => {
    const { adapter, received, emit, flush } = setUp();
    const published = emit('own-2');
    adapter.xadds[0].resolve('1000-2');
    await published;
    expect(received).toEqual([]);

    adapter.onRawMessage({ own: false, event: 'remote-1' }, '1000-1');
    expect(received).toEqual(['remote-1']);
    adapter.onRawMessage({ own: true }, '1000-2');
    adapter.onRawMessage({ own: false, event: 'remote-3' }, '1000-3');
    await flush();
    expect(received).toEqual(['remote-1', 'own-2', 'remote-3']);
  });

  it('delivers at once when the reader has already passed the entry', async () => {
    const { adapter, received, emit } = setUp();
    const published = emit('own');
    adapter.onRawMessage({ own: true }, '999-0');
    adapter.onRawMessage({ own: false, event: 'remote' }, '1000-5');
    adapter.xadds[0].resolve('1000-4');
    await published;
    expect(received).toEqual(['remote', 'own']);
  });

  it('rejects, and delivers locally at once, when the entry could not be written; its resend does not deliver it locally again', async () => {
    const { adapter, received, emit, flush } = setUp();
    const published = emit('while-away');
    adapter.xadds[0].reject(new Error('Connection is closed.'));
    await expect(published).rejects.toThrow('Connection is closed.');
    expect(received).toEqual(['while-away']);
    // The outbox resends it once Redis is back: the other instances get it, this one's sockets not twice.
    jest.useFakeTimers({ now: Date.now() + AWAY_RETRY_MS, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
    const resent = emit('while-away');
    jest.useRealTimers();
    adapter.xadds[1].resolve('2000-0');
    await resent;
    adapter.onRawMessage({ own: true }, '2000-0');
    adapter.onRawMessage({ own: false, event: 'later' }, '2000-1');
    await flush();
    expect(received).toEqual(['while-away', 'later']);
  });

  it(`delivers in order after ${READER_WAIT_MS} ms when the reader never reaches the entries (it starts at "$")`, async () => {
    jest.useFakeTimers();
    try {
      const { adapter, received, emit } = setUp();
      const first = emit('first');
      const second = emit('second');
      adapter.xadds[0].resolve('10-0');
      adapter.xadds[1].resolve('10-1');
      await Promise.all([first, second]);
      jest.advanceTimersByTime(READER_WAIT_MS - 1);
      expect(received).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(received).toEqual(['first', 'second']);
    } finally {
      jest.useRealTimers();
    }
  });

  it(`fails the send when Redis has not taken the entry within ${PUBLISH_TIMEOUT_MS} ms, and delivers it locally then, once`, async () => {
    jest.useFakeTimers();
    try {
      const { adapter, received, emit } = setUp();
      const published = emit('stuck');
      const outcome = published.then(
        () => 'sent',
        (error: Error) => error.message,
      );
      await jest.advanceTimersByTimeAsync(PUBLISH_TIMEOUT_MS);
      expect(await outcome).toMatch(/did not take the broadcast/);
      expect(received).toEqual(['stuck']);
      adapter.xadds[0].resolve('10-0'); // Redis came back: the entry reached the stream after all
      await jest.advanceTimersByTimeAsync(READER_WAIT_MS);
      expect(received).toEqual(['stuck']);
    } finally {
      jest.useRealTimers();
    }
  });

  it(`after a failed send, fails the next ones at once for ${AWAY_RETRY_MS} ms (delivered locally), then tries Redis again`, async () => {
    jest.useFakeTimers();
    try {
      const { adapter, received, emit } = setUp();
      const first = emit('stuck').catch((error: Error) => error.message);
      await jest.advanceTimersByTimeAsync(PUBLISH_TIMEOUT_MS);
      expect(await first).toMatch(/did not take the broadcast/);
      await expect(emit('while away')).rejects.toThrow(/away/);
      expect(received).toEqual(['stuck', 'while away']);
      expect(adapter.xadds).toHaveLength(1); // not tried: no wait of PUBLISH_TIMEOUT_MS per event
      await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS);
      const back = emit('back');
      expect(adapter.xadds).toHaveLength(2);
      adapter.xadds[1].resolve('20-0');
      await back;
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends at once through an adapter that is not stream-ordered', async () => {
    let sent = 0;
    await publishedBy({}, () => sent++);
    expect(sent).toBe(1);
  });
});
