import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { loadComms } from '../../src/platform/records/communications.js';
import { en } from '../../src/platform/i18n/en.js';

/** Issue 20: what a new user stumbled on, tried as they would in a browser at 1366×768. */
let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

async function signIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
  await page.waitForURL(`${server.url}/`);
}

describe('record forms', () => {
  it('take two phones and two e-mails at creation, "+ add" and "remove" without a round trip', async () => {
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/contacts/new`);
    await page.locator('input[name=lastName]').fill('Двухтелефонный');
    const phones = page.locator('[data-comms=phone]');
    await phones.locator('input[type=tel]').first().fill('+7 916 111-11-11');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await phones.getByRole('button', { name: en['records.commAdd.phone'] }).click();
    await phones.locator('input[type=tel]').nth(1).fill('8 495 222-22-22');
    await phones.locator('select').nth(1).selectOption('mobile');
    const emails = page.locator('[data-comms=email]');
    await emails.locator('input').first().fill('one@example.com');
    await emails.getByRole('button', { name: en['records.commAdd.email'] }).click();
    await emails.getByRole('button', { name: en['records.commAdd.email'] }).click();
    await emails.locator('input').nth(1).fill('wrong@example.com');
    await emails.locator('input').nth(2).fill('two@example.com');
    await emails.locator('[data-comm-row]').nth(1).getByRole('button', { name: en['records.commRemove'] }).click();
    expect(await emails.locator('input').count()).toBe(2);
    expect(requests).toEqual([]);

    await page.getByRole('button', { name: en['contacts.create'] }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(loadComms(server.ctx.db, 'contact', [id]).get(id)).toEqual([
      { kind: 'phone', type: 'work', value: '+7 916 111-11-11' },
      { kind: 'phone', type: 'mobile', value: '8 495 222-22-22' },
      { kind: 'email', type: 'work', value: 'one@example.com' },
      { kind: 'email', type: 'work', value: 'two@example.com' },
    ]);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it('without JavaScript still save the row they show', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signIn(page);
    await page.goto(`${server.url}/companies/new`);
    expect(await page.getByRole('button', { name: en['records.commAdd.phone'] }).isVisible()).toBe(false);
    await page.locator('input[name=title]').fill('Без скриптов');
    await page.locator('[data-comms=phone] input').fill('+7 916 333-33-33');
    await page.getByRole('button', { name: en['companies.create'] }).click();
    await page.waitForURL(/\/companies\/\d+$/);
    expect(await page.locator('body').textContent()).toContain('+7 916 333-33-33');
  }, 60_000);
});
