import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { loadComms } from '../../src/platform/records/communications.js';
import { createUser } from '../../src/features/users/service.js';
import { findUser, roleByCode } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { createLead } from '../../src/features/leads/service.js';
import { convertLead } from '../../src/features/leads/convert.js';
import { createDeal, moveDeal } from '../../src/features/deals/service.js';
import { allLeadStatuses, allPipelines, stagesOf } from '../../src/features/pipelines/queries.js';
import { en } from '../../src/platform/i18n/en.js';
import { ru } from '../../src/platform/i18n/ru.js';

/** Issue 20: what a new user stumbled on, tried as they would in a browser at 1366×768. */
let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

const IRINA = { email: 'irina@example.com', password: 'Irina-pass-123', fullName: 'Ирина Русская' };

/** A colleague who works in Russian in a company set up in English (allWithBrowser's setup). */
async function russianColleague() {
  if (findUser(server.ctx.db, 2)) return;
  await createUser(server.ctx, { userId: null, ip: null }, {
    ...IRINA, passwordConfirm: IRINA.password, locale: 'ru', roleIds: [roleByCode(server.ctx.db, 'director')!.id], departmentIds: [], absentUntil: null,
  });
}

const admin = () => toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);

/** A lead converted into a contact (two phones, an e-mail), a company and a deal, responsible Irina. */
function convertedLead(title: string) {
  const lead = createLead(server.ctx, admin(), {
    title, lastName: 'Петров', firstName: 'Иван', middleName: null, companyTitle: `ООО ${title}`, position: null, statusId: allLeadStatuses(server.ctx.db)[0]!.id, sourceId: null,
    amount: '1000', currency: 'RUB', responsibleId: 2, everyone: false, comments: null, custom: undefined,
    comms: [{ kind: 'phone', type: 'work', value: '+7 916 123-45-67' }, { kind: 'phone', type: 'mobile', value: '8 495 000-00-00' }, { kind: 'email', type: 'work', value: 'petrov@example.com' }],
  });
  return { lead, ...convertLead(server.ctx, admin(), lead.id, { contact: { kind: 'new' }, company: { kind: 'new' }, deal: true, stageId: undefined }) };
}

async function signIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
  await page.waitForURL(`${server.url}/`);
}

