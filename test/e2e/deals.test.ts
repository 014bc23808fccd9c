import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { newPage, problemsOf } from '../support/browser.js';
import { ADMIN, addUser, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { setUserRoles } from '../../src/features/users/queries.js';
import { createDeal } from '../../src/features/deals/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
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
    await page.getByRole('link', { name: en['nav.deals'], exact: true }).click();
    await page.waitForURL(/\/deals\/kanban/);

    const column = (name: string) => page.locator(`.column[data-column="${stageId(name)}"]`);
    expect(await column('New').locator('.column-count').textContent()).toBe('2');
    await page.locator(`[data-card="${deal.id}"]`).dragTo(column('Proposal'));
    await expect.poll(() => column('Proposal').locator('.column-count').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await column('New').locator('.column-count').textContent()).toBe('1');
    expect(await column('Proposal').textContent()).toContain('Перетаскиваемая сделка');
    expect(server.ctx.db.all(sql`SELECT stage_id AS s FROM deals WHERE id = ${deal.id}`)).toEqual([{ s: stageId('Proposal') }]);

    await page.locator(`.column[data-column="${stageId('Negotiation')}"] .quick-add input[name=title]`).fill('Новая из канбана');
    await page.keyboard.press('Enter');
    await expect.poll(() => column('Negotiation').textContent()).toContain('Новая из канбана');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it("the roles editor opens a colleague's deal to a manager, who could not open it by URL before", async () => {
    const stage = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const admin = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
    const mila = await addUser(server.ctx, { email: 'mila@example.com', password: 'Mila-pass-123', fullName: 'Mila' });
    const colleagues = createDeal(server.ctx, admin, { title: 'Сделка коллеги', stageId: stage, amount: '5', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null });

    const manager = await newPage(browser);
    const signIn = async (page: typeof manager, email: string, password: string) => {
      await page.goto(`${server.url}/login`);
      await page.getByLabel(en['field.email']).fill(email);
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole('button', { name: en['auth.signIn'] }).click();
      await page.waitForURL(`${server.url}/`);
    };
    await signIn(manager, 'mila@example.com', 'Mila-pass-123');
    const byUrl = await manager.goto(`${server.url}/deals/${colleagues.id}`);
    expect(byUrl!.status()).toBe(404);
    expect(await manager.locator('h1').textContent()).toBe(en['error.notFound.title']);

    const page = await newPage(browser);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/settings/roles`);
    await page.getByLabel(en['roles.name']).fill('Senior manager');
    await page.getByLabel(en['roles.copyFrom']).selectOption({ label: en['role.manager'] });
    await page.getByRole('button', { name: en['roles.create'] }).click();
    await page.waitForURL(/\/settings\/roles\/\d+$/);
    await page.getByLabel(`${en['access.entity.deal']}: ${en['access.action.read']}`).selectOption('all');
    await page.getByRole('button', { name: en['common.save'] }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.flash').textContent()).toContain('Senior manager');
    const roleId = Number(new URL(page.url()).pathname.split('/').pop());
    setUserRoles(server.ctx.db, mila.id, [roleId]);

    const now = await manager.goto(`${server.url}/deals/${colleagues.id}`);
    expect(now!.status()).toBe(200);
    expect(await manager.locator('h1').textContent()).toBe('Сделка коллеги');
    expect(await manager.getByRole('link', { name: en['records.edit'] }).count()).toBe(0);
    expect(problemsOf(page)).toEqual([]);
    expect(problemsOf(manager)).toEqual([]);
  }, 60_000);
});
