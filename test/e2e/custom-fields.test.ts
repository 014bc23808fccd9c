import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf } from '../support/browser.js';
import { ADMIN, addUser, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(en['field.email']).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
  await page.waitForURL(`${server.url}/`);
}

async function newDeal(page: Page, title: string, region: string) {
  await page.goto(`${server.url}/deals/new`);
  await page.getByLabel(en['deals.field.title']).fill(title);
  await page.getByLabel('Region').selectOption({ label: region });
  await page.getByRole('button', { name: en['deals.create'] }).click();
  await page.waitForURL(/\/deals\/\d+$/);
}

describe('custom fields in a browser', () => {
  it('an admin adds a list field; a manager fills it on deals and filters the deal list by it', async () => {
    const admin = await newPage(browser);
    await signIn(admin, ADMIN.email, ADMIN.password);
    await admin.goto(`${server.url}/settings/users`);
    await admin.getByRole('link', { name: en['custom.title'], exact: true }).click();
    await admin.waitForURL(/\/settings\/fields$/);
    await admin.getByLabel(en['custom.field.entity']).selectOption('deal');
    await admin.getByLabel(en['custom.field.label']).fill('Region');
    await admin.getByLabel(en['custom.field.type']).selectOption('list');
    await admin.getByLabel(en['custom.field.options']).fill('North\nSouth');
    await admin.getByRole('button', { name: en['custom.add'] }).click();
    await admin.waitForURL(/\/settings\/fields\?entity=deal$/);
    expect(await admin.locator('.flash').textContent()).toContain('Region');
    expect(problemsOf(admin)).toEqual([]);

    await addUser(server.ctx, { email: 'maria@example.com', password: 'Maria-pass-12', fullName: 'Maria' });
    const manager = await newPage(browser);
    await signIn(manager, 'maria@example.com', 'Maria-pass-12');
    await newDeal(manager, 'Поставка на север', 'North');
    expect(await manager.locator('[data-inline="cf_region"] .inline-value').textContent()).toBe('North');
    await newDeal(manager, 'Поставка на юг', 'South');

    await manager.goto(`${server.url}/deals?q=`);
    const rows = manager.locator('#deal-rows tr');
    await expect.poll(() => rows.count()).toBe(2);
    await manager.locator('summary', { hasText: en['lists.filters'] }).click();
    await manager.getByRole('listbox', { name: 'Region' }).selectOption({ label: 'North' });
    await manager.getByRole('button', { name: en['common.apply'] }).first().click();
    await manager.waitForURL(/f\.cf_region=/);
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Поставка на север')]);
    expect(problemsOf(manager)).toEqual([]);
  }, 120_000);
});
