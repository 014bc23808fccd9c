import fs from 'node:fs';
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

describe('list export in a browser', () => {
  it('downloads the filtered deal list from the Export menu as CSV', async () => {
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
    await page.goto(`${server.url}/deals?q=`);
    const rows = page.locator('#deal-rows tr');
    await expect.poll(() => rows.count()).toBe(3);

    await page.locator('summary', { hasText: en['lists.filters'] }).click();
    await page.getByRole('textbox', { name: en['deals.field.title'], exact: true }).fill('серверы');
    await page.getByRole('button', { name: en['common.apply'] }).first().click();
    await page.waitForURL(/f\.title=/);
    await expect.poll(() => rows.count()).toBe(2);

    await page.locator('summary', { hasText: en['export.menu'] }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en['export.csv'], exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^deals-\d{4}-\d\d-\d\d\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toContain(en['deals.field.title']);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['Серверы для офиса', 'Серверы для склада']);
    expect(problemsOf(page)).toEqual([]);
  });
});
