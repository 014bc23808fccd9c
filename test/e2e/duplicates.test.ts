import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDeal } from '../../src/features/deals/service.js';
import { allPipelines, stagesOf } from '../../src/features/pipelines/queries.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { en } from '../../src/platform/i18n/en.js';

let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

const admin = () => toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
const deal = (title: string, contactId: number) =>
  createDeal(server.ctx, admin(), {
    title, stageId: stagesOf(server.ctx.db, allPipelines(server.ctx.db)[0]!.id)[0]!.id, amount: '', currency: 'RUB', probability: null, typeId: null, sourceId: null,
    expectedClose: null, contactId, companyId: null, responsibleId: 1, everyone: false, comments: null,
  });

async function signIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(en['field.email']).fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
  await page.waitForURL(`${server.url}/`);
}

describe('duplicates in a browser', () => {
  it('the duplicate warning appears as a phone is typed, and merging works', async () => {
    const existing = createContact(server.ctx, admin(), {
      lastName: 'Petrov', firstName: null, middleName: null, position: 'Buyer', typeId: null, sourceId: null, birthday: null, responsibleId: 1, companyIds: [], comments: null,
      comms: [{ kind: 'phone', type: 'mobile', value: '+7 916 123-45-67' }, { kind: 'phone', type: 'work', value: '8 495 222-33-44' }],
    });
    const laptops = deal('Laptops', existing.id);

    const page = await newPage(browser);
    screenshotOnFailure(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page);
    await page.getByRole('link', { name: en['nav.contacts'], exact: true }).click();
    await page.getByRole('link', { name: en['contacts.new'] }).click();
    await page.getByLabel(en['contacts.field.lastName']).fill('Petrov');
    await page.getByLabel(en['contacts.field.firstName']).fill('Ivan');
    await page.locator('input[name="comms[phone][0][value]"]').fill('8 (916) 123 45 67');
    await page.locator('input[name="comms[email][0][value]"]').fill('ivan@petrov.example');

    const panel = page.locator('.duplicates-panel');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(en['duplicates.panel']);
    expect(await panel.textContent()).toContain(en['duplicates.reason.phone']);
    expect(await panel.getByRole('link', { name: 'Petrov' }).getAttribute('href')).toBe(`/contacts/${existing.id}`);

    await panel.getByRole('button', { name: en['duplicates.saveAnyway'] }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    const newId = Number(page.url().split('/').pop());
    expect(newId).not.toBe(existing.id);
    const monitors = deal('Monitors', newId);

    await page.getByRole('link', { name: en['duplicates.find'] }).click();
    await page.waitForURL(`${server.url}/duplicates/contact/${newId}`);
    await page.getByRole('link', { name: en['duplicates.mergeWith'] }).click();
    await page.waitForURL(`${server.url}/duplicates/contact/${newId}/merge/${existing.id}`);
    // The new record has no position: the existing one's is preselected.
    expect(await page.locator('input[name="pick[position]"][value="other"]').isChecked()).toBe(true);
    await page.getByRole('button', { name: en['duplicates.merge'], exact: true }).click();
    await page.waitForURL(`${server.url}/contacts/${newId}`);

    const record = await page.locator('.record').textContent();
    expect(await page.locator('.flash').textContent()).toContain('Records merged into Petrov Ivan.');
    expect(record).toContain('8 (916) 123 45 67');
    expect(record).toContain('8 495 222-33-44');
    expect(record).toContain('ivan@petrov.example');
    expect(record).not.toContain('+7 916 123-45-67');
    expect(record).toContain('Buyer');
    expect(await page.locator('.history').textContent()).toContain(`Merged with: contact #${existing.id} (Petrov)`);
    for (const d of [laptops, monitors]) {
      await page.goto(`${server.url}/deals/${d.id}`);
      expect(await page.getByRole('link', { name: 'Petrov Ivan' }).getAttribute('href')).toBe(`/contacts/${newId}`);
    }
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it('names warn too; "save and merge" from the warning opens the comparison with the new record', async () => {
    const existing = createContact(server.ctx, admin(), {
      lastName: 'Sokolova', firstName: 'Anna', middleName: null, position: null, typeId: null, sourceId: null, birthday: null, responsibleId: 1, companyIds: [], comments: null,
      comms: [{ kind: 'email', type: 'work', value: 'anna@sokol.example' }],
    });
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/contacts/new`);
    await page.getByLabel(en['contacts.field.lastName']).fill('sokolova');
    await page.getByLabel(en['contacts.field.firstName']).fill('ANNA');
    const panel = page.locator('.duplicates-panel');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(en['duplicates.reason.name']);
    await page.locator('input[name="comms[email][0][value]"]').fill('ANNA@sokol.example');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(`${en['duplicates.reason.email']}, ${en['duplicates.reason.name']}`);
    await panel.getByRole('button', { name: en['duplicates.saveAndMerge'] }).click();
    await page.waitForURL(new RegExp(`/duplicates/contact/${existing.id}/merge/\\d+$`));
    expect(await page.locator('h1').textContent()).toContain(en['duplicates.mergeTitle']);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
