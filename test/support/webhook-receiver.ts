import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, any> };
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1 for the tests: records every request and
 * answers with `respond` (200 unless it says otherwise).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (hook: ReceivedWebhook, res: ServerResponse) => void = (_, res) => res.writeHead(200).end('ok');
  private server?: Server;
  private readonly open = new Set<ServerResponse>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hooks`;
  }

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const hook = { headers: req.headers as Record<string, string>, body, json: JSON.parse(body), at: Date.now() };
        this.received.push(hook);
        this.open.add(res);
        res.on('close', () => this.open.delete(res));
        this.respond(hook, res);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The deliveries about one ticket (receivers get every subscribed event of the shared test app). */
  about(ticketId: number): ReceivedWebhook[] {
    return this.received.filter((h) => (h.json.data.ticketId ?? h.json.data.id) === ticketId);
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Starts receivers for the enclosing describe's tests and stops them all after them. */
export function useReceivers(): () => Promise<WebhookReceiver> {
  const started: WebhookReceiver[] = [];
  afterAll(() => Promise.all(started.map((r) => r.stop())));
  return async () => {
    const receiver = await new WebhookReceiver().start();
    started.push(receiver);
    return receiver;
  };
}

/** Polls `probe` until it returns a truthy value or `ms` pass. */
export async function eventually<T>(probe: () => Promise<T> | T, ms = 10_000, what = 'condition'): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
