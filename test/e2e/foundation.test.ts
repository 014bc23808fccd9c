/**
 * The first day with Prosto in a real browser (Debian's Chromium through playwright-core): the setup
 * wizard, settings, signing in and out, throttling, CSRF and the language switch. Every test has its
 * own server over its own temporary database, and its own browser context (cookies).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, problemsOf, saveScreenshot, type PageOptions } from '../support/browser.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { en } from '../../src/platform/i18n/en.js';
import { ru } from '../../src/platform/i18n/ru.js';
import { translator } from '../../src/platform/i18n/index.js';
import { serverTimeZone } from '../../src/platform/format.js';
import { getCompany } from '../../src/platform/company.js';
import { throttlePolicy } from '../../src/platform/auth/throttle.js';

const tEn = translator('en');
const tRu = translator('ru');

let browser: Browser;
const servers: TestServer[] = [];
let pages: Page[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') for (const p of pages) await saveScreenshot(p, task.name);
  // No script errors and no CSP violations on any page a test went through.
  const problems = pages.flatMap((p) => problemsOf(p));
  await Promise.all(pages.map((p) => p.context().close()));
  pages = [];
  expect(problems).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
});

async function server(setUp = false): Promise<TestServer> {
  const s = await startTestServer();
  servers.push(s);
  if (setUp) await setUpCompany(s.ctx, 'en');
  return s;
}

async function open(options: PageOptions = {}): Promise<Page> {
  const page = await newPage(browser, options);
  pages.push(page);
  return page;
}

const mainMenu = (page: Page, locale: 'en' | 'ru' = 'en') => page.getByRole('navigation', { name: (locale === 'en' ? en : ru)['nav.label'] });
const settingsMenu = (page: Page) => page.getByRole('navigation', { name: en['nav.settings'] });
/** A field's label: its text, maybe followed by the "required" star. */
const field = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`);
const h1 = (page: Page) => page.locator('h1').first().textContent();

/**
 * Does what sends a form (a click, a select that submits itself) and waits until the page that
 * answers it (after any redirect) has loaded. Returns the status of the answer to the POST itself.
 */
async function submit(page: Page, act: () => Promise<unknown>): Promise<number> {
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest() && r.frame() === page.mainFrame()),
    page.waitForEvent('load'),
    act(),
  ]);
  return posted.status();
}

/** The sign-in form, in English. Returns the status of the answer (303 when signed in). */
async function signIn(page: Page, url: string, email: string, password: string): Promise<number> {
  if (!page.url().startsWith(`${url}/login`)) await page.goto(`${url}/login`);
  await page.getByLabel(field(en['field.email'])).fill(email);
  await page.getByLabel(field(en['field.password'])).fill(password);
  return submit(page, () => page.getByRole('button', { name: en['auth.signIn'] }).click());
}

/** The user menu is a <details> dropdown: open it, then press "Sign out". */
async function signOut(page: Page, url: string, locale: 'en' | 'ru' = 'en'): Promise<void> {
  await page.locator('details.usermenu > summary').click();
  await submit(page, () => page.getByRole('button', { name: (locale === 'en' ? en : ru)['auth.signOut'] }).click());
  expect(page.url()).toBe(`${url}/login`);
}

function userCount(s: TestServer): number {
  return (s.ctx.sqlite.prepare('select count(*) as n from users').get() as { n: number }).n;
}

function localeOf(s: TestServer, email: string): string {
  return (s.ctx.sqlite.prepare('select locale from users where email = ?').get(email) as { locale: string }).locale;
}

describe('first day with Prosto, in a browser', () => {
  it('wizard → signed in → a department and a user → the user signs in and sees no Settings → signed out', async () => {
    const s = await server();
    // A Russian browser: the wizard starts in Russian, and the language step switches it to English.
    const page = await open({ locale: 'ru-RU' });

    await page.goto(`${s.url}/`);
    expect(page.url()).toBe(`${s.url}/setup`);
    expect(await h1(page)).toBe(ru['setup.title']);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');

    await page.getByRole('group', { name: ru['setup.step.language'] }).getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${s.url}/setup?lang=en`);
    expect(await h1(page)).toBe(en['setup.title']);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('button', { name: en['setup.finish'] }).isVisible()).toBe(true);

    // Time zone and currency come prefilled, with suggestions from a datalist.
    const timeZone = page.getByLabel(en['field.timeZone']);
    const currency = page.getByLabel(en['field.baseCurrency']);
    expect(await timeZone.inputValue()).toBe(serverTimeZone());
    expect(await timeZone.getAttribute('list')).toBe('time-zones');
    expect(await page.locator('datalist#time-zones option[value="Europe/Moscow"]').count()).toBe(1);
    expect(await currency.inputValue()).toBe('RUB');
    expect(await page.locator('datalist#currencies option[value="RUB"]').count()).toBe(1);

    // First attempt: the passwords differ and the company name is empty.
    await page.getByLabel(en['field.fullName']).fill('Anna Adminova');
    await page.getByLabel(en['field.email']).fill('anna@example.com');
    await page.getByLabel(field(en['field.password'])).fill('Tr0ub4dor&3x');
    await page.getByLabel(en['field.passwordConfirm']).fill('Tr0ub4dor&3y');
    expect(await submit(page, () => page.getByRole('button', { name: en['setup.finish'] }).click())).toBe(422);
    expect(await page.locator('#f-passwordConfirm-error').textContent()).toBe(en['validation.passwordMismatch']);
    expect(await page.locator('#f-companyName-error').textContent()).toBe(en['validation.required']);
    expect(await page.getByLabel(en['field.companyName']).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.error').count()).toBe(2);
    // What was typed is kept (passwords are never sent back), and the page stays in English.
    expect(await page.getByLabel(en['field.fullName']).inputValue()).toBe('Anna Adminova');
    expect(await page.getByLabel(en['field.email']).inputValue()).toBe('anna@example.com');
    expect(await page.locator('#f-password').inputValue()).toBe('');
    expect(await h1(page)).toBe(en['setup.title']);
    expect(userCount(s)).toBe(0);

    // Second attempt: everything right.
    await page.getByLabel(field(en['field.password'])).fill('Tr0ub4dor&3x');
    await page.getByLabel(en['field.passwordConfirm']).fill('Tr0ub4dor&3x');
    await page.getByLabel(en['field.companyName']).fill('Vector LLC');
    await timeZone.fill('Europe/Moscow');
    await currency.fill('RUB');
    expect(await submit(page, () => page.getByRole('button', { name: en['setup.finish'] }).click())).toBe(303);
    expect(page.url()).toBe(`${s.url}/`);
    expect(await h1(page)).toBe(tEn('home.greeting', { name: 'Anna Adminova' }));
    expect(await page.locator('.flash').textContent()).toContain(en['setup.done']);
    expect(await mainMenu(page).getByRole('link', { name: en['nav.settings'] }).count()).toBe(1);
    const company = getCompany(s.ctx.db)!;
    expect({ name: company.name, timeZone: company.timeZone, baseCurrency: company.baseCurrency }).toEqual({
      name: 'Vector LLC',
      timeZone: 'Europe/Moscow',
      baseCurrency: 'RUB',
    });
    expect(localeOf(s, 'anna@example.com')).toBe('en');

    // The wizard is gone once it has run.
    const again = await page.goto(`${s.url}/setup`);
    expect(again!.status()).toBe(404);
    expect(await h1(page)).toBe(en['error.notFound.title']);
    await page.goto(`${s.url}/`);

    // Settings → Departments → New department "Sales".
    await mainMenu(page).getByRole('link', { name: en['nav.settings'] }).click();
    await page.waitForURL(`${s.url}/settings/users`);
    await settingsMenu(page).getByRole('link', { name: en['departments.title'] }).click();
    await page.waitForURL(`${s.url}/settings/departments`);
    expect(await page.getByText(en['departments.none']).isVisible()).toBe(true);
    await page.getByRole('link', { name: en['departments.new'] }).click();
    await page.waitForURL(`${s.url}/settings/departments/new`);
    await page.getByLabel(en['departments.name']).fill('Sales');
    await submit(page, () => page.getByRole('button', { name: en['departments.create'] }).click());
    expect(page.url()).toBe(`${s.url}/settings/departments`);
    expect(await page.locator('.flash').textContent()).toContain(tEn('departments.created', { name: 'Sales' }));
    expect(await page.locator('table.tree').getByRole('link', { name: 'Sales', exact: true }).count()).toBe(1);

    // Settings → Users → New user: a manager in Sales.
    await settingsMenu(page).getByRole('link', { name: en['users.title'] }).click();
    await page.waitForURL(`${s.url}/settings/users`);
    await page.getByRole('link', { name: en['users.new'] }).click();
    await page.waitForURL(`${s.url}/settings/users/new`);
    await page.getByLabel(en['field.fullName']).fill('Boris Petrov');
    await page.getByLabel(en['field.email']).fill('boris@example.com');
    await page.getByLabel(field(en['field.password'])).fill('Boris-pass-1');
    await page.getByLabel(en['field.passwordConfirm']).fill('Boris-pass-1');
    await page.getByRole('checkbox', { name: en['role.manager'], exact: true }).check();
    await page.getByRole('checkbox', { name: 'Sales', exact: true }).check();
    await submit(page, () => page.getByRole('button', { name: en['users.create'] }).click());
    expect(page.url()).toBe(`${s.url}/settings/users`);
    expect(await page.locator('.flash').textContent()).toContain(tEn('users.created', { name: 'Boris Petrov' }));
    const row = page.locator('#user-rows tr', { hasText: 'boris@example.com' });
    expect(await row.locator('td').allTextContents().then((cells) => cells.slice(0, 4).map((c) => c.trim()))).toEqual([
      'Boris Petrov',
      'boris@example.com',
      en['role.manager'],
      'Sales',
    ]);

    // Sign out: the session is really gone.
    await signOut(page, s.url);
    expect(await h1(page)).toBe(en['auth.signIn']);
    await page.goto(`${s.url}/`);
    expect(page.url()).toBe(`${s.url}/login`);

    // The manager signs in: no Settings, and Settings by URL is refused.
    expect(await signIn(page, s.url, 'boris@example.com', 'Boris-pass-1')).toBe(303);
    expect(page.url()).toBe(`${s.url}/`);
    expect(await h1(page)).toBe(tEn('home.greeting', { name: 'Boris Petrov' }));
    expect(await mainMenu(page).getByRole('link', { name: en['nav.home'] }).count()).toBe(1);
    expect(await mainMenu(page).getByRole('link', { name: en['nav.settings'] }).count()).toBe(0);
    expect(await page.getByText(en['home.adminTitle']).count()).toBe(0);
    for (const path of ['/settings/users', '/settings/departments']) {
      const refused = await page.goto(`${s.url}${path}`);
      expect(refused!.status()).toBe(403);
      expect(await h1(page)).toBe(en['error.forbidden.title']);
      expect(await page.locator('.error-page').textContent()).toContain(en['error.forbidden.text']);
    }
    await page.goto(`${s.url}/`);
    await signOut(page, s.url);
    await page.goto(`${s.url}/settings/users`);
    expect(page.url()).toBe(`${s.url}/login?next=${encodeURIComponent('/settings/users')}`);
  }, 90_000);

  it('the setup cannot be run twice, not even from a wizard left open in another tab', async () => {
    const s = await server();
    const first = await open();
    const stale = await open();
    await first.goto(`${s.url}/setup?lang=en`);
    await stale.goto(`${s.url}/setup?lang=en`);

    const fill = async (page: Page, name: string, email: string, company: string) => {
      await page.getByLabel(en['field.fullName']).fill(name);
      await page.getByLabel(en['field.email']).fill(email);
      await page.getByLabel(field(en['field.password'])).fill('Tr0ub4dor&3x');
      await page.getByLabel(en['field.passwordConfirm']).fill('Tr0ub4dor&3x');
      await page.getByLabel(en['field.companyName']).fill(company);
    };
    await fill(first, 'Anna Adminova', 'anna@example.com', 'Vector LLC');
    await submit(first, () => first.getByRole('button', { name: en['setup.finish'] }).click());
    expect(first.url()).toBe(`${s.url}/`);

    // The tab that still shows the wizard cannot make a second administrator or rename the company.
    await fill(stale, 'Mallory', 'mallory@example.com', 'Other LLC');
    expect(await submit(stale, () => stale.getByRole('button', { name: en['setup.finish'] }).click())).toBe(404);
    expect(await h1(stale)).toBe(en['error.notFound.title']);
    expect(userCount(s)).toBe(1);
    expect(getCompany(s.ctx.db)!.name).toBe('Vector LLC');
    expect((await stale.goto(`${s.url}/setup`))!.status()).toBe(404);
    await stale.goto(`${s.url}/`);
    expect(stale.url()).toBe(`${s.url}/login`);
    expect(await signIn(stale, s.url, 'mallory@example.com', 'Tr0ub4dor&3x')).toBe(401);
    expect(await stale.locator('.flash-error').textContent()).toBe(en['auth.invalid']);
  }, 60_000);

  it('a wrong password gets one neutral message, and after 5 failures the account is paused', async () => {
    const s = await server(true);
    await addUser(s.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Boris Petrov' });
    const page = await open();

    // An unknown e-mail and a wrong password get the same answer; the e-mail stays in the field.
    expect(await signIn(page, s.url, 'nobody@example.com', 'whatever-1')).toBe(401);
    expect(await page.locator('.flash-error').textContent()).toBe(en['auth.invalid']);
    expect(throttlePolicy.accountLimit).toBe(5);
    for (let i = 1; i < throttlePolicy.accountLimit; i++) {
      // From the 3rd failure on the answers are slowed down (up to 2 s).
      expect(await signIn(page, s.url, ADMIN.email, `wrong-${i}`)).toBe(401);
      expect(page.url()).toBe(`${s.url}/login`);
      expect(await page.locator('.flash-error').textContent()).toBe(en['auth.invalid']);
      expect(await page.getByLabel(field(en['field.email'])).inputValue()).toBe(ADMIN.email);
    }
    // The 5th failure in a row for one account pauses it …
    const locked = tEn('auth.locked', { minutes: throttlePolicy.lockMs / 60_000 });
    expect(await signIn(page, s.url, ADMIN.email, 'wrong-5')).toBe(429);
    expect(await page.locator('.flash-error').textContent()).toBe(locked);
    // … even for the right password.
    expect(await signIn(page, s.url, ADMIN.email, ADMIN.password)).toBe(429);
    expect(await page.locator('.flash-error').textContent()).toBe(locked);
    await page.goto(`${s.url}/`);
    expect(page.url()).toBe(`${s.url}/login`);

    // Another account from the same browser is not affected.
    expect(await signIn(page, s.url, 'boris@example.com', 'Boris-pass-1')).toBe(303);
    expect(page.url()).toBe(`${s.url}/`);
    expect(await h1(page)).toBe(tEn('home.greeting', { name: 'Boris Petrov' }));

    // When the pause is over, the administrator signs in again.
    await signOut(page, s.url);
    s.ctx.clock.advance(throttlePolicy.lockMs + 1_000);
    expect(await signIn(page, s.url, ADMIN.email, ADMIN.password)).toBe(303);
    expect(await h1(page)).toBe(tEn('home.greeting', { name: ADMIN.fullName }));
  }, 60_000);

  it('a POST without a valid CSRF token is refused; the same form sent by the page works', async () => {
    const s = await server(true);
    const page = await open();
    expect(await signIn(page, s.url, ADMIN.email, ADMIN.password)).toBe(303);

    // The page's cookies, but no token.
    const noToken = await page.request.post(`${s.url}/account/language`, { form: { locale: 'ru' }, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain(en['error.csrf']);
    // A made-up token, and the token of another browser.
    const forged = await page.request.post(`${s.url}/account/language`, { form: { locale: 'ru', _csrf: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const other = await open();
    await other.goto(`${s.url}/login`);
    const otherToken = (await other.locator('meta[name="csrf-token"]').getAttribute('content'))!;
    expect(otherToken).not.toBe(await page.locator('meta[name="csrf-token"]').getAttribute('content'));
    const foreign = await page.request.post(`${s.url}/account/language`, { form: { locale: 'ru', _csrf: otherToken }, maxRedirects: 0 });
    expect(foreign.status()).toBe(403);
    // Signing out is a POST too: without the token the session stays.
    expect((await page.request.post(`${s.url}/logout`, { form: {}, maxRedirects: 0 })).status()).toBe(403);
    expect(localeOf(s, ADMIN.email)).toBe('en');

    // A real form in the browser with its token field removed: the page says it has expired.
    await page.goto(`${s.url}/account`);
    const form = page.locator('main form[action="/account/language"]');
    await form.locator('input[name="_csrf"]').evaluate((input) => input.remove());
    await form.getByLabel(en['account.language']).selectOption('ru');
    expect(await submit(page, () => form.getByRole('button', { name: en['common.save'] }).click())).toBe(403);
    expect(await page.locator('.error-page').textContent()).toContain(en['error.csrf']);
    expect(localeOf(s, ADMIN.email)).toBe('en');

    // Still signed in, still English; the untouched form goes through.
    await page.goto(`${s.url}/account`);
    expect(await h1(page)).toBe(en['account.title']);
    const fresh = page.locator('main form[action="/account/language"]');
    await fresh.getByLabel(en['account.language']).selectOption('ru');
    expect(await submit(page, () => fresh.getByRole('button', { name: en['common.save'] }).click())).toBe(303);
    expect(page.url()).toBe(`${s.url}/account`);
    expect(await h1(page)).toBe(ru['account.title']);
    expect(localeOf(s, ADMIN.email)).toBe('ru');
  }, 60_000);

  it('the language switch in the user menu changes the page, stays on it, and is remembered', async () => {
    const s = await server(true);
    const page = await open();
    expect(await signIn(page, s.url, ADMIN.email, ADMIN.password)).toBe(303);
    await page.goto(`${s.url}/settings/departments`);
    expect(await h1(page)).toBe(en['departments.title']);
    expect(await mainMenu(page).getByRole('link', { name: en['nav.settings'] }).count()).toBe(1);

    // With scripts on, the select sends itself; the Apply button is hidden.
    await page.locator('details.usermenu > summary').click();
    const select = page.locator('header').getByLabel(en['account.language']);
    expect(await select.isVisible()).toBe(true);
    expect(await page.locator('header').getByRole('button', { name: en['common.apply'] }).isVisible()).toBe(false);
    expect(await submit(page, () => select.selectOption('ru'))).toBe(303);
    expect(page.url()).toBe(`${s.url}/settings/departments`);
    expect(await h1(page)).toBe(ru['departments.title']);
    expect(await mainMenu(page, 'ru').getByRole('link', { name: ru['nav.settings'] }).count()).toBe(1);
    expect(await mainMenu(page, 'ru').getByRole('link', { name: en['nav.settings'] }).count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');

    await page.reload();
    expect(await h1(page)).toBe(ru['departments.title']);
    await page.goto(`${s.url}/`);
    expect(await h1(page)).toBe(tRu('home.greeting', { name: ADMIN.fullName }));

    // Remembered in the profile: signed out the browser stays Russian, and so does the next sign-in.
    await signOut(page, s.url, 'ru');
    expect(await h1(page)).toBe(ru['auth.signIn']);
    await page.getByLabel(field(ru['field.email'])).fill(ADMIN.email);
    await page.getByLabel(field(ru['field.password'])).fill(ADMIN.password);
    expect(await submit(page, () => page.getByRole('button', { name: ru['auth.signIn'] }).click())).toBe(303);
    expect(await h1(page)).toBe(tRu('home.greeting', { name: ADMIN.fullName }));

    // And back to English.
    await page.locator('details.usermenu > summary').click();
    expect(await submit(page, () => page.locator('header').getByLabel(ru['account.language']).selectOption('en'))).toBe(303);
    expect(page.url()).toBe(`${s.url}/`);
    expect(await h1(page)).toBe(tEn('home.greeting', { name: ADMIN.fullName }));
    expect(await mainMenu(page).getByRole('link', { name: en['nav.settings'] }).count()).toBe(1);
    expect(localeOf(s, ADMIN.email)).toBe('en');
  }, 60_000);

  it('without scripts the language switch works through its Apply button; signed out, through the links', async () => {
    const s = await server(true);
    const page = await open({ javaScriptEnabled: false });
    await page.goto(`${s.url}/login`);
    expect(await h1(page)).toBe(en['auth.signIn']);
    await page.getByRole('link', { name: 'Русский' }).click();
    await page.waitForURL(`${s.url}/login?lang=ru`);
    expect(await h1(page)).toBe(ru['auth.signIn']);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${s.url}/login?lang=en`);
    expect(await h1(page)).toBe(en['auth.signIn']);

    expect(await signIn(page, s.url, ADMIN.email, ADMIN.password)).toBe(303);
    await page.locator('details.usermenu > summary').click();
    await page.locator('header').getByLabel(en['account.language']).selectOption('ru');
    expect(page.url()).toBe(`${s.url}/`);
    expect(await h1(page)).toBe(tEn('home.greeting', { name: ADMIN.fullName }));
    expect(await submit(page, () => page.locator('header').getByRole('button', { name: en['common.apply'] }).click())).toBe(303);
    expect(page.url()).toBe(`${s.url}/`);
    expect(await h1(page)).toBe(tRu('home.greeting', { name: ADMIN.fullName }));
  }, 60_000);

  // Known bug (see the report): the links are "?lang=ru", which drops ?next=.
  it('the language links on the sign-in page keep the page the visitor was going to', async () => {
    const s = await server(true);
    const page = await open();
    await page.goto(`${s.url}/settings/users`);
    expect(page.url()).toBe(`${s.url}/login?next=${encodeURIComponent('/settings/users')}`);
    await page.getByRole('link', { name: 'Русский' }).click();
    await expect.poll(() => h1(page)).toBe(ru['auth.signIn']);
    await page.getByLabel(field(ru['field.email'])).fill(ADMIN.email);
    await page.getByLabel(field(ru['field.password'])).fill(ADMIN.password);
    expect(await submit(page, () => page.getByRole('button', { name: ru['auth.signIn'] }).click())).toBe(303);
    // Expected: /settings/users, as without the switch.
    expect(page.url()).toBe(`${s.url}/settings/users`);
    // (Signed in, the profile's language counts again: the administrator's is English.)
    expect(await h1(page)).toBe(en['users.title']);
  }, 60_000);

  // Known bug (see the report): the switch returns to req.originalUrl, here the POST-only /account/password.
  it('the language switch on a page shown after a refused form leads to a page, not to "Not found"', async () => {
    const s = await server(true);
    const page = await open();
    expect(await signIn(page, s.url, ADMIN.email, ADMIN.password)).toBe(303);
    await page.goto(`${s.url}/account`);
    await page.getByLabel(field(en['account.currentPassword'])).fill('not the password');
    await page.getByLabel(field(en['account.newPassword'])).fill('Tr0ub4dor&3x');
    await page.getByLabel(field(en['field.passwordConfirm'])).fill('something else');
    expect(await submit(page, () => page.getByRole('button', { name: en['account.changePassword'] }).click())).toBe(422);
    expect(page.url()).toBe(`${s.url}/account/password`);
    expect(await page.locator('#f-passwordConfirm-error').textContent()).toBe(en['validation.passwordMismatch']);

    await page.locator('details.usermenu > summary').click();
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'GET' && r.request().isNavigationRequest()),
      submit(page, () => page.locator('header').getByLabel(en['account.language']).selectOption('ru')),
    ]);
    expect(localeOf(s, ADMIN.email)).toBe('ru');
    // Expected: a real page (e.g. My account again), now in Russian. Today: GET /account/password → 404.
    expect({ url: page.url(), status: answer.status(), lang: await page.locator('html').getAttribute('lang') }).toEqual({
      url: expect.not.stringContaining('/account/password'),
      status: 200,
      lang: 'ru',
    });
    expect(await h1(page)).not.toBe(ru['error.notFound.title']);
  }, 60_000);
});
