import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { newPage, problemsOf } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

describe('a lead in a browser', () => {
  it('is created with two phones, converted into a contact, a company and a deal, and the history shows it', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByLabel(en['field.email']).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: en['auth.signIn'] }).click();
    await page.waitForURL(`${server.url}/`);

    await page.getByRole('link', { name: en['nav.leads'], exact: true }).click();
    await page.getByRole('link', { name: en['leads.new'] }).click();
    await page.locator('#f-title').fill('Request from the website');
    await page.getByLabel(en['contacts.field.lastName']).fill('Sokolov');
    await page.getByLabel(en['contacts.field.firstName']).fill('Pavel');
    await page.getByLabel(en['leads.field.companyTitle']).fill('Sokol Trading');
    await page.locator('input[name="comms[phone][0][value]"]').fill('+7 916 000-11-22');
    await page.getByRole('button', { name: en['leads.create'] }).click();
    await page.waitForURL(/\/leads\/\d+$/);
    // The empty row saved the first phone; the page now offers a fresh empty row for the second.
    await page.getByRole('link', { name: en['records.edit'] }).click();
    await page.locator('input[name="comms[phone][1][value]"]').fill('8 495 000-33-44');
    await page.getByRole('button', { name: en['common.save'] }).click();
    await page.waitForURL(/\/leads\/\d+$/);
    const leadUrl = page.url();
    expect(await page.locator('.record').textContent()).toContain('8 495 000-33-44');

    await page.getByRole('button', { name: en['leads.convert.button'] }).click();
    await page.waitForURL(/\/deals\/\d+$/);
    expect(await page.locator('.flash').textContent()).toContain('converted');
    expect(await page.locator('.history').textContent()).toMatch(/Created by converting: lead #\d+/);
    await page.getByRole('link', { name: 'Sokolov Pavel' }).click();
    const contactText = await page.locator('.record').textContent();
    expect(contactText).toContain('+7 916 000-11-22');
    expect(contactText).toContain('8 495 000-33-44');
    expect(contactText).toContain('Sokol Trading');

    await page.goto(leadUrl);
    expect(await page.locator('.history').textContent()).toMatch(/Converted into: contact #\d+, company #\d+, deal #\d+/);
    expect(await page.locator('.stagebar .current').textContent()).toContain('Converted');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
