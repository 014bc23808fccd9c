import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { addUser, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createDeal } from '../../src/features/deals/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/** A call planned from a row of the deal list: the row's "+" opens the add form in a dialog, its kind switched there; saving comes back to the list. */
let browser: Browser;
let server: TestServer;
const PASSWORD = 'Rows-pass-1';

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

describe('activities from a list row', () => {
  it('plans a call on a deal from the deal list without leaving it', async () => {
    const { ctx } = server;
    const manager = await addUser(ctx, { email: 'rows@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const deal = createDeal(ctx, admin, { title: 'Сделка из списка', stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: manager.id, everyone: false, comments: null });

    const page = await newPage(browser);
    screenshotOnFailure(page);
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail').fill('rows@example.com');
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/deals?q=`);
    const row = page.locator('tr', { hasText: 'Сделка из списка' });
    await row.getByLabel('Add activity: Сделка из списка').click();
    const dialog = page.locator('#activity-dialog');
    await dialog.getByRole('heading', { name: 'New call' }).waitFor();
    await dialog.getByRole('link', { name: 'Task' }).click();
    await dialog.getByRole('heading', { name: 'New task' }).waitFor();
    await dialog.getByRole('link', { name: 'Call' }).click();
    await dialog.getByRole('heading', { name: 'New call' }).waitFor();
    expect(await dialog.textContent()).toContain('For: Сделка из списка');
    await dialog.getByLabel('Subject').fill('Звонок из списка');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved: Звонок из списка').waitFor();
    expect(new URL(page.url()).pathname).toBe('/deals');

    await page.goto(`${server.url}/deals/${deal.id}`);
    await page.locator('#activities').getByRole('link', { name: 'Звонок из списка' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
