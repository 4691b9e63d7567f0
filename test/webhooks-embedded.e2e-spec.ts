import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { ServiceProcess, startServiceProcess } from './support/service-process';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

/** Webhooks and the export on the embedded default (PGlite: one connection for the app, the outbox and the job queue). */
describe('webhooks and export on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mm-webhooks-'));
  let service: ServiceProcess;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    service = await startServiceProcess({
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: 'root password long',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE_MS: '200',
    });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await receiver?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a signed webhook after a retry, and exports the ticket', async () => {
    const admin = (await service.http.post('/api/auth/login', { email: 'root@example.com', password: 'root password long' })).body.accessToken;
    const customer = (await service.http.post('/api/auth/register', { email: 'jane@example.com', password: 'correct horse battery', name: 'Jane Doe' })).body.accessToken;
    let calls = 0;
    receiver.respond = (_, res) => res.writeHead(++calls === 1 ? 500 : 200).end();
    const created = await service.http.post('/api/desk/webhooks', { url: receiver.url, events: ['ticket.created'] }, { token: admin });
    expect(created.status).toBe(201);
    const ticket = await service.http.post('/api/support-tickets', { subject: 'Wrong product', description: 'I received the wrong product in my order.' }, { token: customer });
    const ticketId = ticket.body.data.id;
    const hooks = await eventually(() => (receiver.about(ticketId).length >= 2 ? receiver.about(ticketId) : null), 20_000, 'two attempts');
    expect(new Webhook(created.body.secret).verify(hooks[1].body, hooks[1].headers)).toMatchObject({ type: 'ticket.created', data: { id: ticketId } });

    const exported = await service.http.get('/api/desk/export/tickets?limit=100', { token: admin });
    expect(exported.status).toBe(200);
    expect(exported.body.data.map((t: { id: number }) => t.id)).toEqual([ticketId]);
    expect(exported.body.endOfStream).toBe(true);
  }, 60_000);
});
