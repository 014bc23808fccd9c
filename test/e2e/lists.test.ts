import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { newPage, problemsOf } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createDeal } from '../../src/features/deals/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

describe('record lists in a browser', () => {
  it('saves a filtered view and reopens it', async () => {
    const stage = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const admin = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
    const base = { stageId: stage, currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null };
    createDeal(server.ctx, admin, { ...base, title: 'Серверы для склада', amount: '250000' });
    createDeal(server.ctx, admin, { ...base, title: 'Серверы для офиса', amount: '900' });
    createDeal(server.ctx, admin, { ...base, title: 'Ноутбуки', amount: '400000' });

    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(en['field.email']).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: en['auth.signIn'] }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: en['nav.deals'], exact: true }).click();
    await page.getByRole('link', { name: en['deals.list'], exact: true }).click();
    await page.waitForURL(/\/deals\?pipeline=\d+$/);
    const rows = page.locator('#deal-rows tr');
    await expect.poll(() => rows.count()).toBe(3);

    await page.locator('summary', { hasText: en['lists.filters'] }).click();
    await page.getByRole('textbox', { name: en['deals.field.title'], exact: true }).fill('серверы');
    await page.getByLabel(`${en['deals.field.amount']}: ${en['lists.filter.from']}`).fill('1000');
    await page.getByRole('button', { name: en['common.apply'] }).first().click();
    await page.waitForURL(/f\.title=/);
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Серверы для склада')]);

    await page.locator('summary', { hasText: en['lists.views'] }).click();
    await page.getByLabel(en['lists.views.saveAs']).fill('Крупные серверы');
    await page.getByRole('button', { name: en['lists.views.save'] }).click();
    await page.waitForURL(/view=\d+/);
    expect(await page.locator('.flash').textContent()).toContain('Крупные серверы');

    await page.goto(`${server.url}/deals?q=`);
    await expect.poll(() => rows.count()).toBe(3);
    await page.locator('summary', { hasText: en['lists.views'] }).click();
    await page.getByRole('link', { name: 'Крупные серверы' }).click();
    await page.waitForURL(/f\.title=.*view=\d+/);
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Серверы для склада')]);
    expect(await page.locator('.list-panel.filters > summary').textContent()).toBe(en['lists.filters.active'].replace('{n}', '3'));
    expect(await page.locator('input[name="f.title"]').inputValue()).toBe('серверы');
    expect(await page.locator('.list-panel.views > summary').textContent()).toBe('View: Крупные серверы');
    expect(problemsOf(page)).toEqual([]);
  }, 90_000);
});
