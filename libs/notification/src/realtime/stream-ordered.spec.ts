import { Adapter, BroadcastOptions } from 'socket.io-adapter';
import { AWAY_RETRY_MS, PUBLISH_TIMEOUT_MS, READER_WAIT_MS, deliveredLocallyBy, publishedBy, redisAwayFor, streamOrdered } from './stream-ordered';

type Packet = Parameters<Adapter['broadcast']>[0];
interface RawMessage {
  uid: string;
  type: string;
  data?: string;
}

/**
 * A stand-in for the Redis Streams adapter: XADD and probe (PUBSUB) answers
 * are controlled by the test, one socket in room "r".
 */
class FakeStreamsAdapter extends Adapter {
  readonly uid = 'this-instance';
  readonly xadds: { packet: Packet; resolve: (offset: string) => void; reject: (error: Error) => void }[] = [];
  readonly probes: { resolve: (count: number) => void; reject: (error: Error) => void }[] = [];

  publishAndReturnOffset(message: { data: { packet: Packet } }): Promise<string> {
    return new Promise((resolve, reject) => this.xadds.push({ packet: message.data.packet, resolve, reject }));
  }

  override serverCount(): Promise<number> {
    return new Promise((resolve, reject) => this.probes.push({ resolve, reject }));
  }

  addOffsetIfNecessary(): void {}

  /** The stream reader: another instance's broadcast is delivered here; an own one is ignored, as in ClusterAdapter. */
  onRawMessage(rawMessage: RawMessage, offset: string): void {
    void offset;
    if (rawMessage.uid === this.uid || rawMessage.type !== '3') return;
    const { packet, opts } = JSON.parse(rawMessage.data!) as { packet: Packet; opts: { rooms: string[]; except: string[] } };
    Adapter.prototype.broadcast.call(this, packet, { rooms: new Set(opts.rooms), except: new Set(opts.except) });
  }
}

const packetOf = (event: string): Packet => ({ type: 2, data: [event] });
const roomR = (): BroadcastOptions => ({ rooms: new Set(['r']), except: new Set() });
/** A stream entry: this instance's own broadcast, or another instance's broadcast of `event` to room "r". */
const own = (): RawMessage => ({ uid: 'this-instance', type: '3' });
const remote = (event: string): RawMessage => ({ uid: 'other-instance', type: '3', data: JSON.stringify({ packet: packetOf(event), opts: { rooms: ['r'], except: [] } }) });

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
  const emitLocally = (event: string) => deliveredLocallyBy(adapter, () => adapter.broadcast(packetOf(event), roomR()));
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  return { adapter, received, emit, emitLocally, flush };
}

/** Fake timers for the probe's delay and the publish timeout (promises and setImmediate stay real). */
function fakeTimers(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
}

/** Makes Redis count as away: a send that fails (delivered locally, so `event` is in `received`). */
async function goAway(setup: ReturnType<typeof setUp>, event = 'failed'): Promise<void> {
  const failed = setup.emit(event).catch(() => undefined);
  setup.adapter.xadds[setup.adapter.xadds.length - 1].reject(new Error('Connection is closed.'));
  await failed;
}

