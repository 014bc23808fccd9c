import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { ADMIN, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createUser } from '../../src/features/users/service.js';
import { roleByCode } from '../../src/features/users/queries.js';

/** Issue 20, point 6: date and time inputs follow the user's language, not the browser's. */
let browser: Browser;
let server: TestServer;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

const IRINA = { email: 'irina.dates@example.com', password: 'Irina-pass-123', fullName: 'Ирина Даты' };

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('input[name=password]').press('Enter');
  await page.waitForURL(`${server.url}/`);
}

const dealTitled = (title: string) =>
  server.ctx.sqlite.prepare('SELECT id, expected_close AS expectedClose FROM deals WHERE title = ?').get(title) as { id: number; expectedClose: string | null };

const pad = (n: number) => String(n).padStart(2, '0');

describe('date inputs', () => {
  it('a Russian user in an English browser picks a day from the calendar and types a time, both as ДД.ММ.ГГГГ ЧЧ:ММ', async () => {
    await createUser(server.ctx, { userId: null, ip: null }, {
      ...IRINA, passwordConfirm: IRINA.password, locale: 'ru', roleIds: [roleByCode(server.ctx.db, 'director')!.id], departmentIds: [], absentUntil: null,
    });
    const page = await newPage(browser, { locale: 'en-US' });
    screenshotOnFailure(page);
    await signIn(page, IRINA.email, IRINA.password);
    await page.goto(`${server.url}/deals/new`);
    const close = page.locator('input[name=expectedClose]');
    expect(await close.getAttribute('placeholder')).toBe('ДД.ММ.ГГГГ');
    await page.locator('input[name=title]').fill('Сделка с датой');
    await page.getByRole('button', { name: 'Выбрать дату' }).click();
    const calendar = page.getByRole('dialog', { name: 'Выбрать дату' });
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
    const monthTitle = new Intl.DateTimeFormat('ru-RU', { month: 'long', year: 'numeric' });
    await expect.poll(() => calendar.locator('.date-pop-title').textContent()).toBe(monthTitle.format(now));
    expect(await calendar.locator('.date-pop-weekday').first().textContent()).toBe('пн');
    await calendar.getByRole('button', { name: 'Следующий месяц' }).click();
    expect(await calendar.locator('.date-pop-title').textContent()).toBe(monthTitle.format(next));
    await calendar.locator('.date-pop-day', { hasText: /^15$/ }).click();
    await expect.poll(() => calendar.count()).toBe(0);
    const chosen = `15.${pad(next.getMonth() + 1)}.${next.getFullYear()}`;
    expect(await close.inputValue()).toBe(chosen);
    await page.getByRole('button', { name: 'Создать сделку' }).click();
    await page.waitForURL(/\/deals\/\d+$/);
    const deal = dealTitled('Сделка с датой');
    expect(deal.expectedClose).toBe(`${next.getFullYear()}-${pad(next.getMonth() + 1)}-15`);

    await page.goto(`${server.url}/activities/new?type=call&entity=deal&id=${deal.id}`);
    const due = page.locator('input[name=dueAt]');
    expect(await due.getAttribute('placeholder')).toBe('ДД.ММ.ГГГГ ЧЧ:ММ');
    expect(await due.inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    await page.locator('input[name=subject]').fill('Звонок по дате');
    await due.fill('20.01.2031 14:30');
    await page.getByRole('button', { name: 'Сохранить' }).first().click();
    await page.waitForURL(/\/deals\/\d+/);
    const row = server.ctx.sqlite.prepare("SELECT due_at AS dueAt FROM activities WHERE subject = 'Звонок по дате'").get() as { dueAt: number };
    expect(row.dueAt).toBe(Date.parse('2031-01-20T14:30:00+03:00'));
    expect(problemsOf(page)).toEqual([]);
  });

  it('an English user sees DD/MM/YYYY and a wrong day is refused with the expected writing', async () => {
    const page = await newPage(browser, { locale: 'ru-RU' });
    screenshotOnFailure(page);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`${server.url}/deals/new`);
    const close = page.locator('input[name=expectedClose]');
    expect(await close.getAttribute('placeholder')).toBe('DD/MM/YYYY');
    await page.locator('input[name=title]').fill('Deal with a wrong day');
    await close.fill('31/02/2027');
    await page.getByRole('button', { name: 'Create deal' }).click();
    await expect.poll(() => page.locator('#f-expectedClose-error').textContent()).toBe('Enter a date as DD/MM/YYYY.');
    expect(await close.inputValue()).toBe('31/02/2027');
    await close.fill('28/02/2027');
    await page.getByRole('button', { name: 'Create deal' }).click();
    await page.waitForURL(/\/deals\/\d+$/);
    expect(dealTitled('Deal with a wrong day').expectedClose).toBe('2027-02-28');
  });
});
