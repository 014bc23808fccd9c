import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Debian's Chromium (or PROSTO_CHROMIUM). `npm test` installs it first when it is missing. */
export function chromiumPath(): string {
  const found = [process.env.PROSTO_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: run "npm test" (it installs it when run as root) or: sudo apt-get install chromium');
  return found;
}

/**
 * Headless Chromium without the background traffic (component updates, sync, Google lookups) that
 * hangs on a machine with no network. Every launch gets a fresh temporary profile from Playwright, and
 * every context made by newPage() has its own cookies.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** The browser's language (Accept-Language); English unless told. */
  locale?: string;
  javaScriptEnabled?: boolean;
}

/** Script errors and console errors (CSP violations show up there) seen by a page. */
export const pageProblems = new WeakMap<Page, string[]>();

/**
 * A page in a fresh, isolated browser context (its own cookies) at laptop size, English unless told.
 * Its script and console errors are collected for problemsOf().
 */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const contextOptions: BrowserContextOptions = {
    viewport: options.viewport ?? { width: 1366, height: 768 },
    locale: options.locale ?? 'en-US',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  };
  const context = await browser.newContext(contextOptions);
  // Fail fast: every page here is local and answers within a few seconds at most (sign-in delays ≤ 2 s).
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  pageProblems.set(page, problems);
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return page;
}

let shots = 0;

/** Writes a full-page screenshot of `page` to test-results/ (gitignored) and says where. */
export async function saveScreenshot(page: Page, label: string): Promise<void> {
  if (page.isClosed()) return;
  const dir = path.join(root, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  const name = `${label.replace(/[^\w.-]+/g, '-').slice(0, 80)}-${++shots}.png`;
  try {
    await page.screenshot({ path: path.join(dir, name), fullPage: true, timeout: 5_000 });
    console.error(`screenshot: test-results/${name} (at ${page.url()})`);
  } catch {
    // the browser may already be gone
  }
}

/**
 * Takes a screenshot of `page` if the running test fails. Call inside a test. (Vitest runs these
 * handlers after afterEach hooks: a page closed there is not captured; see saveScreenshot for afterEach.)
 */
export function screenshotOnFailure(page: Page): void {
  onTestFailed(({ task }) => saveScreenshot(page, task.name));
}

/** Console errors and uncaught script errors the page has had so far (expected: none). */
export function problemsOf(page: Page): string[] {
  // A 403/404 answer to a navigation is logged as "Failed to load resource": that is the page under test, not a problem.
  return (pageProblems.get(page) ?? []).filter((p) => !/Failed to load resource: the server responded with a status of (401|403|404|422|429)/.test(p));
}
