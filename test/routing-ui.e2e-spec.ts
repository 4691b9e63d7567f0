import { Page } from 'playwright-core';
import { Browser, buildConsole, describeInBrowser, openBrowser, signIn } from './support/browser';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/**
 * Routing in the console (SPEC 7.3) in a real Chromium: the agent's
 * availability switch, the admin's routing screen, and the faces of the other
 * staff viewing or typing on a ticket.
 */

describeInBrowser('routing in the console', () => {
  const { app, factories } = useTestApp({ beforeStart: buildConsole, ownDatabase: true });
  let admin: Person;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    admin = await factories.admin();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });

  async function signedIn(person: Person, hash = ''): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    const { page } = opened;
    await signIn(page, app.url, person);
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    if (hash) await page.goto(`${app.url}/console/${hash}`);
    return page;
  }
  const agentRow = (page: Page, agent: Person) => page.getByTestId(`routing-agent-${agent.user.id}`);
  const listed = async (agent: Person) => (await app.http.get('/api/desk/agents?limit=100', { token: admin.token })).body.data.find((a: { id: number }) => a.id === agent.user.id);

  it('an agent switches availability; the admin sees it live and manages the mode and profiles', async () => {
    const agent = await factories.agent();
    const adminPage = await signedIn(admin, '#/admin');
    const row = agentRow(adminPage, agent);
    await row.getByText('Offline').waitFor();

    const agentPage = await signedIn(agent);
    const availability = agentPage.getByLabel('Availability');
    expect(await availability.inputValue()).toBe('offline');
    await availability.selectOption('online');
    await row.getByText('Online').waitFor(); // pushed to the admin's screen
    expect(await listed(agent)).toMatchObject({ status: 'online' });
    await agentPage.reload();
    await agentPage.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    await expect_(async () => expect(await agentPage.getByLabel('Availability').inputValue()).toBe('online'));

    await adminPage.getByLabel('Routing mode').selectOption('least_loaded');
    await adminPage.getByText('Routing mode: Least loaded').waitFor();
    expect((await app.http.get('/api/desk/routing', { token: admin.token })).body).toEqual({ mode: 'least_loaded' });

    await row.getByLabel(`Capacity of ${agent.user.name}`).fill('4');
    await row.getByLabel(`Locales of ${agent.user.name}`).fill('fr, es');
    await row.getByLabel(`Origins of ${agent.user.name}`).fill('mtables');
    await row.getByRole('button', { name: `Save the routing profile of ${agent.user.name}` }).click();
    await row.getByText('Saved').waitFor();
    expect(await listed(agent)).toMatchObject({ capacity: 4, skills: { origins: ['mtables'], locales: ['fr', 'es'] } });

    // Bad input: the field errors are shown, nothing changes.
    await row.getByLabel(`Capacity of ${agent.user.name}`).fill('2000');
    await row.getByLabel(`Locales of ${agent.user.name}`).fill('de');
    await row.getByRole('button', { name: `Save the routing profile of ${agent.user.name}` }).click();
    await row.getByRole('alert').filter({ hasText: 'capacity must be an integer from 0 to 1000' }).waitFor();
    expect(await row.getByRole('alert').textContent()).toContain('unknown locales: de');
    expect(await listed(agent)).toMatchObject({ capacity: 4, skills: { origins: ['mtables'], locales: ['fr', 'es'] } });
  }, 60_000);

  it('shows the faces of the other staff viewing a ticket, who is typing, and drops them when they leave', async () => {
    const customer = await factories.customer();
    const agent = await factories.agent({ name: 'Camille Durand' });
    const res = await app.http.post('/api/support-tickets', { subject: 'Table booking', description: 'My booking in Paris vanished', category: 'order' }, { token: customer.token });
    const ticketId = res.body.data.id;

    const adminPage = await signedIn(admin, `#/tickets/${ticketId}`);
    await adminPage.getByRole('heading', { level: 1 }).waitFor();
    expect(await adminPage.getByTestId('ticket-viewers').count()).toBe(0); // alone

    const agentPage = await signedIn(agent, `#/tickets/${ticketId}`);
    const faces = adminPage.getByTestId('ticket-viewers');
    await faces.getByText('CD').waitFor();
    expect(await faces.locator('.face').getAttribute('title')).toBe('Camille Durand is viewing');
    await agentPage.getByTestId('ticket-viewers').getByText(admin.user.name).waitFor({ state: 'attached' }); // the agent sees the admin too

    await agentPage.getByLabel('Reply to the customer').fill('Bonjour, I am looking into it');
    await faces.getByText('Camille is typing…').waitFor();
    await faces.getByText('Camille is typing…').waitFor({ state: 'detached', timeout: 10_000 }); // idle for 3 s: no longer typing

    await agentPage.goto(`${app.url}/console/#/queue`);
    await faces.waitFor({ state: 'detached' });
  }, 60_000);
});

/** Retries an assertion for a few seconds (the page settles after a reload). */
async function expect_(assertion: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
