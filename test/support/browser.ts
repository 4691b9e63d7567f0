import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/**
 * Real-browser tests: Debian's Chromium driven by playwright-core (no
 * browser download), headless, with a fresh profile per browser, against the
 * console the API serves from dist/console.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);

/** `describe` for browser suites: skipped (and said so) without Chromium on a laptop, a failure under CI. */
export function describeInBrowser(name: string, suite: () => void): void {
  if (chromiumInstalled) return describe(name, suite);
  if (process.env.CI) throw new Error(`Chromium is not installed at ${CHROMIUM} (.ci/run installs it)`);
  process.stdout.write(`\n${name}: no Chromium at ${CHROMIUM}; skipping the browser tests (apt-get install -y chromium)\n`);
  describe.skip(name, suite);
}

/** Flags for a closed network: no background connections, no updates, no sync, no QUIC. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const ROOT = resolve(__dirname, '..', '..');

/** Builds apps/console into dist/console (a few seconds), so the API serves the console of this very checkout. */
export function buildConsole(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-console.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`The console build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface Browser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

export const LAPTOP = { width: 1366, height: 860 };
export const TABLET = { width: 820, height: 1180 };
export const PHONE = { width: 390, height: 844 };

/** A new Chromium with an empty profile of its own (its own localStorage: one signed-in user per browser). */
export async function openBrowser(viewport = LAPTOP): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'mm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Screenshots of the main screens go to test-results/screenshots; with
 * UPDATE_SCREENSHOTS=true to docs/screenshots, the ones the README shows.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, process.env.UPDATE_SCREENSHOTS === 'true' ? 'docs/screenshots' : 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)'); // the sticky top bar stays on top of a full-page shot
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Signs `person` in on the console's login form (typing, as a person does: the email field has focus). */
export async function signIn(page: Page, baseUrl: string, person: { user: { email: string }; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole('heading', { name: 'MM Support Console' }).waitFor();
  await page.keyboard.type(person.user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(person.password);
  await page.keyboard.press('Enter');
}