describe('record forms', () => {
  it('take two phones and two e-mails at creation, "+ add" and "remove" without a round trip', async () => {
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/contacts/new`);
    await page.locator('input[name=lastName]').fill('Двухтелефонный');
    const phones = page.locator('[data-comms=phone]');
    await phones.locator('input[type=tel]').first().fill('+7 916 111-11-11');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await phones.getByRole('button', { name: en['records.commAdd.phone'] }).click();
    await phones.locator('input[type=tel]').nth(1).fill('8 495 222-22-22');
    await phones.locator('select').nth(1).selectOption('mobile');
    const emails = page.locator('[data-comms=email]');
    await emails.locator('input').first().fill('one@example.com');
    await emails.getByRole('button', { name: en['records.commAdd.email'] }).click();
    await emails.getByRole('button', { name: en['records.commAdd.email'] }).click();
    await emails.locator('input').nth(1).fill('wrong@example.com');
    await emails.locator('input').nth(2).fill('two@example.com');
    await emails.locator('[data-comm-row]').nth(1).getByRole('button', { name: en['records.commRemove'] }).click();
    expect(await emails.locator('input').count()).toBe(2);
    expect(requests).toEqual([]);

    await page.getByRole('button', { name: en['contacts.create'] }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(loadComms(server.ctx.db, 'contact', [id]).get(id)).toEqual([
      { kind: 'phone', type: 'work', value: '+7 916 111-11-11' },
      { kind: 'phone', type: 'mobile', value: '8 495 222-22-22' },
      { kind: 'email', type: 'work', value: 'one@example.com' },
      { kind: 'email', type: 'work', value: 'two@example.com' },
    ]);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);

  it('without JavaScript still save the row they show', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await signIn(page);
    await page.goto(`${server.url}/companies/new`);
    expect(await page.getByRole('button', { name: en['records.commAdd.phone'] }).isVisible()).toBe(false);
    await page.locator('input[name=title]').fill('Без скриптов');
    await page.locator('[data-comms=phone] input').fill('+7 916 333-33-33');
    await page.getByRole('button', { name: en['companies.create'] }).click();
    await page.waitForURL(/\/companies\/\d+$/);
    expect(await page.locator('body').textContent()).toContain('+7 916 333-33-33');
  }, 60_000);
});

describe('one language per user', () => {
  it('a Russian user of a company set up in English sees Russian names on the board, the deal page and its history', async () => {
    await russianColleague();
    const { dealId } = convertedLead('Русские стадии');
    const stages = stagesOf(server.ctx.db, allPipelines(server.ctx.db)[0]!.id);
    moveDeal(server.ctx, admin(), dealId!, stages.find((s) => s.code === 'proposal')!.id);
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page, IRINA.email, IRINA.password);
    await page.goto(`${server.url}/deals/kanban`);
    const columns = await page.locator('.column-name').allTextContents();
    expect(columns).toEqual(['new', 'qualification', 'proposal', 'negotiation', 'invoice', 'won', 'lost'].map((c) => ru[`seed.stage.${c}` as 'seed.stage.new']));
    expect(await page.locator('select[name=pipeline] option').first().textContent()).toBe(ru['seed.pipeline.sales']);

    await page.goto(`${server.url}/deals/${dealId}`);
    expect(await page.locator('.stagebar .current').textContent()).toContain(ru['seed.stage.proposal']);
    const history = await page.locator('#history').textContent();
    expect(history).toContain(`${ru['seed.stage.new']} → ${ru['seed.stage.proposal']}`);
    expect(history).toContain(`${ru['history.convertedFrom']}: лид №`);
    await page.goto(`${server.url}/leads/kanban`);
    expect(await page.locator('.column-name').first().textContent()).toBe(ru['seed.status.new']);
    const body = await page.locator('body').textContent();
    for (const word of ['New', 'Converted', 'Junk', 'Sales']) expect(body).not.toContain(word);

    // The administrator, working in English, sees the same stages in English.
    const english = await newPage(browser);
    await signIn(english);
    await english.goto(`${server.url}/deals/${dealId}`);
    expect(await english.locator('#history').textContent()).toContain(`${en['seed.stage.new']} → ${en['seed.stage.proposal']}`);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});

describe('the deals board', () => {
  it('has "New deal", a filter by text and responsible, every column on a 1366-px screen and a readable quick add', async () => {
    await russianColleague();
    const stages = stagesOf(server.ctx.db, allPipelines(server.ctx.db)[0]!.id);
    const base = { amount: '100', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, everyone: false, comments: null };
    createDeal(server.ctx, admin(), { ...base, title: 'Поставка ноутбуков', stageId: stages[0]!.id, responsibleId: 1 });
    createDeal(server.ctx, admin(), { ...base, title: 'Ремонт принтеров', stageId: stages[1]!.id, responsibleId: 2 });
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/deals/kanban`);
    for (const column of await page.locator('.column').all()) {
      const box = (await column.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
    }
    const quick = page.locator('.quick-add input[name=title]').first();
    expect(await quick.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await quick.getAttribute('placeholder')).toBe(en['deals.quickAdd']);

    const cards = () => page.locator('.card-title').allTextContents();
    await page.getByRole('searchbox', { name: en['deals.board.search'] }).fill('ноутбук');
    await page.getByRole('button', { name: en['common.search'] }).click();
    await page.waitForURL(/q=/);
    expect(await cards()).toEqual(['Поставка ноутбуков']);
    expect(await page.locator('.column').first().locator('.column-count').textContent()).toBe('1');
    await page.getByRole('link', { name: en['deals.board.reset'] }).click();
    await page.locator('select[name=responsible]').selectOption({ label: IRINA.fullName });
    await page.getByRole('button', { name: en['common.search'] }).click();
    await page.waitForURL(/responsible=2/);
    expect(await cards()).not.toContain('Поставка ноутбуков');
    expect(await cards()).toContain('Ремонт принтеров');

    await page.getByRole('link', { name: en['deals.new'] }).click();
    await page.waitForURL(/\/deals\/new\?pipeline=\d+/);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});

describe('the deal page client block', () => {
  it("shows the contact's phones and e-mail as tel:/mailto: links with the responsible; the lead links to what it became by name", async () => {
    await russianColleague();
    const { lead, dealId, contactId } = convertedLead('Клиентский блок');
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/deals/${dealId}`);
    const contact = page.locator('#client-contact');
    expect(await contact.locator('a[href^="tel:"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['tel:+79161234567', 'tel:84950000000']);
    expect(await contact.locator('a[href^="mailto:"]').getAttribute('href')).toBe('mailto:petrov@example.com');
    expect(await contact.textContent()).toContain(`${en['records.responsible']}: ${IRINA.fullName}`);
    expect(await page.locator('#client-company').textContent()).toContain(en['deals.client.noComms']);
    expect(await contact.locator('a[href^="tel:"]').first().isVisible()).toBe(true);

    await page.goto(`${server.url}/leads/${lead.id}`);
    const became = page.locator('ul.plain').first();
    expect(await became.getByRole('link', { name: 'Петров Иван' }).getAttribute('href')).toBe(`/contacts/${contactId}`);
    expect(await became.getByRole('link', { name: 'ООО Клиентский блок' }).count()).toBe(1);
    expect(await became.getByRole('link', { name: 'Клиентский блок', exact: true }).getAttribute('href')).toBe(`/deals/${dealId}`);
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});

describe('the activity dialog', () => {
  it('keeps Save in view at 1366×768, clears an error once the field is corrected, and has one close control', async () => {
    await russianColleague();
    const { dealId } = convertedLead('Диалог звонка');
    const page = await newPage(browser);
    screenshotOnFailure(page);
    await signIn(page);
    await page.goto(`${server.url}/deals/${dealId}`);
    await page.getByRole('link', { name: `+ ${en['activities.add.call']}` }).click();
    const dialog = page.locator('#activity-dialog');
    await dialog.locator('input[name=subject]').waitFor();
    const save = dialog.getByRole('button', { name: en['common.save'] });
    const inView = async () => {
      const box = (await save.boundingBox())!;
      return box.y >= 0 && box.y + box.height <= 768;
    };
    expect(await inView()).toBe(true);
    const closers = dialog.locator('button, a').filter({ hasText: /^(×|Cancel)$/ });
    expect(await closers.evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length)).toBe(1);

    await dialog.locator('input[name=subject]').fill('');
    await save.click();
    const subject = dialog.locator('.field', { has: page.locator('input[name=subject]') });
    await subject.locator('.error').waitFor();
    expect(await inView()).toBe(true);
    await dialog.locator('input[name=subject]').fill('Перезвонить');
    expect(await subject.locator('.error').count()).toBe(0);
    expect(await dialog.locator('input[name=subject]').getAttribute('aria-invalid')).toBeNull();
    await save.click();
    await page.waitForURL(`${server.url}/deals/${dealId}`);
    await page.locator('.activity-panel, #activities, body').first().waitFor();
    expect(await page.locator('body').textContent()).toContain('Перезвонить');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
