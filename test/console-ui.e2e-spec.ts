import { Locator, Page, WebSocketRoute } from 'playwright-core';
import { DataSource } from 'typeorm';
import { User } from '@mm/auth';
import { SlaTimersService } from '@mm/sla';
import { Ticket } from '@mm/ticket';
import { PAGE_SIZE } from '../apps/console/src/paging';
import { Browser, buildConsole, describeInBrowser, openBrowser, PHONE, screenshot, signIn, TABLET } from './support/browser';
import { Person } from './support/factories';
import { useTestApp } from './support/harness';

/**
 * The agent and admin console (apps/console) in a real Chromium, against the
 * real app and database: what an agent sees live, what they do to a ticket,
 * and what the customer's side of the API shows afterwards.
 */

describeInBrowser('console in a real browser', () => {
  // A database of its own: another suite's outbox dispatcher would deliver this suite's events to its own sockets.
  const { app, factories } = useTestApp({ beforeStart: buildConsole, ownDatabase: true });
  const browsers: Browser[] = [];

  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });

  async function browser(viewport?: { width: number; height: number }): Promise<Page> {
    const opened = await openBrowser(viewport);
    browsers.push(opened);
    return opened.page;
  }

  /** Signs in with the keyboard only: the form is reachable and submits with Enter. */

  /** Waits until the rows show these ticket numbers, in this order. */
  async function rowsInOrder(rows: Locator, numbers: string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    let shown: string[] = [];
    while (Date.now() < deadline) {
      shown = await rows.locator('.number').allTextContents();
      if (JSON.stringify(shown) === JSON.stringify(numbers)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(shown).toEqual(numbers);
  }

  const live = (page: Page) => page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

  /** A customer opens an mtxi ticket about one of their rides, through the customer app's API. */
  async function mtxiTicket(customer: Person, description: string): Promise<{ ticketId: number; ticketNumber: string; rideId: number }> {
    const ride = await factories.ride(customer.user.id);
    const res = await app.http.post(
      '/api/customer/mtxi/support',
      { serviceType: 'ride', issueType: 'SERVICE_QUALITY', description, rideId: ride.id },
      { token: customer.token },
    );
    expect(res.status).toBe(200);
    return { ...res.body.data, rideId: ride.id };
  }

  it('an agent sees a new mtxi ticket arrive live, takes it, replies, adds a note and resolves it; the customer sees the reply and never the note', async () => {
    const agent = await factories.agent({ name: 'Alex Agent' });
    const customer = await factories.customer({ name: 'Casey Customer' });
    const page = await browser();

    await page.goto(`${app.url}/console/`);
    await page.getByRole('heading', { name: 'MM Support Console' }).waitFor();
    await screenshot(page, 'login');
    await signIn(page, app.url, agent);
    await page.getByRole('heading', { name: 'My queue' }).waitFor();
    await live(page);
    await page.getByText('No tickets match.').waitFor(); // the queue has been read: what comes next arrives live

    // A customer opens a ticket in the mtxi app: it appears in the queue without a reload.
    const { ticketId, ticketNumber, rideId } = await mtxiTicket(customer, 'The driver took a much longer route than needed.');
    const row = page.locator('tr', { hasText: ticketNumber });
    await row.waitFor();
    expect(await row.textContent()).toContain('Unassigned');
    await page.getByTestId('unread-count').filter({ hasText: '1' }).waitFor(); // the navbar badge follows
    await screenshot(page, 'queue');

    await row.getByRole('button', { name: `Assign ${ticketNumber} to me` }).click();
    await row.getByText('Me', { exact: true }).waitFor();
    await row.getByText('In Progress').waitFor();

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(ticketNumber) }).waitFor();
    await page.getByTestId('unread-count').filter({ hasText: /^0$/ }).waitFor(); // opening it read it
    await page.locator('.details').getByText(`#${rideId} · 123 Main St → 456 Elm St · Completed`, { exact: true }).waitFor(); // the ride
    await page.getByTestId('history').getByText('Assigned to You').waitFor(); // the API's history
    await page.getByTestId('history').getByText('Status Open → In Progress').waitFor();
    expect(await page.getByText('The driver took a much longer route than needed.').count()).toBe(1);

    const reply = 'Sorry about that, Casey. We have refunded the difference.';
    await page.getByLabel('Reply to the customer').fill(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('conversation').getByText(reply).waitFor();
    await page.getByText('Reply sent').waitFor();

    // The customer answers from their app: the message appears in the open ticket live.
    const answer = 'Thank you, that was quick!';
    expect((await app.http.post(`/api/support-tickets/${ticketId}/messages`, { message: answer }, { token: customer.token })).status).toBe(201);
    await page.getByTestId('conversation').getByText(answer).waitFor();

    const note = 'Driver flagged for route review (internal).';
    await page.getByLabel('Add an internal note').fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('notes').getByText(note).waitFor();
    expect(await page.getByTestId('conversation').textContent()).not.toContain(note);
    await screenshot(page, 'ticket');

    await page.getByRole('combobox', { name: 'Status' }).selectOption('resolved');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Status changed to Resolved').waitFor();
    await page.locator('.ticket-head').getByText('Resolved').waitFor();
    await page.getByTestId('history').getByText('Status In Progress → Resolved').waitFor();
    expect(await page.getByTestId('history').textContent()).not.toContain(note);

    await page.setViewportSize(TABLET); // one column: conversation first, then actions, details, notes, history
    await screenshot(page, 'ticket-tablet');

    // The customer's side of the API: the reply is there, the note is not.
    const messages = await app.http.get(`/api/support-tickets/${ticketId}/messages`, { token: customer.token });
    expect(messages.status).toBe(200);
    expect(messages.body.data.map((m: any) => [m.sender_type, m.message])).toEqual([
      ['admin', reply],
      ['customer', answer],
    ]);
    expect(messages.text).not.toContain(note);
    const details = await app.http.get(`/api/support/tickets/${ticketId}/`, { token: customer.token });
    expect(details.status).toBe(200);
    expect(details.body.ticket).toMatchObject({ id: String(ticketId), status: 'Resolved', agent_id: String(agent.user.id) });
    expect(details.body).not.toHaveProperty('internal_notes');
    expect(details.body).not.toHaveProperty('history');
    expect(details.text).not.toContain(note);
    // …while staff see the note the agent added.
    const staffView = await app.http.get(`/api/support/tickets/${ticketId}/`, { token: agent.token });
    expect(staffView.body.internal_notes).toEqual([expect.objectContaining({ note, agent_id: String(agent.user.id) })]);
  }, 90_000);

  it('the queue says how long each ticket has waited, sorts by its columns and fits a phone', async () => {
    const agent = await factories.agent();
    const word = `sortable${Date.now()}`;
    const older = await mtxiTicket(await factories.customer(), `Older ${word} ticket.`);
    const newer = await mtxiTicket(await factories.customer(), `Newer ${word} ticket.`);
    const tickets = app.running.app.get(DataSource).getRepository(Ticket);
    await tickets.update({ id: older.ticketId }, { createdAt: new Date(Date.now() - (3 * 60 + 5) * 60_000), priority: 'low' });
    await tickets.update({ id: newer.ticketId }, { priority: 'urgent' });

    const page = await browser();
    await signIn(page, app.url, agent);
    await page.getByRole('searchbox', { name: 'Search' }).fill(word);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const rows = page.getByTestId('queue').locator('tbody tr');
    await rowsInOrder(rows, [newer.ticketNumber, older.ticketNumber]); // newest first

    const waited = (ticketNumber: string) => rows.filter({ hasText: ticketNumber }).locator('time.waited');
    expect(await waited(older.ticketNumber).textContent()).toBe('waiting 3 h');
    expect(await waited(older.ticketNumber).getAttribute('title')).toMatch(/^Opened \w+/); // the absolute time on hover
    expect(await waited(newer.ticketNumber).textContent()).toMatch(/^waiting (< 1 min|\d min)$/);

    const sortBy = (column: string) => page.getByTestId('queue').getByRole('button', { name: column, exact: true });
    const sortState = (column: string) => page.getByTestId('queue').getByRole('columnheader', { name: column, exact: true }).getAttribute('aria-sort');
    expect(await sortState('Waiting')).toBe('ascending'); // newest first: the shortest wait first
    await sortBy('Waiting').click(); // longest waiting first
    await rowsInOrder(rows, [older.ticketNumber, newer.ticketNumber]);
    expect(await sortState('Waiting')).toBe('descending');
    await sortBy('Priority').click(); // most urgent first
    await rowsInOrder(rows, [newer.ticketNumber, older.ticketNumber]);
    expect(await sortState('Priority')).toBe('descending');
    expect(await sortState('Waiting')).toBe('none');
    await sortBy('Priority').click();
    await rowsInOrder(rows, [older.ticketNumber, newer.ticketNumber]);
    expect(await sortState('Priority')).toBe('ascending');

    // A phone: every row fits the screen, nothing scrolls sideways, the sort buttons stay.
    await page.setViewportSize(PHONE);
    await rowsInOrder(rows, [older.ticketNumber, newer.ticketNumber]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    for (const ticket of [older, newer]) {
      const row = rows.filter({ hasText: ticket.ticketNumber });
      for (const part of [row.locator('.number'), row.locator('.subject'), row.locator('time.waited'), row.getByRole('button', { name: `Assign ${ticket.ticketNumber} to me` })]) {
        const box = await part.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      }
    }
    expect(await sortBy('Waiting').isVisible()).toBe(true);
    await screenshot(page, 'queue-phone');
  }, 60_000);

  it('the queue shows each ticket\'s tags and service level, and sorts the most urgent (a breached one) first', async () => {
    const admin = await factories.admin();
    const agent = await factories.agent();
    const customer = await factories.customer();
    const as = (who: Person) => ({ token: who.token });
    const calendarId = (await app.http.get('/api/desk/calendars', as(admin))).body.data[0].id;
    // Helpdesk tickets only: the other tests' mtxi tickets keep no service level.
    const policy = await app.http.post(
      '/api/desk/sla-policies',
      { name: 'Helpdesk replies', position: 1, match: { origins: ['helpdesk'] }, calendarId, targets: { low: { firstReplyMinutes: 120 }, medium: { firstReplyMinutes: 60 }, urgent: { firstReplyMinutes: 10 } }, breachAction: 'notify' },
      as(admin),
    );
    expect(policy.status).toBe(201);
    const word = `urgency${Date.now()}`;
    const open = async (priority: string) => {
      const res = await app.http.post('/api/support-tickets', { subject: `A ${priority} one`, description: `About ${word}`, category: 'billing', priority }, as(customer));
      expect(res.status).toBe(201);
      return { ticketId: Number(res.body.data.id), ticketNumber: res.body.data.ticket_number as string };
    };
    const late = await open('urgent');
    const relaxed = await open('low');
    const soon = await open('medium');
    // late's first reply was due 5 minutes ago: move its clock back and let the breach fire.
    await app.running.app.get(DataSource).query(
      `UPDATE sla_clocks SET started_at = started_at - interval '15 minutes', due_at = due_at - interval '15 minutes', warn_at = warn_at - interval '15 minutes' WHERE ticket_id = $1`,
      [late.ticketId],
    );
    await app.running.app.get(SlaTimersService).fireDue(new Date());
    expect((await app.http.put(`/api/desk/tickets/${soon.ticketId}/tags`, { tags: ['vip', 'refund'] }, as(admin))).status).toBe(200);

    const page = await browser();
    await signIn(page, app.url, agent);
    await page.getByRole('searchbox', { name: 'Search' }).fill(word);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const rows = page.getByTestId('queue').locator('tbody tr');
    await rowsInOrder(rows, [soon.ticketNumber, relaxed.ticketNumber, late.ticketNumber]); // newest first
    const row = (ticket: { ticketNumber: string }) => rows.filter({ hasText: ticket.ticketNumber });

    const tags = row(soon).getByRole('list', { name: 'Tags' }).getByRole('listitem');
    expect((await tags.allTextContents()).sort()).toEqual(['refund', 'vip']);
    expect(await row(late).getByRole('list', { name: 'Tags' }).count()).toBe(0);

    const due = (ticket: { ticketNumber: string }) => row(ticket).locator('.sla-due');
    expect(await due(late).textContent()).toMatch(/^breached [56] min ago$/);
    expect(await due(late).getAttribute('class')).toContain('sla-breached');
    expect(await due(soon).textContent()).toMatch(/^due in (59 min|1 h)$/);
    expect(await due(soon).getAttribute('class')).not.toContain('sla-breached');
    expect(await due(relaxed).textContent()).toMatch(/^due in (1 h 59 min|2 h)$/);

    const sortBy = (column: string) => page.getByTestId('queue').getByRole('button', { name: column, exact: true });
    const sortState = (column: string) => page.getByTestId('queue').getByRole('columnheader', { name: column, exact: true }).getAttribute('aria-sort');
    await sortBy('Due').click(); // most urgent first
    await rowsInOrder(rows, [late.ticketNumber, soon.ticketNumber, relaxed.ticketNumber]);
    expect(await sortState('Due')).toBe('ascending');
    await sortBy('Due').click();
    await rowsInOrder(rows, [relaxed.ticketNumber, soon.ticketNumber, late.ticketNumber]);
    expect(await sortState('Due')).toBe('descending');
    await screenshot(page, 'queue-tags-due');

    // A phone: the tags and the due time fit the screen too.
    await page.setViewportSize(PHONE);
    await rowsInOrder(rows, [relaxed.ticketNumber, soon.ticketNumber, late.ticketNumber]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    for (const part of [...(await tags.all()), due(late), due(soon), sortBy('Due')]) {
      const box = await part.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    }
  }, 60_000);

  it('an agent answers an unassigned ticket with "Send and resolve": the reply takes it and resolves it in one action', async () => {
    const agent = await factories.agent({ name: 'Quinn Quick' });
    const customer = await factories.customer();
    const { ticketId, ticketNumber } = await mtxiTicket(customer, 'Where do I find my receipt?');
    const page = await browser();
    await signIn(page, app.url, agent);
    await page.getByRole('heading', { name: 'My queue' }).waitFor();
    await page.locator('tr', { hasText: ticketNumber }).getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(ticketNumber) }).waitFor();
    await page.getByText('Replying assigns the ticket to you.').waitFor();

    const answer = 'Your receipt is under Rides → Past rides → Receipt.';
    await page.getByLabel('Reply to the customer').fill(answer);
    await page.getByRole('button', { name: 'Send and resolve' }).click();
    await page.getByText('Reply sent and ticket resolved').waitFor();
    await page.locator('.ticket-head').getByText('Resolved').waitFor();
    await page.getByTestId('conversation').getByText(answer).waitFor();
    const history = page.getByTestId('history');
    await history.getByText('Assigned to You').waitFor();
    await history.getByText('Status Open → In Progress').waitFor();
    await history.getByText('Status In Progress → Resolved').waitFor();
    await page.locator('.details div', { hasText: 'Assignee' }).getByText('Quinn Quick').waitFor();

    const details = await app.http.get(`/api/support/tickets/${ticketId}/`, { token: customer.token });
    expect(details.body.ticket).toMatchObject({ status: 'Resolved', agent_id: String(agent.user.id) });
    const messages = await app.http.get(`/api/support-tickets/${ticketId}/messages`, { token: customer.token });
    expect(messages.body.data.map((m: { message: string }) => m.message)).toEqual([answer]);
  }, 60_000);

  it('an agent tags their ticket and sees the customer\'s other tickets beside it', async () => {
    const agent = await factories.agent();
    const customer = await factories.customer({ name: 'Petra Panel' });
    const older = await mtxiTicket(customer, 'My driver took a detour.');
    const { ticketId, ticketNumber } = await mtxiTicket(customer, 'I was charged twice for one ride.');
    const otherCustomers = await mtxiTicket(await factories.customer(), 'Someone else\'s ride.');
    expect((await app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: agent.token })).status).toBe(200);

    const page = await browser();
    await signIn(page, app.url, agent);
    await page.getByRole('heading', { name: 'My queue' }).waitFor();
    await page.goto(`${app.url}/console/#/tickets/${ticketId}`);
    await page.getByRole('heading', { name: new RegExp(ticketNumber) }).waitFor();

    const customerPanel = page.getByRole('region', { name: 'Customer' });
    await customerPanel.getByText('Petra Panel').waitFor();
    await customerPanel.getByTestId('customer-tickets').getByText(older.ticketNumber).waitFor();
    expect(await customerPanel.getByTestId('customer-tickets').getByText(ticketNumber).count()).toBe(0);
    expect(await customerPanel.getByText(otherCustomers.ticketNumber).count()).toBe(0);

    const tags = page.getByRole('region', { name: 'Tags' });
    await tags.getByText('No tags').waitFor();
    await tags.getByRole('button', { name: 'Edit tags' }).click();
    await tags.getByLabel('Tags, separated by commas').fill(' Payments, REFUND ,payments');
    await tags.getByRole('button', { name: 'Save tags' }).click();
    await tags.getByText('Tags saved').waitFor();
    await tags.getByTestId('ticket-tags').getByText('refund').waitFor();
    expect(await tags.getByTestId('ticket-tags').locator('.tag').allTextContents()).toEqual(['payments', 'refund']);
    const stored = await app.http.get(`/api/desk/tickets/${ticketId}`, { token: agent.token });
    expect(stored.body.tags).toEqual(['payments', 'refund']);
  }, 60_000);

  it('after the connection drops and comes back, the queue shows what happened meanwhile', async () => {
    const agent = await factories.agent();
    const customer = await factories.customer();
    const page = await browser();
    // Stand between the page and the server's socket.io, so the test can cut the line: while it is
    // cut, the console's reconnection attempts are held (not refused) until the line is back.
    let cut = false;
    const lines: WebSocketRoute[] = [];
    const held: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) return void held.push(ws);
      lines.push(ws, ws.connectToServer());
    });
    await signIn(page, app.url, agent);
    await live(page);
    await page.getByRole('heading', { name: 'My queue' }).waitFor();

    cut = true;
    await Promise.all(lines.map((side) => side.close())); // both sides: the page and the server see it drop
    await page.getByTestId('connection').filter({ hasText: 'Reconnecting' }).waitFor();
    const { ticketNumber } = await mtxiTicket(customer, 'Created while the console was offline.');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.locator('tr', { hasText: ticketNumber }).count()).toBe(0);

    cut = false;
    held.forEach((ws) => ws.connectToServer());
    await live(page);
    await page.locator('tr', { hasText: ticketNumber }).waitFor();
  }, 90_000);

  it('an unapproved agent sees why they cannot work yet', async () => {
    const newcomer = await factories.unapprovedAgent({ name: 'Nova Newcomer' });
    const page = await browser();
    await signIn(page, app.url, newcomer);
    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    await page.getByText('awaiting admin approval').waitFor();
    expect(await page.getByTestId('agent-id').textContent()).toBe(`#${newcomer.user.id}`);
    expect(await page.getByRole('navigation').count()).toBe(0); // no queue, no tickets
    await screenshot(page, 'waiting-for-approval');

    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByText('Still waiting: no admin has approved your account yet.').waitFor();
  }, 60_000);

  it('the queue pages through more tickets than fit on one page', async () => {
    const created = await Promise.all(Array.from({ length: 26 }, async (_, i) => mtxiTicket(await factories.customer(), `Paging ticket ${i}.`)));
    const total = (await app.http.get('/api/support-tickets?per_page=1', { token: (await factories.admin()).token })).body.data.total as number;
    expect(total).toBeGreaterThanOrEqual(created.length);
    const lastPage = Math.ceil(total / 25);
    const page = await browser();
    await signIn(page, app.url, await factories.admin());
    const pager = page.getByRole('navigation', { name: 'Pages' });
    const rows = page.getByTestId('queue').locator('tbody tr');
    await pager.getByText('Page 1', { exact: true }).waitFor();
    expect(await rows.count()).toBe(25);
    const firstPage = await rows.locator('.number').allTextContents();
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2', { exact: true }).waitFor();
    await rows.filter({ hasText: firstPage[0] }).waitFor({ state: 'detached' });
    const secondPage = await rows.locator('.number').allTextContents();
    expect(secondPage.filter((number) => firstPage.includes(number))).toEqual([]); // the next page, nothing repeated
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(false);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(lastPage === 2);
    await pager.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText('Page 1', { exact: true }).waitFor();
    await rowsInOrder(rows, firstPage);
  }, 60_000);

  it('an admin sees every ticket, finds one by search, sees it escalated live, reassigns it to an agent from the list and manages the FAQ', async () => {
    const admin = await factories.admin({ name: 'Ada Admin' });
    const agent = await factories.agent({ name: 'Robin Agent' });
    const leaving = await factories.agent({ name: 'Lee Leaving' });
    const customer = await factories.customer();
    const { ticketNumber, ticketId } = await mtxiTicket(customer, 'The car smelled of smoke, an overview of the ride follows.');
    const other = await mtxiTicket(await factories.customer(), 'Driver cancelled at the last minute.');
    const page = await browser();
    await signIn(page, app.url, admin);
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
    await page.locator('tr', { hasText: other.ticketNumber }).waitFor();

    await page.getByRole('searchbox', { name: 'Search' }).fill('smoke');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('tr', { hasText: other.ticketNumber }).waitFor({ state: 'detached' });
    await page.locator('tr', { hasText: ticketNumber }).getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(ticketNumber) }).waitFor();
    await live(page);
    expect(await page.locator('.details').getByText('Not escalated').count()).toBe(1);

    // The customer escalates it from the app: the escalation level and the history follow live.
    expect((await app.http.post('/api/customer/mtxi/support/escalate', { ticketId }, { token: customer.token })).status).toBe(200);
    const escalated = page.getByTestId('history').locator('li', { hasText: 'Status Open → Escalated' });
    await escalated.waitFor();
    expect(await escalated.textContent()).toContain('Priority Medium → High · Escalation level 0 → 1');
    await page.locator('.details div', { hasText: 'Escalation level' }).getByText('1', { exact: true }).waitFor();

    // Reassigning offers the approved agents. A failing action says why, in the API's words.
    const reassignTo = page.getByRole('combobox', { name: 'Reassign to' });
    await reassignTo.locator('option', { hasText: 'Lee Leaving' }).waitFor({ state: 'attached' });
    await app.running.app.get(DataSource).getRepository(User).update({ id: leaving.user.id }, { approvedAt: null }); // unapproved meanwhile
    await reassignTo.selectOption(String(leaving.user.id));
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.getByRole('alert').filter({ hasText: 'Agent is not approved' }).waitFor();

    await reassignTo.selectOption(String(agent.user.id));
    await page.getByRole('button', { name: 'Reassign' }).click();
    await page.getByText('Reassigned to Robin Agent').waitFor();
    await page.locator('.details').getByText('Robin Agent').waitFor();
    await page.getByTestId('history').getByText('Assigned to Robin Agent').waitFor();
    expect(await reassignTo.locator('option', { hasText: 'Robin Agent' }).count()).toBe(0); // not offered to the agent who has it
    expect((await app.http.get(`/api/support/tickets/${ticketId}/`, { token: admin.token })).body.ticket.agent_id).toBe(String(agent.user.id));

    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByTestId('all-tickets').locator('tr', { hasText: 'Robin Agent' }).waitFor();

    await page.getByRole('link', { name: 'FAQ' }).click();
    await page.getByLabel('Question').fill('My driver took a detour. What can I do?');
    await page.getByLabel('Answer').fill('Open a ticket from the ride: we review the route and refund the difference.');
    await page.getByLabel('Category').selectOption('Late');
    await page.getByRole('button', { name: 'Add FAQ' }).click();
    await page.getByTestId('faqs').getByText('My driver took a detour. What can I do?').waitFor();
    await screenshot(page, 'faq');
    const faqs = await app.http.get('/api/support/faq/');
    expect(faqs.body.faqs).toContainEqual(expect.objectContaining({ question: 'My driver took a detour. What can I do?', category: 'Late' }));

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit FAQ' });
    await edit.getByLabel('Answer').fill('Open a ticket from the ride within 7 days: we refund the difference.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('faqs').getByText('within 7 days').waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No FAQs yet.').waitFor();
    expect((await app.http.get('/api/support/faq/')).body.faqs).toEqual([]);
  }, 60_000);

  it('an admin approves a waiting agent from the list, who can then work the queue', async () => {
    const newcomer = await factories.unapprovedAgent({ name: 'Pat Pending' });
    const gone = await factories.unapprovedAgent({ name: 'Gale Gone' });
    const admin = await factories.admin({ name: 'Ada Admin' });
    const agentPage = await browser();
    await signIn(agentPage, app.url, newcomer);
    await agentPage.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    await agentPage.getByTestId('approval-live').waitFor();

    const adminPage = await browser();
    await signIn(adminPage, app.url, admin);
    await adminPage.getByRole('link', { name: 'Admin' }).click();
    const waiting = adminPage.getByTestId('pending-agents');
    await waiting.getByText(`#${newcomer.user.id} · ${newcomer.user.email}`).waitFor();

    // A failing action says why: this agent's account was removed after the list was read.
    await app.running.app.get(DataSource).getRepository(User).delete({ id: gone.user.id });
    await waiting.getByRole('button', { name: 'Approve Gale Gone' }).press('Enter');
    await waiting.getByRole('alert').filter({ hasText: 'Agent not found' }).waitFor();

    await waiting.getByRole('button', { name: 'Approve Pat Pending' }).press('Enter'); // keyboard
    await adminPage.getByText(`Pat Pending (#${newcomer.user.id}) is approved and can work the queue.`).waitFor();
    await waiting.getByText('Pat Pending').waitFor({ state: 'detached' });
    expect((await app.http.get('/api/admin/agents/?status=approved', { token: admin.token })).body.agents.map((a: { id: string }) => a.id)).toContain(String(newcomer.user.id));

    await agentPage.getByRole('heading', { name: 'My queue' }).waitFor(); // live: nobody pressed "Check again"
  }, 60_000);

  it('a new agent registers on the sign-in page, waits, and sees the approval live', async () => {
    const page = await browser();
    await page.goto(`${app.url}/console/`);
    await page.getByRole('button', { name: 'Register as an agent' }).click();
    await page.getByRole('heading', { name: 'Register as a support agent' }).waitFor();
    const email = `form-${Date.now()}@example.test`;
    await page.getByLabel('Name').fill('Fran Form');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Contact number').fill('+33 6 12 34 56 78');
    await screenshot(page, 'register');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    expect(await page.getByRole('heading', { name: 'Register as a support agent' }).isVisible()).toBe(true); // the browser refuses a short password
    await page.getByLabel('Password').fill('long enough password');
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    const agentId = (await page.getByTestId('agent-id').textContent())!.slice(1);
    const stored = await app.running.app.get(DataSource).getRepository(User).findOneByOrFail({ id: Number(agentId) });
    expect(stored).toMatchObject({ email, name: 'Fran Form', phone: '+33 6 12 34 56 78', role: 'agent', approvedAt: null });
    await page.getByTestId('approval-live').waitFor();

    // Registering the same email again says why, in the API's words.
    const again = await browser();
    await again.goto(`${app.url}/console/`);
    await again.getByRole('button', { name: 'Register as an agent' }).click();
    await again.getByLabel('Name').fill('Fran Again');
    await again.getByLabel('Email').fill(email);
    await again.getByLabel('Password').fill('long enough password');
    await again.getByRole('button', { name: 'Register', exact: true }).click();
    await again.getByRole('alert').filter({ hasText: 'A user with this email already exists.' }).waitFor();

    const admin = await factories.admin();
    expect((await app.http.post(`/api/admin/approve-agent/${agentId}/`, undefined, { token: admin.token })).status).toBe(200);
    await page.getByRole('heading', { name: 'My queue' }).waitFor(); // live: nobody pressed "Check again"
  }, 60_000);

  it('an admin rejects a waiting agent and deactivates a working one: signed out at once, their open ticket back in the queue', async () => {
    const admin = await factories.admin({ name: 'Ada Admin' });
    const applicant = await factories.unapprovedAgent({ name: 'Rex Rejected' });
    const leaving = await factories.agent({ name: 'Dana Departing' });
    const { ticketId, ticketNumber } = await mtxiTicket(await factories.customer(), 'My driver never arrived.');
    expect((await app.http.post(`/api/support/tickets/${ticketId}/assign-self/`, undefined, { token: leaving.token })).status).toBe(200);

    const agentPage = await browser();
    await signIn(agentPage, app.url, leaving);
    await agentPage.locator('tr', { hasText: ticketNumber }).getByText('Me', { exact: true }).waitFor();
    await live(agentPage);

    const adminPage = await browser();
    await signIn(adminPage, app.url, admin);
    await adminPage.getByRole('link', { name: 'Admin' }).click();
    adminPage.on('dialog', (dialog) => void dialog.accept());

    await adminPage.getByTestId('pending-agents').getByRole('button', { name: 'Reject Rex Rejected' }).click();
    await adminPage.getByText(`Rex Rejected (#${applicant.user.id}) is rejected: the account is closed.`).waitFor();
    await adminPage.getByTestId('pending-agents').getByText('Rex Rejected').waitFor({ state: 'detached' });
    expect((await app.http.get('/api/auth/me', { token: applicant.token })).status).toBe(401);

    await adminPage.getByTestId('approved-agents').getByRole('button', { name: 'Deactivate Dana Departing' }).click();
    await adminPage.getByText(`Dana Departing (#${leaving.user.id}) is deactivated; 1 open ticket is back in the queue.`).waitFor();
    await adminPage.getByTestId('approved-agents').getByText('Dana Departing').waitFor({ state: 'detached' });
    await screenshot(adminPage, 'admin');

    // The agent's open console ends on its own: the socket is closed, and the next request is refused.
    await agentPage.getByRole('heading', { name: 'MM Support Console' }).waitFor();
    await agentPage.getByText('an admin deactivated the account').waitFor();

    await adminPage.getByRole('link', { name: 'Queue' }).click();
    await adminPage.locator('tr', { hasText: ticketNumber }).getByText('Unassigned').waitFor();
    await adminPage.locator('tr', { hasText: ticketNumber }).getByRole('link').click();
    await adminPage.getByTestId('history').getByText(`Returned to the queue from Agent #${leaving.user.id}`).waitFor();
  }, 60_000);

  it('an admin pages through more waiting agents than fit on one page, newest first', async () => {
    const waiting: Person[] = [];
    for (let i = 0; i < PAGE_SIZE + 1; i++) waiting.push(await factories.unapprovedAgent({ name: `Waiting ${i}` }));
    const [oldest, newest] = [waiting[0], waiting[waiting.length - 1]];

    const page = await browser();
    await signIn(page, app.url, await factories.admin());
    await page.getByRole('link', { name: 'Admin' }).click();
    const list = page.getByTestId('pending-agents');
    const shown = (agent: Person) => list.getByText(`#${agent.user.id} · ${agent.user.email}`);
    const pager = page.getByRole('navigation', { name: 'Pages of waiting agents' });
    await shown(newest).waitFor();
    expect(await shown(oldest).count()).toBe(0);
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);

    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2').waitFor();
    await shown(oldest).waitFor();
    expect(await shown(newest).count()).toBe(0);
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(false);

    await pager.getByRole('button', { name: 'Previous' }).click();
    await shown(newest).waitFor();
  }, 60_000);

  it('the admin ticket list shows ticket numbers and finds a ticket by its number', async () => {
    const sought = await mtxiTicket(await factories.customer(), 'Charged twice for one ride.');
    const other = await mtxiTicket(await factories.customer(), 'Lost my umbrella in the car.');
    const page = await browser();
    await signIn(page, app.url, await factories.admin());
    await page.getByRole('link', { name: 'Admin' }).click();
    const list = page.getByTestId('all-tickets');
    for (const ticket of [sought, other]) await list.locator(`a[href="#/tickets/${ticket.ticketId}"]`, { hasText: ticket.ticketNumber }).waitFor();

    await page.getByRole('searchbox', { name: 'Search all tickets' }).fill(sought.ticketNumber);
    await page.getByRole('button', { name: 'Find' }).click();
    await list.getByText(other.ticketNumber).waitFor({ state: 'detached' });
    expect(await list.locator('tbody tr .number').allTextContents()).toEqual([sought.ticketNumber]);
    await list.getByRole('link', { name: new RegExp(sought.ticketNumber) }).click();
    await page.getByRole('heading', { name: new RegExp(sought.ticketNumber) }).waitFor();
  }, 60_000);

  it('an admin pages through all tickets, newest first', async () => {
    const ours: number[] = [];
    for (let i = 0; i < PAGE_SIZE + 1; i++) ours.push((await mtxiTicket(await factories.customer(), `All tickets, page ${i}.`)).ticketId);
    const [oldest, newest] = [ours[0], ours[ours.length - 1]];

    const page = await browser();
    await signIn(page, app.url, await factories.admin());
    await page.getByRole('link', { name: 'Admin' }).click();
    const row = (ticketId: number) => page.getByTestId('all-tickets').locator(`a[href="#/tickets/${ticketId}"]`);
    const pager = page.getByRole('navigation', { name: 'Pages', exact: true });
    await row(newest).waitFor();
    expect(await row(oldest).count()).toBe(0);

    await pager.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('Page 2').waitFor();
    await row(oldest).waitFor();
    expect(await row(newest).count()).toBe(0);

    await pager.getByRole('button', { name: 'Previous' }).click();
    await row(newest).waitFor();
  }, 90_000);
});
