import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { tempDir } from '../support/context.js';
import { addUser, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createProduct } from '../../src/features/catalog/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { saveSeller } from '../../src/features/seller/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
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

const plain = (s: string | null) => (s ?? '').replace(/\u00a0|\u202f/g, ' ');

describe('from a deal to an invoice in a browser', () => {
  it('adds two catalog products with a discount, the amount follows, makes an invoice, downloads its PDF and opens its public link signed out', async () => {
    const ctx = server.ctx;
    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const product = { sku: null, sectionId: null, description: null, unitCode: '796', currency: 'RUB', vatBp: 2000, vatIncluded: true, active: true, sort: 100 };
    createProduct(ctx, admin, { ...product, name: 'Монитор Samsung 27"', priceMinor: 2500000 });
    createProduct(ctx, admin, { ...product, name: 'Клавиатура Logitech', priceMinor: 350000 });
    saveSeller(ctx, {
      legalName: 'ООО «Вектор»', inn: '7707083893', kpp: '773601001', ogrn: null, vatId: null, legalAddress: 'Москва, ул. Тверская, 1', address: null, phone: null, email: null,
      bankName: 'ПАО Сбербанк', bik: '044525225', corrAccount: '30101810400000000225', account: '40702810938000000001', swift: null, iban: null, bankAddress: null,
      director: 'Иванов И. И.', accountant: 'Петрова А. А.', paymentDetails: null, quoteTemplate: 'КП-{N}', invoiceTemplate: 'СЧ-{YYYY}-{N}', dueDays: 5,
    });
    const mila = await addUser(ctx, { email: 'mila@example.com', password: 'Mila-pass-123', fullName: 'Mila' });
    const company = createCompany(ctx, admin, {
      title: 'Ромашка', typeId: null, industryId: null, responsibleId: mila.id, legalName: 'ООО «Ромашка»', taxId: '5001234567', kpp: '500101001', ogrn: null,
      bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [],
    });
    const stageId = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const deal = createDeal(ctx, admin, {
      title: 'Рабочие места', stageId, amount: '', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null,
      contactId: null, companyId: company.id, responsibleId: mila.id, everyone: false, comments: null,
    });

    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page, 'mila@example.com', 'Mila-pass-123');
    await page.goto(`${server.url}/deals/${deal.id}`);
    await page.getByRole('link', { name: en['catalog.rows.add'] }).click();

    // Pick both by their first letters, the first as typed, the second with Enter (the search box of
    // the table the first pick has just redrawn); the picker adds each as a row.
    const search = page.getByLabel(en['catalog.rows.pick']);
    await search.fill('мон');
    await page.getByRole('button', { name: /Монитор Samsung/ }).click();
    await expect.poll(() => page.getByLabel(`${en['catalog.rows.name']} 1`).inputValue()).toBe('Монитор Samsung 27"');
    await page.getByLabel(en['catalog.rows.pick']).fill('клав');
    await page.getByLabel(en['catalog.rows.pick']).press('Enter');
    await page.getByRole('button', { name: /Клавиатура Logitech/ }).click();
    await expect.poll(() => page.getByLabel(`${en['catalog.rows.name']} 2`).inputValue()).toBe('Клавиатура Logitech');

    // 2 monitors at 25 000 with 10 % off and a keyboard: 45 000 + 3 500 = 48 500.
    await page.getByLabel(`${en['catalog.rows.quantity']} 1`).fill('2');
    await page.getByLabel(`${en['catalog.rows.discount']} 1`).fill('10');
    await page.getByLabel(`${en['catalog.rows.discount']} 1`).press('Tab');
    await expect.poll(async () => plain(await page.locator('#rows-total').textContent())).toMatch(/48,500\.00/);
    await page.getByRole('button', { name: en['catalog.rows.save'] }).click();
    // The deal page again (the same address as before saving): its amount once the saved page is shown.
    await expect.poll(async () => plain(await page.locator('.props').first().textContent())).toMatch(/RUB\s?48,500\.00/);
    expect(ctx.db.all(sql`SELECT amount_minor AS a FROM deals WHERE id = ${deal.id}`)).toEqual([{ a: 4850000 }]);

    await page.getByRole('button', { name: en['documents.fromDeal.invoice'] }).click();
    await page.waitForURL(/\/invoices\/\d+$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en['documents.pdf'], exact: true }).click()]);
    const file = path.join(tempDir('prosto-e2e-'), download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^Счёт СЧ-\d{4}-1\.pdf$/);
    const text = plain(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
    for (const expected of ['Счёт на оплату № СЧ-', 'ООО «Ромашка», ИНН 5001234567, КПП 500101001', 'Монитор Samsung 27"', 'Клавиатура Logitech', 'Всего к оплате:', '48 500,00', 'В том числе НДС 20%:', '8 083,33', 'Сорок восемь тысяч пятьсот рублей 00 копеек']) {
      expect(text).toContain(expected);
    }

    await page.getByRole('button', { name: en['documents.link.make'] }).click();
    const link = await page.locator('#public-link').getAttribute('href');
    expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    const client = await newPage(browser);
    await client.goto(link!);
    expect(await client.locator('h1').textContent()).toMatch(/^Счёт на оплату № СЧ-/);
    expect(plain(await client.locator('.words').textContent())).toContain('Сорок восемь тысяч пятьсот рублей 00 копеек');
    expect(await client.getByRole('link', { name: 'Скачать PDF' }).getAttribute('href')).toBe(`${new URL(link!).pathname}/pdf`);
    expect(problemsOf(page)).toEqual([]);
    expect(problemsOf(client)).toEqual([]);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }, 90_000);
});
