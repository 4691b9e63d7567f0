import { DataSource } from 'typeorm';
import { useTestApp } from './support/harness';
import { startTestApp } from './support/test-app';

describe('platform: HTTP, health, Swagger, errors', () => {
  const { app } = useTestApp();

  it('answers liveness and readiness', async () => {
    const live = await app.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await app.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.database.status).toBe('up');
  });

  it('serves Swagger UI and the OpenAPI JSON with bearer auth and one tag per surface', async () => {
    const ui = await app.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
    const json = await app.http.get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const tags = json.body.tags.map((t: { name: string }) => t.name);
    expect(tags).toEqual(expect.arrayContaining(['munch', 'mtxi', 'mtables', 'helpdesk', 'console']));
  });

  it('runs a repeated statement as a prepared statement of its connection, and several statements in one text unnamed', async () => {
    const runner = app.running.app.get(DataSource).createQueryRunner();
    try {
      const text = 'SELECT $1::int * 2 AS doubled /* prepared-statement test */';
      const answers = [];
      for (const n of [1, 2, 3]) answers.push(((await runner.query(text, [n])) as { doubled: number }[])[0].doubled);
      expect(answers).toEqual([2, 4, 6]);
      const plain = 'SELECT 3 AS plain /* parameterless test */';
      for (let run = 0; run < 2; run++) expect(await runner.query(plain)).toEqual([{ plain: 3 }]);
      const several = 'SELECT 1 AS one /* unnamed test */; SELECT 2 AS two';
      // Prepared, its second run would fail: "cannot insert multiple commands into a prepared statement".
      for (let run = 0; run < 2; run++) await runner.query(several);
      const prepared = (await runner.query('SELECT name, statement FROM pg_prepared_statements')) as { name: string; statement: string }[];
      expect(prepared.filter((p) => p.statement === text)).toEqual([{ name: expect.stringMatching(/^mm_\d+$/), statement: text }]);
      expect(prepared.filter((p) => p.statement === plain)).toEqual([{ name: expect.stringMatching(/^mm_\d+$/), statement: plain }]);
      expect(prepared.some((p) => p.statement.includes('unnamed test'))).toBe(false);
    } finally {
      await runner.release();
    }
  });

  it('echoes an incoming x-request-id and generates one otherwise', async () => {
    const echoed = await app.http.get('/health/live', { headers: { 'x-request-id': 'trace-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-42');
    const generated = await app.http.get('/health/live');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses malformed JSON with 400 and a clear message, never 500', async () => {
    const res = await app.http.post('/health/live', undefined, { raw: '{"orderId": 1,' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: "Body is not valid JSON but content-type is set to 'application/json'" });
  });

  it('refuses a body over 1 MiB with 413 and a clear message', async () => {
    const res = await app.http.post('/health/live', undefined, { raw: JSON.stringify({ text: 'a'.repeat(1024 * 1024 + 10) }) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'Request body is larger than the limit of 1048576 bytes' });
  });

  it('leads / to the console (the Swagger UI when the console is not built)', async () => {
    const response = await fetch(`${app.url}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(['/console', '/docs']).toContain(response.headers.get('location'));
  });

  it('answers an unknown route with 404 in JSON', async () => {
    const res = await app.http.get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body.error).toContain('Cannot GET /no/such/route');
  });

  it('sets security headers', async () => {
    const res = await app.http.get('/health/live');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('database schema', () => {
  it('matches the entities exactly: every entity change has a committed migration', async () => {
    const app = await startTestApp();
    try {
      const dataSource = app.running.app.get(DataSource);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q: { query: string }) => q.query)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
