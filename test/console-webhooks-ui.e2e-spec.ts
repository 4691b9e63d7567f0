import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Browser, buildConsole, describeInBrowser, openBrowser, signIn } from './support/browser';
import { Person } from './support/factories';
import { Desk } from './support/desk';
import { useTestApp } from './support/harness';
import { eventually, WebhookReceiver } from './support/webhook-receiver';


/** The console's webhook screens (SPEC 7.6) in a real Chromium: endpoints and their delivery log, against a receiver on 127.0.0.1. */
describeInBrowser('console: webhooks', () => {
  const { app, factories } = useTestApp({ beforeStart: buildConsole, ownDatabase: true, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_SCHEDULE_MS: '600000' } });
  let admin: Person;
  let receiver: WebhookReceiver;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    admin = await factories.admin();
    receiver = await new WebhookReceiver().start();
  }, 120_000);
  // Each test's browsers close before the harness stops the app (a page still polling would hold the close).
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  async function signedIn(person: Person): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    const page = opened.page;
    await signIn(page, app.url, person);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhook endpoints' }).waitFor();
    return page;
  }

  it('creates an endpoint showing its secret once, rotates it, pauses it, and retries a failed delivery from the log', async () => {
    const page = await signedIn(admin);
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('Description').fill('Partner CRM');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = page.getByTestId('webhook-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.locator('code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    const [endpoint] = (await app.http.get('/api/desk/webhooks', { token: admin.token })).body.data;
    expect(endpoint).toMatchObject({ url: receiver.url, events: ['ticket.created'], description: 'Partner CRM', active: true });

    // Shown once: after a reload it is gone.
    await page.reload();
    await page.getByTestId(`webhook-${endpoint.id}`).waitFor();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    const row = page.getByTestId(`webhook-${endpoint.id}`);
    await row.getByRole('button', { name: 'Rotate secret' }).click();
    await secretBox.waitFor();
    const rotated = (await secretBox.locator('code').textContent())!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await row.getByText('the previous secret signs until').waitFor();

    // A failing receiver: the log shows the failure; once it recovers, Retry delivers.
    let fail = true;
    receiver.respond = (_, res) => (fail ? res.writeHead(500).end() : res.writeHead(200).end());
    const ticketId = await new Desk(app, factories).createTicket(await factories.customer());
    await eventually(() => receiver.about(ticketId).length === 1);
    await row.getByRole('button', { name: 'Delivery log' }).click();
    const log = page.getByTestId('webhook-deliveries');
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return (await log.textContent().catch(() => ''))?.includes('HTTP 500');
    });
    fail = false;
    await log.getByRole('button', { name: 'Retry' }).first().click();
    await eventually(() => receiver.about(ticketId).length === 2);
    expect(receiver.about(ticketId)[1].headers['webhook-id']).toBe(receiver.about(ticketId)[0].headers['webhook-id']);
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return (await log.textContent())?.includes('succeeded');
    });

    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('paused', { exact: true }).waitFor();
    expect((await app.http.get(`/api/desk/webhooks/${endpoint.id}`, { token: admin.token })).body.active).toBe(false);
    await row.getByRole('button', { name: 'Turn on' }).waitFor();
  }, 60_000);

  it('offers every event type, and shows an endpoint disabled for failing as a live notification the admin marks read', async () => {
    const page = await signedIn(admin);
    const events = page.getByRole('group', { name: 'Events' });
    for (const type of ['ticket.merged', 'feedback.created', 'ticket.sla_breached']) await events.getByLabel(type, { exact: true }).waitFor();
    const unread = page.getByTestId('notifications-unread');
    expect(await unread.textContent()).toBe('0');

    const failing = await new WebhookReceiver().start();
    try {
      failing.respond = (_, res) => res.writeHead(500).end();
      const created = await app.http.post('/api/desk/webhooks', { url: failing.url, events: ['ticket.created'] }, { token: admin.token });
      // Failing for the whole window already: its next failure disables it.
      await app.running.app.get(DataSource).query(`UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = $1`, [created.body.id]);
      await new Desk(app, factories).createTicket(await factories.customer());

      await page.getByTestId('notifications-unread').filter({ hasText: '1' }).waitFor({ timeout: 15_000 });
      await page.getByTestId('notifications').locator('summary').click();
      const [stored] = (await app.http.get('/api/notifications', { token: admin.token })).body.data;
      const item = page.getByTestId(`notification-${stored.id}`);
      await item.getByText('Webhook endpoint disabled').waitFor();
      expect(await item.textContent()).toContain(failing.url);
      await item.getByRole('button', { name: 'Mark read' }).click();
      await page.getByTestId('notifications-unread').filter({ hasText: '0' }).waitFor();
      expect((await app.http.get('/api/notifications?unread=true', { token: admin.token })).body.data).toEqual([]);
    } finally {
      await failing.stop();
    }
  }, 60_000);

  it('is not offered to agents', async () => {
    const agent = await factories.agent();
    const opened = await openBrowser();
    browsers.push(opened);
    await signIn(opened.page, app.url, agent);
    await opened.page.getByRole('link', { name: 'Queue' }).waitFor();
    expect(await opened.page.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
  }, 30_000);
});
