import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(en['field.email']).fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
  await page.waitForURL(`${server.url}/`);
}

function newDeal(title: string) {
  const admin = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
  const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  return createDeal(server.ctx, admin, {
    title, stageId, amount: '1000', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null,
    contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null,
  });
}

const editLabel = (field: string) => en['inline.edit'].replace('{field}', field);

describe('a deal page edited in place', () => {
  it("changes the amount in place and shows it and the history entry without reloading; Escape puts a field back", async () => {
    const deal = newDeal('Поставка серверов');
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/deals/${deal.id}`);
    // A value that survives only as long as the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const amount = page.locator('[data-inline="amount"]');
    await amount.click();
    const input = amount.getByLabel(en['deals.field.amount']);
    await expect.poll(() => input.inputValue()).toBe('1000.00');
    await input.fill('abc');
    await amount.getByRole('button', { name: en['common.save'] }).click();
    await expect.poll(() => amount.textContent()).toContain(en['validation.money']);
    await amount.getByLabel(en['deals.field.amount']).fill('2 500,75');
    await amount.getByRole('button', { name: en['common.save'] }).click();
    await expect.poll(() => amount.textContent()).toMatch(/RUB\s2,500\.75/);
    const entry = page.locator('#record-history li', { hasText: en['deals.field.amount'] });
    await expect.poll(() => entry.textContent()).toMatch(/1000\.00 RUB\s*→\s*2500\.75 RUB/);

    const probability = page.locator('[data-inline="probability"]');
    await probability.getByRole('link', { name: editLabel(en['deals.field.probability']) }).click();
    await probability.getByLabel(en['deals.field.probability']).fill('70');
    await page.keyboard.press('Escape');
    await expect.poll(() => probability.textContent()).toContain(en['inline.empty']);

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(server.ctx.db.all(sql`SELECT amount_minor AS a, probability AS p FROM deals WHERE id = ${deal.id}`)).toEqual([{ a: 250075, p: null }]);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it('creates a contact from the deal page and links a company by the searchable picker', async () => {
    const deal = newDeal('Ноутбуки для офиса');
    const admin = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
    createCompany(server.ctx, admin, {
      title: 'ООО Вектор', typeId: null, industryId: null, responsibleId: 1, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null,
      bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [],
    });
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/deals/${deal.id}`);

    await page.getByText(en['related.newContact']).click();
    const form = page.locator('.new-contact-form');
    await form.getByLabel(en['contacts.field.lastName']).fill('Петров');
    await form.getByLabel(en['contacts.field.firstName']).fill('Пётр');
    await form.getByLabel(en['records.phone']).fill('+7 916 555-44-33');
    await form.getByRole('button', { name: en['related.create'] }).click();
    const contact = page.locator('[data-inline="contactId"]');
    await expect.poll(() => contact.textContent()).toContain('Петров Пётр');
    expect(await contact.getByRole('link', { name: 'Петров Пётр' }).getAttribute('href')).toMatch(/^\/contacts\/\d+$/);

    const company = page.locator('[data-inline="companyId"]');
    await company.click();
    await company.getByRole('searchbox').pressSequentially('Вект', { delay: 50 });
    await company.getByLabel('ООО Вектор').check();
    await company.getByRole('button', { name: en['common.save'] }).click();
    await expect.poll(() => company.textContent()).toContain('ООО Вектор');
    await expect.poll(() => page.locator('#record-history').textContent()).toContain('ООО Вектор');
    expect(server.ctx.db.all(sql`SELECT c.title FROM deals d JOIN companies c ON c.id = d.company_id WHERE d.id = ${deal.id}`)).toEqual([{ title: 'ООО Вектор' }]);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it('without JavaScript a field opens as a page of its own and saving returns to the deal', async () => {
    const deal = newDeal('Без скриптов');
    const page = await newPage(browser, { javaScriptEnabled: false });
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/deals/${deal.id}`);
    await page.getByRole('link', { name: editLabel(en['deals.field.probability']) }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}/fields/probability`);
    await page.getByLabel(en['deals.field.probability']).fill('150');
    await page.getByRole('button', { name: en['common.save'] }).click();
    expect(await page.locator('.error').textContent()).toContain(en['validation.percent']);
    await page.getByLabel(en['deals.field.probability']).fill('60');
    await page.getByRole('button', { name: en['common.save'] }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    expect(await page.locator('[data-inline="probability"]').textContent()).toContain('60 %');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});

describe('the lead kanban', () => {
  it('quick-adds a lead to a column by typing its title', async () => {
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/leads/kanban`);
    const first = page.locator('.column[data-column]').first();
    await first.getByLabel(en['leads.quickAdd']).fill('Заявка с выставки');
    await page.keyboard.press('Enter');
    await expect.poll(() => first.locator('.column-cards').textContent()).toContain('Заявка с выставки');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
