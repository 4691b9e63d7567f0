import { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Browser, buildConsole, describeInBrowser, openBrowser, screenshot } from './support/browser';
import { Factories, Person } from './support/factories';
import { useTestApp } from './support/harness';

/** The part of the browser's HTMLCanvasElement read here (the test compiles without the DOM library). */
type Canvas = { width: number; height: number; getContext(type: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };

/** Waits (up to 10 s) until `read()` gives a value `ok` accepts; fails showing the last value. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  if (!ok(value)) throw new Error(`Still ${JSON.stringify(value)} after 10 s`);
}

/**
 * The admins' dashboard (SPEC 7.7) in a real Chromium: the summary tiles, the
 * Chart.js charts drawn from the time series, the agents' table sorted by a
 * click, and the filters kept in the URL (a reload, or a shared link, shows the same view).
 */
describeInBrowser('console dashboard in a real browser', () => {
  const { app } = useTestApp({ beforeStart: buildConsole, ownDatabase: true });
  let admin: Person;
  let ada: Person;
  let zed: Person;
  const browsers: Browser[] = [];
  const WEEK = 'from=2026-11-02&to=2026-11-08';

  beforeAll(async () => {
    const factories = new Factories(app);
    admin = await factories.admin();
    ada = await factories.agent({ name: 'Ada Agent' });
    zed = await factories.agent({ name: 'Zed Agent' });
    const customer = await factories.customer();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.http.post('/api/support-tickets', { subject: `Charged twice ${i}`, description: 'My card was charged twice', category: 'billing', priority: 'medium' }, { token: customer.token });
      expect(res.status).toBe(201);
      ids.push(Number(res.body.data.id));
    }
    // Two on Monday for Zed, one on Tuesday for Ada.
    const sql = (text: string, params: unknown[]) => app.running.app.get(DataSource).query(text, params);
    await sql(`UPDATE tickets SET created_at = '2026-11-02T10:00:00Z', assignee_id = $2 WHERE id = ANY($1)`, [ids.slice(0, 2), zed.user.id]);
    await sql(`UPDATE tickets SET created_at = '2026-11-03T10:00:00Z', assignee_id = $2 WHERE id = $1`, [ids[2], ada.user.id]);
  }, 120_000);
  afterEach(async () => {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  });

  async function signedIn(person: Person): Promise<Page> {
    const opened = await openBrowser();
    browsers.push(opened);
    const page = opened.page;
    await page.goto(`${app.url}/console/`);
    await page.getByLabel('Email').fill(person.user.email);
    await page.getByLabel('Password').fill(person.password);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Queue' }).waitFor();
    return page;
  }
  const tile = (page: Page, name: string) => page.getByTestId(`tile-${name}`).locator('.tile-value');
  /** How many pixels of a chart's canvas Chart.js painted. */
  const paintedPixels = (page: Page, testId: string) =>
    page.getByTestId(testId).locator('canvas').evaluate((element) => {
      const canvas = element as unknown as Canvas;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;
    });
  const agentNames = (page: Page) => page.getByTestId('agents-report').locator('tbody tr td:first-child').allTextContents();

  it('shows the week as tiles, charts and a sortable agents table, with the filters in the URL', async () => {
    const page = await signedIn(admin);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${app.url}/console/#/dashboard?${WEEK}`);
    await until(() => tile(page, 'created').textContent(), (v) => v === '3');
    expect(await tile(page, 'backlog').textContent()).toBe('3');

    const chart = page.getByTestId('chart-created-resolved');
    await until(() => chart.getAttribute('data-points'), (v) => v === JSON.stringify([[2, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]]));
    await until(() => paintedPixels(page, 'chart-created-resolved'), (v) => v > 500);
    await until(() => paintedPixels(page, 'chart-backlog'), (v) => v > 500);

    await until(() => agentNames(page), (v) => JSON.stringify(v) === JSON.stringify(['Ada Agent', 'Zed Agent']));
    await page.getByRole('button', { name: 'Assigned' }).click();
    await page.getByRole('button', { name: 'Assigned ▲' }).click(); // again: most first
    await until(() => agentNames(page), (v) => JSON.stringify(v) === JSON.stringify(['Zed Agent', 'Ada Agent']));
    expect(page.url()).toContain('sort=-assigned');
    await screenshot(page, 'dashboard');

    await page.getByLabel('Origin').selectOption('munch');
    await until(() => tile(page, 'created').textContent(), (v) => v === '0');
    expect(page.url()).toContain('origin=munch');

    // The link shared: another browser opens the same view.
    const shared = page.url();
    const other = await signedIn(admin);
    await other.goto(shared);
    await until(() => tile(other, 'created').textContent(), (v) => v === '0');
    expect(await other.getByLabel('Origin').inputValue()).toBe('munch');
    expect(await other.getByLabel('From').inputValue()).toBe('2026-11-02');
    await until(() => agentNames(other), (v) => JSON.stringify(v) === JSON.stringify(['Zed Agent', 'Ada Agent']));
  });

  it('is for admins: an agent has no dashboard link', async () => {
    const page = await signedIn(ada);
    expect(await page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
  });
});
