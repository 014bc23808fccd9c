import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { newPage } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createDeal, moveDeal } from '../../src/features/deals/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { inputText } from '../../src/platform/dates.js';
import { toLocalInput } from '../../src/platform/format.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

const DAY = 86_400_000;

describe('reports in a browser', () => {
  it('opens a report, widens its period, and a figure leads to the list of its deals', async () => {
    const { ctx } = server;
    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
    const base = { stageId: stage('new'), currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null };
    const won = (title: string, amount: string) => moveDeal(ctx, admin, createDeal(ctx, admin, { ...base, title, amount }).id, stage('won'));
    won('Earlier deal', '100');
    ctx.clock.advance(45 * DAY);
    won('Recent deal', '200');
    won('Another recent deal', '300');
    const today = toLocalInput(ctx.clock.now(), 'Europe/Moscow').slice(0, 10);
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(en['field.email']).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: en['auth.signIn'] }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: en['nav.reports'], exact: true }).click();
    await page.getByRole('link', { name: en['reports.managers.title'] }).click();
    await page.waitForURL(/\/reports\/managers/);

    // Days typed as the English interface writes them.
    const typed = (iso: string) => inputText(iso, 'date', 'en');
    expect(await page.getByLabel(en['reports.filter.from']).inputValue()).toBe(typed(`${today.slice(0, 8)}01`));
    await page.getByLabel(en['reports.filter.from']).fill(typed(day(-10)));
    await page.getByLabel(en['reports.filter.to']).fill(typed(today));
    await page.getByRole('button', { name: en['reports.filter.apply'] }).click();
    await page.waitForURL(new RegExp(`from=${encodeURIComponent(typed(day(-10)))}`));
    const deals = page.locator('.report-table tbody tr').first().locator('td').nth(1);
    await expect.poll(() => deals.textContent()).toContain('2');

    await page.getByLabel(en['reports.filter.from']).fill(typed(day(-60)));
    await page.getByRole('button', { name: en['reports.filter.apply'] }).click();
    await page.waitForURL(new RegExp(`from=${encodeURIComponent(typed(day(-60)))}`));
    await expect.poll(async () => (await deals.textContent())?.trim()).toBe('3');
    // The revenue figure of the totals: all three won deals, 600.00.
    await expect.poll(async () => (await page.locator('.report-totals td').last().textContent())?.replace(/\s/g, '')).toContain('600');

    await deals.getByRole('link').click();
    await page.waitForURL(/\/deals\?/);
    expect(page.url()).toContain(`f.createdAt.from=${day(-60)}`);
    const rows = page.locator('#deal-rows tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect((await rows.allTextContents()).join(' ')).toContain('Earlier deal');
  });
});
