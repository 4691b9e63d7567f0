import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { SlaTimersService } from '@mm/sla';
import { Browser, buildConsole, describeInBrowser, openBrowser, screenshot, signIn } from './support/browser';
import { useTestApp } from './support/harness';

const MINUTE = 60_000;

/**
 * Service levels in the console (SPEC 7.2), in a real Chromium against the
 * real app: the admin's calendars and policies screen, and each ticket's
 * clocks (time left, breached in red, paused), refreshed live by
 * `support:sla_breached`.
 */

describeInBrowser('console: service levels in a real browser', () => {
  // A database of its own: its policies must not reach other suites' tickets.
  const { app, factories } = useTestApp({ beforeStart: buildConsole, ownDatabase: true });
  const browsers: Browser[] = [];

  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });

  async function browser(): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    return opened.page;
  }

  const live = (page: Page) => page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

  it('an admin manages calendars and policies on their own screen; bad input says why', async () => {
    const admin = await factories.admin();
    const page = await browser();
    await signIn(page, app.url, admin);
    await page.getByRole('link', { name: 'Service levels' }).click();
    await page.getByRole('heading', { name: 'Business calendars' }).waitFor();
    await page.getByTestId('calendars').getByText('Around the clock').waitFor();

    const calendarForm = page.getByRole('form', { name: 'New calendar' });
    await calendarForm.getByLabel('Name').fill('Mars office');
    await calendarForm.getByLabel('Timezone (IANA)').fill('Mars/Olympus');
    await calendarForm.getByRole('button', { name: 'Create calendar' }).click();
    await calendarForm.getByRole('alert').filter({ hasText: 'Mars/Olympus' }).waitFor();

    await calendarForm.getByLabel('Name').fill('Paris office');
    await calendarForm.getByLabel('Timezone (IANA)').fill('Europe/Paris');
    await calendarForm.getByLabel('Holidays (YYYY-MM-DD, separated by commas)').fill('2026-12-25');
    await calendarForm.getByRole('button', { name: 'Create calendar' }).click();
    await page.getByTestId('calendars').getByText('Paris office').waitFor();
    await page.getByTestId('calendars').getByText(/Europe\/Paris · Mon 09:00-18:00, Tue .* holidays 2026-12-25/).waitFor();

    const policyForm = page.getByRole('form', { name: 'New policy' });
    await policyForm.getByLabel('Name').fill('Billing, quick');
    await policyForm.getByLabel('Categories (any when empty)').fill('billing');
    await policyForm.getByLabel('Calendar').selectOption({ label: 'Paris office' });
    await policyForm.getByLabel('On breach').selectOption('escalate');
    await policyForm.getByLabel('Medium first reply minutes').fill('30');
    await policyForm.getByLabel('Medium resolution minutes').fill('240');
    await policyForm.getByRole('button', { name: 'Create policy' }).click();
    const policies = page.getByTestId('sla-policies');
    await policies.getByText('1. Billing, quick').waitFor();
    await policies.getByText(/categories Billing · Paris office · medium: first reply 30 min, resolution 240 min · on breach: escalate/).waitFor();
    await screenshot(page, 'sla-admin');

    const stored = (await app.http.get('/api/desk/sla-policies', { token: admin.token })).body.data;
    const calendars = (await app.http.get('/api/desk/calendars', { token: admin.token })).body.data;
    const paris = calendars.find((c: { name: string }) => c.name === 'Paris office');
    expect(paris).toMatchObject({ timezone: 'Europe/Paris', holidays: ['2026-12-25'], weeklyHours: expect.arrayContaining([{ day: 1, start: '09:00', end: '18:00' }]) });
    expect(paris.weeklyHours).toHaveLength(5);
    expect(stored).toEqual([
      expect.objectContaining({ name: 'Billing, quick', match: { categories: ['billing'] }, calendarId: paris.id, targets: { medium: { firstReplyMinutes: 30, resolutionMinutes: 240 } }, breachAction: 'escalate', active: true }),
    ]);

    // A calendar in use cannot go; deactivating and deleting the policy work, and the list follows.
    await page.getByRole('button', { name: 'Delete calendar Paris office' }).click();
    await page.getByRole('alert').filter({ hasText: 'calendar is used by policy' }).waitFor();
    await policies.getByRole('button', { name: 'Deactivate' }).click();
    await policies.getByText('Inactive').waitFor();
    expect((await app.http.get('/api/desk/sla-policies', { token: admin.token })).body.data[0].active).toBe(false);
    await page.getByRole('button', { name: 'Delete policy Billing, quick' }).click();
    await page.getByText('No policies yet: tickets have no service-level clocks.').waitFor();
    await page.getByRole('button', { name: 'Delete calendar Paris office' }).click();
    await page.getByRole('status').filter({ hasText: 'Calendar Paris office deleted' }).waitFor();
    expect((await app.http.get('/api/desk/calendars', { token: admin.token })).body.data.map((c: { name: string }) => c.name)).toEqual(['Around the clock']);
  });

  it("shows a ticket's clocks: time left, then breached in red without a reload, then paused on hold", async () => {
    const admin = await factories.admin();
    const customer = await factories.customer();
    const aroundTheClock = (await app.http.get('/api/desk/calendars', { token: admin.token })).body.data[0].id;
    const policy = await app.http.post(
      '/api/desk/sla-policies',
      { name: 'Technical', position: 1, match: { categories: ['technical'] }, calendarId: aroundTheClock, targets: { medium: { firstReplyMinutes: 30, resolutionMinutes: 480 } }, breachAction: 'notify' },
      { token: admin.token },
    );
    expect(policy.status).toBe(201);
    const created = await app.http.post('/api/support-tickets', { subject: 'App crashes', description: 'The app crashes at checkout', category: 'technical', priority: 'medium' }, { token: customer.token });
    expect(created.status).toBe(201);
    const ticketId = Number(created.body.data.id);
    const [row] = await app.running.app.get(DataSource).query('SELECT created_at FROM tickets WHERE id = $1', [ticketId]);

    const page = await browser();
    await signIn(page, app.url, admin);
    await live(page);
    await page.goto(`${app.url}/console/#/tickets/${ticketId}`);
    const clocks = page.getByTestId('sla-clocks');
    await clocks.getByText('Technical').waitFor();
    await clocks.getByTestId('sla-first_reply').filter({ hasText: /First reply: (29|30) min left/ }).waitFor();
    await clocks.getByTestId('sla-resolution').filter({ hasText: /Resolution: (7 h 59 min|8 h) left/ }).waitFor();
    expect(await clocks.locator('.sla-breached').count()).toBe(0);

    // The due time passes (on the test's clock): the breach arrives live and the clock turns red.
    await app.running.app.get(SlaTimersService).fireDue(new Date(row.created_at.getTime() + 31 * MINUTE));
    const breached = clocks.getByTestId('sla-first_reply').filter({ hasText: /First reply: breached/ });
    await breached.waitFor();
    expect(await breached.getAttribute('class')).toBe('sla-breached');
    const colour = await breached.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
    expect(colour).toBe('rgb(180, 35, 24)'); // --danger
    await page.getByTestId('history').getByText(/Service level breached: First Reply was due/).waitFor();
    await screenshot(page, 'sla-clocks');

    // On hold, the clocks stand still.
    for (const status of ['In Progress', 'On Hold']) expect((await app.http.put(`/api/support/tickets/${ticketId}/update-status/`, { status }, { token: admin.token })).status).toBe(200);
    await clocks.getByTestId('sla-paused').waitFor();
    expect(await clocks.getByTestId('sla-resolution').count()).toBe(0); // no due time while it stands still
  });
});
