import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { IMPORT_FIXTURES } from '../support/import.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
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

describe('import in a browser', () => {
  it('uploads a Bitrix24 export, maps, previews, runs with a live progress bar and shows the counts', async () => {
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.getByRole('link', { name: en['nav.contacts'], exact: true }).click();
    await page.getByRole('link', { name: en['import.button'] }).click();
    await page.waitForURL(`${server.url}/import/contact`);
    await page.getByLabel(en['import.file']).setInputFiles(path.join(IMPORT_FIXTURES, 'bitrix-contacts-ru.csv'));
    await page.getByRole('button', { name: en['import.upload'] }).click();
    await page.waitForURL(/\/import\/jobs\/\d+$/);

    // The Bitrix24 columns are mapped already; one is changed by hand and the preview follows.
    expect(await page.getByLabel('Фамилия', { exact: true }).inputValue()).toBe('lastName');
    expect(await page.getByLabel('Мобильный телефон').inputValue()).toBe('phone.mobile');
    const preview = page.locator('table.import-preview');
    expect(await preview.locator('tr.outcome-rejected').count()).toBe(2);
    await page.getByLabel('Ответственный').selectOption('');
    await page.getByRole('button', { name: en['import.refreshPreview'] }).click();
    await page.waitForLoadState();
    expect(await page.locator('table.import-preview tr.outcome-rejected').count()).toBe(1);
    await page.getByLabel('Ответственный').selectOption('responsible');

    await page.getByRole('button', { name: en['import.start'].replace('{n}', '5') }).click();
    const progress = page.locator('#import-progress');
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
    expect(await progress.locator('progress').getAttribute('value')).toBe('5');
    expect(await progress.locator('[data-count="created"]').textContent()).toBe('3');
    expect(await progress.locator('[data-count="rejected"]').textContent()).toBe('2');
    expect(await progress.locator('table.import-rejects').textContent()).toContain('no active user "Неизвестный Сотрудник"');
    expect(await progress.getByRole('link', { name: en['import.downloadRejected'] }).getAttribute('href')).toMatch(/\/rejected\.csv$/);

    await page.getByRole('link', { name: en['import.backToList'] }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Петров Иван Сергеевич');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