describe('stream-ordered broadcasts (Redis Streams adapter)', () => {
  afterEach(() => jest.useRealTimers());

  it('delivers an own broadcast locally only when the reader reaches its entry, after earlier entries of other instances', async () => {
    const { adapter, received, emit, flush } = setUp();
    const published = emit('own-2');
    adapter.xadds[0].resolve('1000-2');
    await published;
    expect(received).toEqual([]);

    adapter.onRawMessage(remote('remote-1'), '1000-1');
    expect(received).toEqual(['remote-1']);
    adapter.onRawMessage(own(), '1000-2');
    adapter.onRawMessage(remote('remote-3'), '1000-3');
    await flush();
    expect(received).toEqual(['remote-1', 'own-2', 'remote-3']);
  });

  it('delivers at once when the reader has already passed the entry', async () => {
    const { adapter, received, emit } = setUp();
    const published = emit('own');
    adapter.onRawMessage(own(), '999-0');
    adapter.onRawMessage(remote('remote'), '1000-5');
    adapter.xadds[0].resolve('1000-4');
    await published;
    expect(received).toEqual(['remote', 'own']);
  });

  it('rejects, and delivers locally at once, when the entry could not be written; its resend does not deliver it locally again', async () => {
    fakeTimers();
    const setup = setUp();
    const { adapter, received, emit, flush } = setup;
    const published = emit('while-away');
    adapter.xadds[0].reject(new Error('Connection is closed.'));
    await expect(published).rejects.toThrow('Connection is closed.');
    expect(received).toEqual(['while-away']);
    // Redis answers the probe: the outbox resends; the other instances get it, this one's sockets not twice.
    await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS);
    adapter.probes[0].resolve(2);
    await flush();
    const resent = emit('while-away');
    adapter.xadds[1].resolve('2000-0');
    await resent;
    adapter.onRawMessage(own(), '2000-0');
    adapter.onRawMessage(remote('later'), '2000-1');
    await flush();
    expect(received).toEqual(['while-away', 'later']);
  });

  it(`delivers in order after ${READER_WAIT_MS} ms when the reader never reaches the entries (it starts at "$")`, async () => {
    jest.useFakeTimers();
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
  });

  it(`fails the send when Redis has not taken the entry within ${PUBLISH_TIMEOUT_MS} ms, and delivers it locally then, once`, async () => {
    jest.useFakeTimers();
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
  });

  it(`while Redis is away, fails every send at once (delivered locally), asks Redis every ${AWAY_RETRY_MS} ms, and tries again once it answers`, async () => {
    fakeTimers();
    const setup = setUp();
    const { adapter, received, emit, flush } = setup;
    const first = emit('stuck').catch((error: Error) => error.message);
    await jest.advanceTimersByTimeAsync(PUBLISH_TIMEOUT_MS);
    expect(await first).toMatch(/did not take the broadcast/);
    expect(redisAwayFor(adapter)).toBe(true);
    await expect(emit('while away')).rejects.toThrow(/away/);
    expect(received).toEqual(['stuck', 'while away']);

    // The probe, not a broadcast, waits for Redis: sends meanwhile still fail at once, however long it takes.
    await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS);
    expect(adapter.probes).toHaveLength(1);
    await expect(emit('during the probe')).rejects.toThrow(/away/);
    await jest.advanceTimersByTimeAsync(PUBLISH_TIMEOUT_MS);
    await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS);
    expect(adapter.probes).toHaveLength(2);
    await expect(emit('still away')).rejects.toThrow(/away/);
    expect(adapter.xadds).toHaveLength(1); // no send waited for Redis
    expect(received).toEqual(['stuck', 'while away', 'during the probe', 'still away']);

    adapter.probes[1].resolve(2);
    await flush();
    expect(redisAwayFor(adapter)).toBe(false);
    const back = emit('back');
    expect(adapter.xadds).toHaveLength(2);
    adapter.xadds[1].resolve('20-0');
    await back;
    await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS * 3);
    expect(adapter.probes).toHaveLength(2); // no more probing once Redis is back
  });

  it('delivers locally only, at once and once, what the outbox hands over while Redis is away; its later send does not reach the local sockets again', async () => {
    fakeTimers();
    const setup = setUp();
    const { adapter, received, emit, emitLocally, flush } = setup;
    await goAway(setup, 'held');
    emitLocally('held'); // the held event itself, already delivered when it failed
    emitLocally('next-1');
    emitLocally('next-2');
    emitLocally('next-1'); // a second pass over the same events
    expect(received).toEqual(['held', 'next-1', 'next-2']);
    expect(adapter.xadds).toHaveLength(1); // nothing of it tried on Redis

    await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS);
    adapter.probes[0].resolve(2);
    await flush();
    // Catching up: the outbox sends them in order, to every instance; the local sockets got them already.
    for (const [n, event] of ['held', 'next-1', 'next-2'].entries()) {
      const sent = emit(event);
      adapter.xadds[n + 1].resolve(`30-${n}`);
      await sent;
      adapter.onRawMessage(own(), `30-${n}`);
    }
    const after = emit('after');
    adapter.xadds[4].resolve('30-3');
    await after;
    adapter.onRawMessage(own(), '30-3');
    await flush();
    expect(received).toEqual(['held', 'next-1', 'next-2', 'after']);
  });

  it('does not deliver locally again what another instance sends to the stream after this one delivered it while Redis was away', async () => {
    fakeTimers();
    const setup = setUp();
    const { adapter, received, emitLocally } = setup;
    await goAway(setup, 'held');
    emitLocally('next');
    adapter.onRawMessage(remote('held'), '40-0');
    adapter.onRawMessage(remote('next'), '40-1');
    adapter.onRawMessage(remote('new'), '40-2');
    adapter.onRawMessage(remote('held'), '40-3'); // forgotten once seen: a later, new send is delivered
    expect(received).toEqual(['held', 'next', 'new', 'held']);
  });

  it('delivers own broadcasts still waiting for the reader before what fails while Redis is away (the reader is cut off too)', async () => {
    fakeTimers();
    const setup = setUp();
    const { adapter, received, emit, emitLocally } = setup;
    const inStream = emit('in the stream');
    adapter.xadds[0].resolve('50-0');
    await inStream;
    expect(received).toEqual([]);
    const failed = emit('failed').catch(() => undefined);
    adapter.xadds[1].reject(new Error('Command timed out'));
    await failed;
    emitLocally('held back');
    expect(received).toEqual(['in the stream', 'failed', 'held back']);
    await jest.advanceTimersByTimeAsync(READER_WAIT_MS);
    expect(received).toEqual(['in the stream', 'failed', 'held back']);
  });

  it('stops asking Redis once the adapter is closed', async () => {
    fakeTimers();
    const setup = setUp();
    await goAway(setup);
    await setup.adapter.close();
    await jest.advanceTimersByTimeAsync(AWAY_RETRY_MS * 3);
    expect(setup.adapter.probes).toHaveLength(0);
  });

  it('sends at once through an adapter that is not stream-ordered', async () => {
    let sent = 0;
    await publishedBy({}, () => sent++);
    expect(sent).toBe(1);
    expect(redisAwayFor({})).toBe(false);
  });
});
