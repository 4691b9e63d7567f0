import { Page } from 'playwright-core';
import { Browser, buildConsole, describeInBrowser, openBrowser } from './support/browser';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/** The console's macro picker, views with live counts and bulk actions, and merge (SPEC 7.4), in a real Chromium. */

describeInBrowser('console: macros, views, bulk, merge', () => {
  // A database of its own: another suite's outbox dispatcher would deliver this suite's events to its own sockets.
  const { app, factories, desk, tickets: helpers } = useTestApp({ beforeStart: buildConsole, ownDatabase: true });
  let admin: Person;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    admin = await factories.admin();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });

  async function signedIn(person: Person, hash: string): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    const { page } = opened;
    await page.goto(`${app.url}/console/`);
    await page.getByRole('heading', { name: 'MM Support Console' }).waitFor();
    await page.getByLabel('Email').fill(person.user.email);
    await page.getByLabel('Password').fill(person.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    await page.goto(`${app.url}/console/${hash}`);
    return page;
  }

  it('the macro picker finds a macro by title, previews it in the customer\'s French, and sends it', async () => {
    const agent = await factories.agent({ name: 'Alex Agent' });
    const customer = await factories.customer({ name: 'Zoé Martin', locale: 'fr' });
    const ticketId = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
    const ticketNumber = (await helpers.ticket(ticketId)).ticketNumber;
    const created = await app.http.post(
      '/api/desk/macros',
      { title: 'Apology', visibility: 'shared', body: 'Sorry {{customer.firstName}}, {{ticket.number}} is on us.', translations: { fr: 'Désolés {{customer.firstName}}, {{ticket.number}} est pour nous. {{agent.name}}' } },
      { token: admin.token },
    );
    expect(created.status).toBe(201);

    const page = await signedIn(agent, `#/tickets/${ticketId}`);
    await page.getByText('Macros', { exact: true }).click();
    await page.getByLabel('Search macros').fill('apolo');
    await page.getByRole('button', { name: 'Apology' }).click();
    const french = `Désolés Zoé, ${ticketNumber} est pour nous. Alex Agent`;
    await page.getByTestId('macro-preview').filter({ hasText: french }).waitFor();
    await page.getByRole('button', { name: 'Apply macro' }).click();
    await page.getByTestId('conversation').getByText(french).waitFor();
    const read = await app.http.get(`/api/support-tickets/${ticketId}/messages`, { token: customer.token });
    expect(read.body.data.map((m: { message: string }) => m.message)).toEqual([french]);
  });

  it('views show live counts; selected rows change in bulk and a refused ticket is reported', async () => {
    const agent = await factories.agent();
    const customer = await factories.customer();
    const working = await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
    const resolved = await desk.resolved(await desk.createTicket(customer, 'helpdesk'), agent);
    const view = await app.http.post('/api/desk/views', { name: 'My tickets', visibility: 'personal', filters: { assignee: 'me' } }, { token: agent.token });
    expect(view.status).toBe(201);

    const page = await signedIn(agent, '#/views');
    await page.getByTestId(`view-count-${view.body.id}`).filter({ hasText: /^2$/ }).waitFor();
    await page.getByRole('button', { name: 'My tickets' }).click();
    await page.getByTestId('view-rows').locator('tr').nth(1).waitFor();
    await page.getByLabel('Select all').check();
    await page.getByLabel('Status').selectOption('on_hold');
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await page.getByText('1 of 2 tickets changed').waitFor();
    await page.getByLabel('Not changed').getByText(`Ticket ${resolved}:`).waitFor();
    expect((await helpers.ticket(working)).status).toBe('on_hold');
    expect((await helpers.ticket(resolved)).status).toBe('resolved');

    // A ticket assigned to the agent elsewhere: the count follows live.
    await desk.assigned(await desk.createTicket(customer, 'helpdesk'), agent);
    await page.getByTestId(`view-count-${view.body.id}`).filter({ hasText: /^3$/ }).waitFor();
  });

  it('a duplicate ticket shows the hint and merges into the original', async () => {
    const agent = await factories.agent();
    const customer = await factories.customer();
    const original = await desk.assigned(await desk.createTicket(customer, 'munch'), agent);
    const orderId = (await helpers.ticket(original)).orderId;
    const duplicate = await desk.assigned(await desk.createTicket(customer, 'munch', { orderId }), agent);
    await desk.sendMessage(duplicate, customer, 'Still waiting for my refund');

    const page = await signedIn(agent, `#/tickets/${duplicate}`);
    await page.getByRole('note').getByText(`ticket ${original}`).waitFor();
    await page.getByRole('button', { name: 'Merge into it' }).click();
    await page.getByRole('status').filter({ hasText: `Merged into ticket ${original}` }).waitFor();
    await page.getByRole('link', { name: `ticket ${original}` }).waitFor();
    expect(await helpers.ticket(duplicate)).toMatchObject({ status: 'closed', mergedIntoId: original });
    const moved = await app.http.get(`/api/support-tickets/${original}/messages`, { token: customer.token });
    expect(moved.body.data.map((m: { message: string }) => m.message)).toEqual(['Still waiting for my refund']);
  });
});
