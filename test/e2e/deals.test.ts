import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, problemsOf } from '../support/browser.js';
import { ADMIN, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { createDeal } from '../../src/features/deals/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startTestServer();
  await setUpCompany(server.ctx);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('deals kanban in a browser', () => {
  it('drags a deal to another stage; the board and its totals follow', async () => {
    const stageId = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
    const admin = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
    const base = { amount: '1000', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null };
    const deal = createDeal(server.ctx, admin, { ...base, title: 'Перетаскиваемая сделка', stageId: stageId('New') });
    createDeal(server.ctx, admin, { ...base, title: 'Остаётся на месте', stageId: stageId('New') });

    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(en['field.email']).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: en['auth.signIn'] }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('link', { name: en['nav.deals'] }).click();
    await page.waitForURL(/\/deals\/kanban/);

    const column = (name: string) => page.locator(`.column[data-stage="${stageId(name)}"]`);
    expect(await column('New').locator('.column-count').textContent()).toBe('2');
    await page.locator(`[data-deal="${deal.id}"]`).dragTo(column('Proposal'));
    await expect.poll(() => column('Proposal').locator('.column-count').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await column('New').locator('.column-count').textContent()).toBe('1');
    expect(await column('Proposal').textContent()).toContain('Перетаскиваемая сделка');
    expect(server.ctx.db.all(sql`SELECT stage_id AS s FROM deals WHERE id = ${deal.id}`)).toEqual([{ s: stageId('Proposal') }]);

    await page.locator(`.column[data-stage="${stageId('Negotiation')}"] .quick-add input[name=title]`).fill('Новая из канбана');
    await page.keyboard.press('Enter');
    await expect.poll(() => column('Negotiation').textContent()).toContain('Новая из канбана');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
