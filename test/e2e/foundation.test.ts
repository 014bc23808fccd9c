import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage } from '../support/browser.js';
import { ADMIN, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { en } from '../../src/platform/i18n/en.js';
import { ru } from '../../src/platform/i18n/ru.js';

let browser: Browser;
const servers: TestServer[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function server(setUp = false) {
  const s = await startTestServer();
  servers.push(s);
  if (setUp) await setUpCompany(s.ctx);
  return s;
}

async function signOut(page: Page) {
  await page.locator('.usermenu summary').click();
  await page.getByRole('button', { name: en['auth.signOut'] }).click();
  await page.waitForURL(/\/login$/);
}

async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel(en['field.email']).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: en['auth.signIn'] }).click();
}

describe('first day with Prosto, in a browser', () => {
  it('wizard → signed in → department and user → the user signs in and sees no Settings', async () => {
    const s = await server();
    const page = await newPage(browser);
    await page.goto(`${s.url}/`);
    expect(page.url()).toBe(`${s.url}/setup`);
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(en['setup.title']);

    await page.getByLabel(en['field.fullName']).fill('Anna Adminova');
    await page.getByLabel(en['field.email']).fill('anna@example.com');
    await page.getByLabel(/^Password/).fill('Tr0ub4dor&3x');
    await page.getByLabel(en['field.passwordConfirm']).fill('something else');
    await page.getByRole('button', { name: en['setup.finish'] }).click();
    await expect.poll(() => page.locator('.error').allTextContents()).toEqual([en['validation.passwordMismatch'], en['validation.required']]);
    expect(await page.getByLabel(en['field.fullName']).inputValue()).toBe('Anna Adminova');
    expect(await page.getByLabel(en['field.email']).inputValue()).toBe('anna@example.com');

    await page.getByLabel(/^Password/).fill('Tr0ub4dor&3x');
    await page.getByLabel(en['field.passwordConfirm']).fill('Tr0ub4dor&3x');
    await page.getByLabel(en['field.companyName']).fill('Vector LLC');
    await page.getByRole('button', { name: en['setup.finish'] }).click();
    await page.waitForURL(`${s.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Hello, Anna Adminova');
    expect(await page.locator('.flash').textContent()).toContain(en['setup.done']);
    expect(await page.getByRole('navigation', { name: en['nav.label'] }).getByRole('link', { name: en['nav.settings'] }).count()).toBe(1);
    expect((await page.goto(`${s.url}/setup`))!.status()).toBe(404);

    await page.goto(`${s.url}/settings/departments`);
    await page.getByRole('link', { name: en['departments.new'] }).first().click();
    await page.getByLabel(en['departments.name']).fill('Sales');
    await page.getByRole('button', { name: en['departments.create'] }).click();
    await expect.poll(() => page.locator('table.tree').textContent()).toContain('Sales');

    await page.goto(`${s.url}/settings/users/new`);
    await page.getByLabel(en['field.fullName']).fill('Boris Petrov');
    await page.getByLabel(en['field.email']).fill('boris@example.com');
    await page.getByLabel(/^Password/).fill('Boris-pass-1');
    await page.getByLabel(en['field.passwordConfirm']).fill('Boris-pass-1');
    await page.getByLabel(en['role.manager']).check();
    await page.getByLabel('Sales').check();
    await page.getByRole('button', { name: en['users.create'] }).click();
    await page.waitForURL(`${s.url}/settings/users`);
    expect(await page.locator('#user-rows').textContent()).toMatch(/Boris Petrov[\s\S]*boris@example.com[\s\S]*Manager[\s\S]*Sales/);

    await signOut(page);
    await signIn(page, s.url, 'boris@example.com', 'Boris-pass-1');
    await page.waitForURL(`${s.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Hello, Boris Petrov');
    expect(await page.getByRole('navigation', { name: en['nav.label'] }).getByRole('link', { name: en['nav.settings'] }).count()).toBe(0);
    const forbidden = await page.goto(`${s.url}/settings/users`);
    expect(forbidden!.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe(en['error.forbidden.title']);
    await page.goto(`${s.url}/`);
    await signOut(page);
  }, 90_000);

  it('a wrong password gets one neutral message, and repeated failures a lockout message', async () => {
    const s = await server(true);
    const page = await newPage(browser);
    await signIn(page, s.url, ADMIN.email, 'not the password');
    await expect.poll(() => page.locator('.flash-error').textContent()).toBe(en['auth.invalid']);
    for (let i = 0; i < 4; i++) {
      await page.getByLabel(/^Password/).fill(`wrong-${i}`);
      await page.getByRole('button', { name: en['auth.signIn'] }).click();
      await page.waitForLoadState('load');
    }
    expect(await page.locator('.flash-error').textContent()).toBe(en['auth.locked'].replace('{minutes}', '15'));
  }, 60_000);

  it('a POST without the CSRF token is refused; the same change through the page works', async () => {
    const s = await server(true);
    const page = await newPage(browser);
    await signIn(page, s.url, ADMIN.email, ADMIN.password);
    await page.waitForURL(`${s.url}/`);
    const forged = await page.request.post(`${s.url}/account/language`, { form: { locale: 'ru' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain(en['error.csrf']);
    await page.goto(`${s.url}/account`);
    expect(await page.locator('h1').textContent()).toBe(en['account.title']);
  }, 60_000);

  it('the language switch in the user menu changes the page and is remembered', async () => {
    const s = await server(true);
    const page = await newPage(browser);
    await signIn(page, s.url, ADMIN.email, ADMIN.password);
    await page.waitForURL(`${s.url}/`);
    const menu = page.getByRole('navigation', { name: /Main menu|Главное меню/ });
    expect(await menu.getByRole('link', { name: en['nav.settings'] }).count()).toBe(1);
    await page.locator('.usermenu summary').click();
    await page.getByLabel(en['account.language']).first().selectOption('ru');
    await expect.poll(() => page.getByRole('navigation', { name: ru['nav.label'] }).getByRole('link', { name: ru['nav.settings'] }).count()).toBe(1);
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe(`Здравствуйте, ${ADMIN.fullName}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  }, 60_000);
});
