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

const HEAD = { email: 'head@example.com', password: 'Dashboard-pass-1' };

async function signInAsHead(page: Page): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(en['field.email']).fill(HEAD.email);
  await page.getByLabel(/^Password/).fill(HEAD.password);
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
  await page.waitForURL(`${server.url}/`);
}

describe('the dashboard in a browser', () => {
  it('a head adds a widget and sees its chart on the home page', async () => {
    const { ctx } = server;
    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const sales = createDepartment(ctx, { name: 'Sales', parentId: null, headUserId: null });
    const headId = (await addUser(ctx, { ...HEAD, fullName: 'Head of Sales', role: 'head', departmentIds: [sales.id] })).id;
    const managerId = (await addUser(ctx, { email: 'm@example.com', password: 'Dashboard-pass-1', fullName: 'Maria Manager', role: 'manager', departmentIds: [sales.id] })).id;
    const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
    const base = { stageId: stage('new'), currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, everyone: false, comments: null };
    for (const [title, amount, who] of [['Pumps', '1200', managerId], ['Valves', '300', headId]] as const) {
      moveDeal(ctx, admin, createDeal(ctx, admin, { ...base, title, amount, responsibleId: who }).id, stage('won'));
    }
    createDeal(ctx, admin, { ...base, title: 'Pipes', amount: '50', responsibleId: managerId });

    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signInAsHead(page);

    // The suggested widgets load their figures after the page.
    const widgets = page.locator('.dashboard .widget');
    await expect.poll(() => widgets.count()).toBe(3);
    // The reports' worker thread starts with the first of them.
    await expect.poll(() => page.locator('.dashboard .widget[data-loaded]').count(), { timeout: 15_000 }).toBe(3);

    await page.getByRole('link', { name: en['dashboard.edit'] }).click();
    await page.waitForURL(/\/dashboard\/edit$/);
    await page.getByLabel(en['dashboard.col.report'], { exact: true }).selectOption({ label: en['reports.open-stages.title'] });
    await page.getByLabel(en['dashboard.col.period'], { exact: true }).selectOption('year');
    await page.getByRole('button', { name: en['dashboard.add'], exact: true }).click();
    await page.waitForURL(/\/dashboard\/edit$/);
    await expect.poll(() => page.locator('.flash').textContent()).toContain(en['dashboard.saved']);
    // Moved to the top.
    const up = page.getByRole('button', { name: `${en['dashboard.up']}: ${en['reports.open-stages.title']}` });
    for (let i = 0; i < 3; i++) await Promise.all([page.waitForEvent('load'), up.click()]);
    await expect.poll(() => page.locator('.dashboard-edit tbody tr').first().textContent()).toContain(en['reports.open-stages.title']);
    await saveScreenshot(page, 'dashboard-edit');

    await page.getByRole('link', { name: en['dashboard.back'] }).click();
    await page.waitForURL(`${server.url}/`);
    const first = widgets.first();
    await expect.poll(() => first.getAttribute('data-loaded'), { timeout: 15_000 }).toBe('');
    expect(await first.getByRole('heading').textContent()).toContain(en['reports.open-stages.title']);
    // Its chart: one slice for the one open deal, named by its stage with its count.
    const chart = first.locator('svg');
    await expect.poll(() => chart.count()).toBe(1);
    expect(await chart.locator('rect, path, circle').count()).toBeGreaterThan(0);
    expect(await first.locator('svg title').allTextContents()).toEqual(['New: 1']);
    expect(await widgets.count()).toBe(4);
    await saveScreenshot(page, 'dashboard-head-home');
    // Four widgets with their charts still fit a laptop's and a tablet's width.
    for (const width of [1366, 1024]) {
      await page.setViewportSize({ width, height: 768 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    }

    // The title opens the full report over the widget's period.
    await first.getByRole('link', { name: en['reports.open-stages.title'] }).click();
    await page.waitForURL(/\/reports\/open-stages\?from=\d{4}-01-01&to=/);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it('without script the widgets are links to their reports', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    screenshotOnFailure(page);
    await signInAsHead(page);
    expect(await page.locator('.dashboard .widget[data-loaded]').count()).toBe(0);
    await page.locator('.dashboard .widget').first().getByRole('link', { name: en['reports.open-stages.title'] }).click();
    await page.waitForURL(/\/reports\/open-stages\?from=\d{4}-01-01&to=/);
    expect(await page.locator('.report-table').count()).toBe(1);
  }, 60_000);
});
