import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startServiceProcess, ServiceProcess } from './support/service-process';
import { describeWithPostgres, ownDatabase } from './support/socket';

interface ReceivedSpan {
  name: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

/**
 * Tracing (SPEC 7.7): the real service, in its own process (the instrumentations
 * hook http and pg at start-up), exports spans of HTTP requests, database queries
 * and outbox deliveries to an OTLP/HTTP receiver this test runs.
 */
describeWithPostgres('OpenTelemetry tracing', () => {
  let db: { url: string; drop(): Promise<void> };
  let receiver: Server;
  let service: ServiceProcess | undefined;
  const spans: ReceivedSpan[] = [];
  const paths: string[] = [];

  beforeAll(async () => {
    db = await ownDatabase();
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        paths.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
        const parsed = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: ReceivedSpan[] }> }> };
        for (const resource of parsed.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await service?.stop('SIGKILL');
    await new Promise((resolve) => receiver?.close(resolve));
    await db?.drop();
  });

  const named = (test: (name: string) => boolean) => spans.filter((span) => test(span.name));
  async function until(done: () => boolean): Promise<void> {
    for (const deadline = Date.now() + 15_000; !done() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  it('exports spans of an HTTP request, its database queries and the outbox delivery of its event', async () => {
    const { port } = receiver.address() as AddressInfo;
    service = await startServiceProcess({ DATABASE_URL: db.url, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '100', RATE_LIMIT_ENABLED: 'false' });
    const registered = await service.http.post('/api/auth/register', { email: 'traced@example.test', password: 'correct horse battery', name: 'Traced Customer' });
    expect(registered.status).toBe(201);
    const created = await service.http.post(
      '/api/support-tickets',
      { subject: 'Charged twice', description: 'My card was charged twice', category: 'billing', priority: 'medium' },
      { token: registered.body.accessToken },
    );
    expect(created.status).toBe(201);
    expect((await service.http.get('/health/live')).status).toBe(200);

    await until(() => named((name) => name === 'outbox.deliver').length > 0 && named((name) => name.startsWith('POST')).length >= 2);
    expect(paths[0]).toMatch(/^POST \/v1\/traces application\/json/);
    const httpSpans = named((name) => name.startsWith('POST'));
    expect(httpSpans.length).toBeGreaterThanOrEqual(2);
    const targets = httpSpans.flatMap((span) => span.attributes.filter((a) => a.key === 'http.target' || a.key === 'url.path').map((a) => a.value.stringValue));
    expect(targets).toEqual(expect.arrayContaining(['/api/auth/register', '/api/support-tickets']));
    expect(named((name) => name.startsWith('pg.query')).length).toBeGreaterThan(0);
    expect(named((name) => name === 'outbox.deliver').length).toBeGreaterThan(0);
    expect(targets).not.toContain('/health/live'); // probes are not traced
  });
});
