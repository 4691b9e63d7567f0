import { Desk } from './desk';
import { Factories, Person } from './factories';
import { connectRefused, connectSocket, ownDatabase, RecordingSocket } from './socket';
import { startTestApp, TestApp } from './test-app';
import { TicketHelpers } from './tickets';

export interface SocketOptions {
  /** Another instance's address (cluster suites); the suite's app by default. */
  url?: string;
  /** Send the token as an `Authorization: Bearer` header instead of `auth.token`. */
  viaHeader?: boolean;
}

/** Sockets of people (or raw tokens), each closed after the test that opened it (or by `closeAll`). */
export class Sockets {
  private readonly open: RecordingSocket[] = [];

  /** Without an app (cluster suites), every connection names its instance's `url`. */
  constructor(private readonly app?: Pick<TestApp, 'url'>) {}

  private urlOf(options: SocketOptions): string {
    const url = options.url ?? this.app?.url;
    if (!url) throw new Error('Sockets: no app, so a connection needs a url');
    return url;
  }

  async connect(who: Person | string, options: SocketOptions = {}): Promise<RecordingSocket> {
    return this.track(await connectSocket(this.urlOf(options), { token: typeof who === 'string' ? who : who.token, viaHeader: options.viaHeader }));
  }

  /** Closes a socket the test made itself (a client of its own options) after the test. */
  track(socket: RecordingSocket): RecordingSocket {
    this.open.push(socket);
    return socket;
  }

  /** The `connect_error` a connection of `who` (nobody: no token) is refused with. */
  refused(who: Person | string | undefined, options: SocketOptions = {}): Promise<Error & { data?: any }> {
    const token = who === undefined || typeof who === 'string' ? who : who.token;
    return connectRefused(this.urlOf(options), { token, viaHeader: options.viaHeader });
  }

  closeAll(): void {
    this.open.splice(0).forEach((socket) => socket.close());
  }
}

export interface TestAppOptions {
  /** Configuration of the app beyond the test defaults. */
  env?: Record<string, string>;
  /** A database of the suite's own: its dispatcher then delivers only its own events to its own sockets. */
  ownDatabase?: boolean;
  /** Work that must be done before the app starts (the console suites build the console it serves). */
  beforeStart?: () => void | Promise<void>;
}

export interface Harness {
  app: TestApp;
  factories: Factories;
  tickets: TicketHelpers;
  desk: Desk;
  sockets: Sockets;
  /** The database the app runs on (the suite's own with `ownDatabase`). */
  databaseUrl(): string;
}

type Started = Omit<Harness, 'databaseUrl'>;

/**
 * Starts the real app for the enclosing describe (beforeAll) and stops it (afterAll), closing the
 * test's sockets after each test. The returned helpers stand for the started ones, so a suite can
 * take them apart at declaration time and use them in its tests and later hooks.
 */
export function useTestApp(options: TestAppOptions = {}): Harness {
  let started: Started | undefined;
  let database: Awaited<ReturnType<typeof ownDatabase>> | undefined;

  beforeAll(async () => {
    await options.beforeStart?.();
    database = options.ownDatabase ? await ownDatabase() : undefined;
    const env = options.env ?? {};
    const app = await startTestApp(database ? { DATABASE_URL: database.url, ...env } : env);
    const factories = new Factories(app);
    started = { app, factories, tickets: new TicketHelpers(app), desk: new Desk(app, factories), sockets: new Sockets(app) };
  }, options.beforeStart ? 180_000 : undefined);
  afterEach(() => started?.sockets.closeAll());
  afterAll(async () => {
    started?.sockets.closeAll();
    await started?.app.close();
    await database?.drop();
  });

  const late = <K extends keyof Started>(key: K) => lateBound(key, () => started?.[key]);
  return {
    app: late('app'),
    factories: late('factories'),
    tickets: late('tickets'),
    desk: late('desk'),
    sockets: late('sockets'),
    databaseUrl: () => database?.url ?? process.env.E2E_DATABASE_URL!,
  };
}

/** A stand-in that forwards every use to the value `get` returns once the app has started. */
function lateBound<K extends keyof Started>(name: K, get: () => Started[K] | undefined): Started[K] {
  const target = () => {
    const value = get();
    if (!value) throw new Error(`useTestApp: ${name} is used before the app started (use it inside a test or hook)`);
    return value;
  };
  return new Proxy({} as Started[K], {
    get(_, property) {
      const value = target();
      const member = Reflect.get(value, property, value);
      return typeof member === 'function' ? member.bind(value) : member;
    },
    set(_, property, member) {
      return Reflect.set(target(), property, member);
    },
    has(_, property) {
      return Reflect.has(target(), property);
    },
  });
}
