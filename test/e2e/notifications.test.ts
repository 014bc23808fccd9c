import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, problemsOf } from '../support/browser.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { Client } from '../support/http-client.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer();
  await setUpCompany(server.ctx);
  await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna Petrova' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(en['field.email']).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
  await page.waitForURL(`${server.url}/`);
}

describe('notifications in the browser', () => {
  it('a colleague assigns a deal and mentions me: the bell in my second tab updates without reload and a pop-up links to the deal', async () => {
    const annaId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM users WHERE email = 'anna@example.com'`)[0]!.id;
    const firstTab = await newPage(browser);
    await signIn(firstTab, 'anna@example.com', 'Anna-pass-12');
    const secondTab = await firstTab.context().newPage();
    await secondTab.goto(`${server.url}/deals/kanban`);
    const bell = (page: Page) => page.locator('#bell .bell-count');
    expect(await bell(secondTab).textContent()).toBe('0');
    await expect.poll(() => bell(secondTab).isVisible()).toBe(false);

    // The colleague assigns a deal to me.
    const colleague = new Client(server.url);
    await colleague.signIn(ADMIN.email, ADMIN.password);
    const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY id LIMIT 1`)[0]!.id;
    await colleague.get('/deals/new');
    const made = await colleague.post('/deals', { title: 'Servers for Vector', stageId: String(stageId), amount: '', currency: 'RUB', responsibleId: String(annaId) });
    const dealPath = made.headers.get('location')!;

    await expect.poll(() => bell(secondTab).textContent(), { timeout: 10_000 }).toBe('1');
    expect(await bell(secondTab).isVisible()).toBe(true);
    const toast = secondTab.locator('.toast a', { hasText: 'Анна Админова made you responsible for the deal “Servers for Vector”' });
    await toast.waitFor();
    await expect.poll(() => bell(firstTab).textContent(), { timeout: 10_000 }).toBe('1');

    // The colleague mentions me in a comment on the deal, through the record page.
    const colleaguePage = await newPage(browser);
    await signIn(colleaguePage, ADMIN.email, ADMIN.password);
    await colleaguePage.goto(server.url + dealPath);
    await colleaguePage.getByLabel(en['comments.add']).fill('@Anna Petrova, the client called back.');
    await colleaguePage.getByRole('button', { name: en['comments.send'] }).click();
    await colleaguePage.locator('.comment-text', { hasText: 'the client called back' }).waitFor();

    await expect.poll(() => bell(secondTab).textContent(), { timeout: 10_000 }).toBe('2');
    await secondTab.locator('.toast a', { hasText: 'Анна Админова mentioned you on “Servers for Vector”' }).waitFor();

    // The pop-up opens the deal; the list marks read.
    await toast.click();
    await secondTab.waitForURL(server.url + dealPath);
    // The bell opens the latest ones in a drop-down, which leads to the whole list.
    await secondTab.getByRole('link', { name: en['notifications.title'] }).click();
    await secondTab.locator('#bell-panel').getByRole('link', { name: /mentioned you on/ }).waitFor();
    await secondTab.locator('#bell-panel').getByRole('link', { name: en['notifications.all'] }).click();
    await secondTab.waitForURL(`${server.url}/notifications`);
    await expect.poll(() => bell(secondTab).textContent(), { timeout: 10_000 }).toBe('2');
    await secondTab.getByRole('link', { name: /mentioned you on/ }).click();
    await secondTab.waitForURL(server.url + dealPath);
    await expect.poll(() => bell(secondTab).textContent(), { timeout: 10_000 }).toBe('1');
    await secondTab.goto(`${server.url}/notifications`);
    await secondTab.getByRole('button', { name: en['notifications.markAllRead'] }).click();
    await secondTab.waitForURL(`${server.url}/notifications`);
    await expect.poll(() => bell(firstTab).textContent(), { timeout: 10_000 }).toBe('0');

    expect(problemsOf(firstTab)).toEqual([]);
    expect(problemsOf(colleaguePage)).toEqual([]);
  }, 90_000);
});
