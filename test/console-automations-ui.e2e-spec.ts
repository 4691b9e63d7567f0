import { Page } from 'playwright-core';
import { Browser, buildConsole, describeInBrowser, openBrowser, signIn } from './support/browser';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/** The console's automation screens (SPEC 7.5) in a real Chromium: create with choices, edit, reorder with arrows, dry run, switch off. */
describeInBrowser('console: automations', () => {
  const { app, factories } = useTestApp({ beforeStart: buildConsole, ownDatabase: true });
  let admin: Person;
  let customer: Person;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    admin = await factories.admin();
    customer = await factories.customer();
  }, 120_000);
  // Each test's browsers close before the harness stops the app (a page still polling would hold the close).
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });

  async function signedIn(person: Person): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    const page = opened.page;
    await signIn(page, app.url, person);
    await page.getByRole('link', { name: 'Automations' }).click();
    await page.getByRole('heading', { name: 'Automations' }).waitFor();
    return page;
  }
  const stored = async () => (await app.http.get('/api/desk/automations', { token: admin.token })).body.data as Array<{ id: number; name: string; position: number; active: boolean; on: string; conditions: unknown; actions: unknown }>;

  it('creates an automation from choices, edits it, reorders, tests it on a ticket and switches it off', async () => {
    const page = await signedIn(admin);

    // Create: fields, operators and values are select choices.
    await page.getByRole('button', { name: 'New automation' }).click();
    const form = page.getByRole('form', { name: 'Automation' });
    await form.getByLabel('Name').fill('Billing goes urgent');
    await form.getByLabel('Runs on').selectOption('ticket.created');
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByLabel('Condition 1 field').selectOption('category');
    expect(await form.getByLabel('Condition 1 operator').locator('option').allTextContents()).toEqual(['eq', 'neq', 'in', 'not_in']);
    await form.getByLabel('Condition 1 value').selectOption('billing');
    await form.getByLabel('Action 1', { exact: true }).selectOption('set_priority');
    await form.getByLabel('Action 1 value').selectOption('urgent');
    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByLabel('Action 2', { exact: true }).selectOption('add_tags');
    await form.getByLabel('Action 2 value').fill('money, vip');
    await form.getByRole('button', { name: 'Save automation' }).click();
    await page.getByText('Billing goes urgent').waitFor();
    let [first] = await stored();
    expect(first).toMatchObject({ name: 'Billing goes urgent', on: 'ticket.created', active: true, conditions: { all: [{ field: 'category', op: 'eq', value: 'billing' }] }, actions: [{ type: 'set_priority', value: 'urgent' }, { type: 'add_tags', value: ['money', 'vip'] }] });

    // A second one; time fields are offered only for time automations.
    await page.getByRole('button', { name: 'New automation' }).click();
    await form.getByLabel('Name').fill('Close resolved');
    await form.getByRole('button', { name: 'Add condition' }).click();
    expect(await form.getByLabel('Condition 1 field').locator('option').allTextContents()).not.toContain('minutesSinceStatusChange');
    await form.getByLabel('Runs on').selectOption('time');
    await form.getByLabel('Condition 1 value').selectOption('resolved');
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByLabel('Condition 2 field').selectOption('minutesSinceStatusChange');
    expect(await form.getByLabel('Condition 2 operator').locator('option').allTextContents()).toEqual(['gte', 'lte']);
    await form.getByLabel('Condition 2 value').fill('4320');
    await form.getByLabel('Action 1', { exact: true }).selectOption('set_status');
    await form.getByLabel('Action 1 value').selectOption('closed');
    await form.getByRole('button', { name: 'Save automation' }).click();
    await page.getByText('Close resolved').waitFor();
    const second = (await stored()).find((a) => a.name === 'Close resolved')!;
    expect(second).toMatchObject({ on: 'time', conditions: { all: [{ field: 'status', op: 'eq', value: 'resolved' }, { field: 'minutesSinceStatusChange', op: 'gte', value: 4320 }] }, actions: [{ type: 'set_status', value: 'closed' }] });
    expect(second.position).toBeGreaterThan(first.position);

    // Reorder with the arrows.
    await page.getByRole('button', { name: 'Move Close resolved up' }).click();
    await page.getByText('Order saved').waitFor();
    expect((await stored()).map((a) => a.name)).toEqual(['Close resolved', 'Billing goes urgent']);
    await page.getByRole('button', { name: 'Move Close resolved down' }).click();
    await page.getByText('Order saved').waitFor();
    expect((await stored()).map((a) => a.name)).toEqual(['Billing goes urgent', 'Close resolved']);

    // Edit: the stored values are shown; the change is saved.
    await page.getByTestId(`automation-${first.id}`).getByRole('button', { name: 'Edit' }).click();
    expect(await form.getByLabel('Name').inputValue()).toBe('Billing goes urgent');
    await form.getByLabel('Condition 1 operator').selectOption('in');
    await form.getByLabel('Condition 1 value').fill('billing, account');
    await form.getByRole('button', { name: 'Save automation' }).click();
    await page.getByRole('heading', { name: 'Edit Billing goes urgent' }).waitFor({ state: 'detached' });
    [first] = await stored();
    expect(first.conditions).toEqual({ all: [{ field: 'category', op: 'in', value: ['billing', 'account'] }] });

    // Switch off.
    await page.getByTestId(`automation-${first.id}`).getByRole('button', { name: 'Switch off' }).click();
    await page.getByTestId(`automation-${first.id}`).getByRole('button', { name: 'Switch on' }).waitFor();
    expect((await stored()).find((a) => a.id === first.id)!.active).toBe(false);

    // Dry run (of the switched-off automation) on a ticket: answers, changes nothing.
    const created = await app.http.post('/api/support-tickets', { subject: 'Refund', description: 'Charged twice', category: 'account' }, { token: customer.token });
    const ticketId = Number(created.body.data.id);
    const before = (await app.http.get(`/api/desk/tickets/${ticketId}`, { token: admin.token })).body;
    await page.getByTestId(`automation-${first.id}`).getByRole('button', { name: 'Test' }).click();
    await page.getByLabel('Ticket id').fill(String(ticketId));
    await page.getByRole('button', { name: 'Run test' }).click();
    const result = page.getByTestId('dry-run-result');
    await result.waitFor();
    const text = (await result.textContent())!;
    expect(text).toContain('The conditions match');
    expect(text).toContain('set_priority: done — medium → urgent');
    expect(text).toContain('add_tags: done — + money, vip');
    const after = (await app.http.get(`/api/desk/tickets/${ticketId}`, { token: admin.token })).body;
    expect(after.version).toBe(before.version);

  }, 90_000);

  it('shows the server\'s refusal and is not offered to agents', async () => {
    const page = await signedIn(admin);
    await page.getByRole('button', { name: 'New automation' }).click();
    const form = page.getByRole('form', { name: 'Automation' });
    await form.getByLabel('Name').fill('No agent');
    await form.getByLabel('Action 1', { exact: true }).selectOption('assign');
    await form.getByLabel('Action 1 value').fill('999999');
    await form.getByRole('button', { name: 'Save automation' }).click();
    await form.getByText('no approved, active agent 999999').waitFor();

    const agent = await factories.agent();
    const opened = await openBrowser();
    browsers.push(opened);
    await signIn(opened.page, app.url, agent);
    await opened.page.getByRole('link', { name: 'Queue' }).waitFor();
    expect(await opened.page.getByRole('link', { name: 'Automations' }).count()).toBe(0);
  }, 60_000);
});
