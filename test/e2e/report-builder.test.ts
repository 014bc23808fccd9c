import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, saveScreenshot, screenshotOnFailure } from '../support/browser.js';
import { addUser, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createDeal, moveDeal } from '../../src/features/deals/service.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

async function signInAsHead(page: Page): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(en['field.email']).fill('head@example.com');
  await page.getByLabel(/^Password/).fill('Builder-pass-1');
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
  await page.waitForURL(`${server.url}/`);
}

describe('the report builder in a browser', () => {
  it('a head of sales builds a report in the form, previews it, saves it and sees its chart and table', async () => {
    const { ctx } = server;
    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
    await addUser(ctx, { email: 'head@example.com', password: 'Builder-pass-1', fullName: 'Head of Sales', role: 'head', departmentIds: [sales.id] });
    const seller = (await addUser(ctx, { email: 'seller@example.com', password: 'Builder-pass-1', fullName: 'Seller', role: 'manager', departmentIds: [sales.id] })).id;
    const outsider = (await addUser(ctx, { email: 'other@example.com', password: 'Builder-pass-1', fullName: 'Other', role: 'manager' })).id;
    const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
    const deal = (who: number, amount: string, won: boolean) => {
      const id = createDeal(ctx, admin, { title: `Deal ${amount}`, stageId: stage('new'), amount, currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: who, everyone: false, comments: null }).id;
      if (won) moveDeal(ctx, admin, id, stage('won'));
    };
    deal(seller, '100.50', true);
    deal(seller, '200.25', false);
    deal(outsider, '999.00', true);

    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signInAsHead(page);
    await page.getByRole('link', { name: en['nav.reports'], exact: true }).click();
    await page.getByRole('link', { name: en['builder.new'] }).click();
    await page.waitForURL(/\/reports\/builder\/new/);

    // A period that ends before it starts is refused in place.
    await page.getByLabel(en['builder.periodField']).selectOption({ label: en['records.created'] });
    await page.getByLabel(en['builder.range'], { exact: true }).selectOption({ label: en['builder.range.custom'] });
    await page.locator('#f-from').fill('10/11/2026');
    await page.locator('#f-to').fill('01/11/2026');
    await page.getByRole('button', { name: en['builder.preview'] }).click();
    await expect.poll(() => page.locator('#preview [role=alert]').textContent()).toContain(en['builder.error.periodOrder']);
    await page.getByLabel(en['builder.periodField']).selectOption({ label: en['builder.anyTime'] });

    await page.getByLabel(en['builder.group1']).selectOption({ label: en['records.responsible'] });
    await page.getByLabel(en['builder.measureN'].replace('{n}', '2')).selectOption({ label: `${en['builder.agg.sum']}: ${en['deals.field.amount']}` });
    await page.getByLabel(en['builder.chartType']).selectOption({ label: en['builder.chart.pie'] });
    await page.getByRole('button', { name: en['builder.preview'] }).click();
    // The preview comes in place (htmx): the Seller's two deals, 300.75; the other department's deal is not the head's.
    const preview = page.locator('#preview .report-table');
    await expect.poll(async () => (await preview.locator('tbody tr').first().textContent())?.replace(/\s+/g, ' ')).toMatch(/Seller 2 .*300\.75/);
    expect(await preview.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toContain('/reports/builder/new');

    // The form and its preview fit a laptop and a tablet without scrolling sideways.
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 768 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `at ${width} px`).toBe(true);
    }
    await page.getByLabel(new RegExp(`^${en['builder.name']}`)).fill('Sales by manager');
    await page.getByRole('checkbox', { name: en['role.manager'] }).check();
    await page.getByRole('button', { name: en['builder.save'] }).click();
    await page.waitForURL(/\/reports\/saved\/\d+$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Sales by manager' }).count()).toBe(1);
    expect(await page.locator('.report-chart svg path').count()).toBe(1);
    expect((await page.locator('.report-table tbody tr').first().textContent())?.replace(/\s+/g, ' ')).toMatch(/Seller 2 .*300\.75/);
    expect((await page.locator('.report-totals').textContent())?.replace(/\s+/g, ' ')).toMatch(/Total 2 .*300\.75/);
    await saveScreenshot(page, 'report-builder-saved');

    // Listed among the reports, and opened again from there.
    await page.getByRole('link', { name: en['reports.all'] }).click();
    await page.getByRole('link', { name: /Sales by manager/ }).click();
    await page.waitForURL(/\/reports\/saved\/\d+$/);
    expect(problemsOf(page)).toEqual([]);
  });

  it('a head picks columns and sees the deals themselves, largest amount first, each linking to its deal', async () => {
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signInAsHead(page);
    await page.goto(`${server.url}/reports/builder/new?entity=deal`);
    const column = (n: number) => page.getByLabel(en['builder.columnN'].replace('{n}', String(n)), { exact: true });
    await column(1).selectOption({ label: en['deals.field.title'] });
    await column(2).selectOption({ label: en['records.responsible'] });
    await column(3).selectOption({ label: en['deals.field.amount'] });
    await page.getByLabel(en['builder.sort']).selectOption({ label: en['deals.field.amount'] });
    await page.getByLabel(en['builder.dir'], { exact: true }).selectOption({ label: en['builder.dir.desc'] });
    await page.getByRole('button', { name: en['builder.preview'] }).click();
    // The Seller's two deals (the other department's is not the head's), the larger first; the totals over both.
    const preview = page.locator('#preview .report-table');
    await expect.poll(async () => (await preview.locator('tbody tr').first().textContent())?.replace(/\s+/g, ' ')).toMatch(/Deal 200\.25 Seller .*200\.25/);
    expect(await preview.locator('tbody tr').count()).toBe(2);
    expect((await preview.locator('.report-totals').textContent())?.replace(/\s+/g, ' ')).toMatch(/Records in all: 2 .*300\.75/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await saveScreenshot(page, 'report-builder-list');
    await preview.getByRole('link', { name: 'Deal 100.50' }).click();
    await page.waitForURL(/\/deals\/\d+$/);
    expect(problemsOf(page)).toEqual([]);
  });

  it('works without script: the preview is the page again, and the report is saved and shown', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    screenshotOnFailure(page);
    await signInAsHead(page);
    await page.goto(`${server.url}/reports/builder/new?entity=deal`);
    await page.getByLabel(en['builder.group1']).selectOption({ label: en['deals.field.stage'] });
    await page.getByRole('button', { name: en['builder.preview'] }).click();
    await page.waitForURL(/\/reports\/builder\/preview$/);
    // The form keeps what was chosen, and the result is under it: the Seller's won and open deal.
    expect(await page.getByLabel(en['builder.group1']).inputValue()).toBe('stage');
    expect(await page.locator('#preview .report-totals').textContent()).toMatch(/2/);
    await page.getByLabel(new RegExp(`^${en['builder.name']}`)).fill('By stage');
    await page.getByRole('button', { name: en['builder.save'] }).click();
    await page.waitForURL(/\/reports\/saved\/\d+$/);
    expect(await page.locator('.report-table tbody tr').count()).toBe(2);
  });
});
