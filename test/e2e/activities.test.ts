import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { newPage, problemsOf, screenshotOnFailure } from '../support/browser.js';
import { addUser, type TestServer } from '../support/server.js';
import { allWithBrowser } from '../support/suite.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { toLocalInput } from '../../src/platform/format.js';
import { addActivity } from '../../src/features/activities/service.js';

/**
 * The scenario of the activities issue, in a browser: a manager assigned a deal logs a first call,
 * plans "call again every 2 days until reached" with a reminder, gets the reminder live in the open
 * page (the test clock and a job run stand in for waiting), follows it to the deal, calls again, gives
 * the courier a task; the courier completes it from their home page; the manager is notified live and
 * closes the deal as won.
 */
let browser: Browser;
let server: TestServer;
const PASSWORD = 'Scenario-pass-1';
const MINUTE = 60_000;

allWithBrowser((b, s) => {
  browser = b;
  server = s;
});

async function signIn(email: string, password: string): Promise<Page> {
  const page = await newPage(browser);
  screenshotOnFailure(page);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

describe('activities in a browser', () => {
  it('assigned deal → calls, reminder, courier task → won', async () => {
    const { ctx } = server;
    const manager = await addUser(ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    await addUser(ctx, { email: 'courier@example.com', password: PASSWORD, fullName: 'Костя Курьер' });
    const page = await signIn('manager@example.com', PASSWORD);

    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const blank = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
    const company = createCompany(ctx, admin, { ...blank, title: 'ООО Ромашка', responsibleId: manager.id });
    const contact = createContact(ctx, admin, { lastName: 'Петров', firstName: 'Иван', middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, comms: [], companyIds: [company.id], responsibleId: manager.id });
    const stage = (name: string) => ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
    const deal = createDeal(ctx, admin, { title: 'Принтер для Ромашки', stageId: stage('New'), amount: '25000', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: contact.id, companyId: company.id, responsibleId: manager.id, everyone: false, comments: null });

    // Notified live of the assignment; opens the deal from the pop-up.
    const assigned = page.locator('.toast a', { hasText: 'Принтер для Ромашки' });
    await assigned.waitFor();
    await assigned.click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);

    // Logs the first call: the date and the client are pre-filled.
    const dialog = page.locator('#activity-dialog');
    await page.locator('#activities').getByRole('link', { name: '+ Call' }).click();
    await dialog.getByRole('heading', { name: 'New call' }).waitFor();
    expect(await dialog.textContent()).toContain('For: Принтер для Ромашки');
    expect(await dialog.getByLabel('Date and time').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await dialog.getByLabel('Description').fill('Клиенту нужен лазерный принтер');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Please fill this in.').waitFor();
    await dialog.getByLabel('Subject').fill('Первый звонок');
    expect(await dialog.getByLabel('Description').inputValue()).toBe('Клиенту нужен лазерный принтер');
    await dialog.getByLabel('Already done').check();
    await dialog.getByLabel('Result').fill('Попросил перезвонить');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    const journal = page.locator('.journal');
    await expect.poll(() => journal.textContent()).toContain('Попросил перезвонить');

    // Plans "call again every 2 days until reached", reminded at the time.
    const due = ctx.clock.now() + 10 * MINUTE;
    await page.locator('#activities').getByRole('link', { name: '+ Call' }).click();
    await dialog.getByLabel('Subject').fill('Перезвонить Петрову');
    await dialog.getByLabel('Date and time').fill(toLocalInput(due, 'Europe/Moscow'));
    await dialog.getByLabel('Reminder', { exact: true }).selectOption('0');
    await dialog.getByLabel('Call again every').fill('2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    const planned = page.locator('.activity-list .activity', { hasText: 'Перезвонить Петрову' });
    await planned.waitFor();

    // The reminder pops up on time in the open page.
    await page.goto(`${server.url}/`);
    ctx.clock.advance(10 * MINUTE);
    await ctx.jobs.run('reminders', 'schedule');
    const reminder = page.locator('.toast a', { hasText: 'Reminder: Перезвонить Петрову' });
    await reminder.waitFor();
    await reminder.click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    await expect.poll(() => journal.textContent()).toContain('Первый звонок');

    // Calls again, does not reach the client: the next call is planned 2 days on.
    await planned.getByRole('button', { name: 'Not reached' }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    await expect.poll(() => page.locator('.flash').textContent()).toContain('The next call is planned for');
    await expect.poll(() => page.locator('.activity-list .activity', { hasText: 'Перезвонить Петрову' }).count()).toBe(1);
    await expect.poll(() => journal.textContent()).toContain('Not reached');

    // Gives the courier a task with a deadline and the client's wishes.
    await page.locator('#activities').getByRole('link', { name: '+ Task' }).click();
    await dialog.getByLabel('Subject').fill('Доставить принтер');
    await dialog.getByLabel('Description').fill('Клиент просит привезти после 15:00, позвонить за час');
    await dialog.getByLabel('Assignee').selectOption({ label: 'Костя Курьер' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    await page.locator('.activity-list .activity', { hasText: 'Доставить принтер' }).waitFor();

    // The courier sees the task on their home page and marks it done.
    const courierPage = await signIn('courier@example.com', PASSWORD);
    const task = courierPage.locator('.activity', { hasText: 'Доставить принтер' });
    await expect.poll(() => task.textContent()).toContain('Принтер для Ромашки');
    await task.getByRole('textbox', { name: 'Result' }).fill('Доставлено, клиент доволен');
    await task.getByRole('button', { name: 'Done' }).click();
    await courierPage.waitForURL(`${server.url}/`);
    await expect.poll(() => courierPage.locator('.flash').textContent()).toContain('Done: Доставить принтер');

    // The manager is notified live and closes the deal as won.
    const done = page.locator('.toast a', { hasText: 'Костя Курьер completed the task: Доставить принтер' });
    await done.waitFor();
    await page.reload();
    await expect.poll(() => journal.textContent()).toContain('Доставлено, клиент доволен');
    await page.locator('.stagebar').getByRole('button', { name: 'Deal won' }).click();
    await page.waitForURL(`${server.url}/deals/${deal.id}`);
    await expect.poll(() => page.locator('.stagebar li.current').textContent()).toContain('Deal won');
    expect(problemsOf(page)).toEqual([]);
    expect(problemsOf(courierPage)).toEqual([]);
  }, 120_000);

  it('the calendar: drag a call to another day and hour; the deadline moves', async () => {
    const { ctx } = server;
    await addUser(ctx, { email: 'planner@example.com', password: PASSWORD, fullName: 'Пётр Планировщик' });
    const planner = toCurrentUser(ctx.db, findUser(ctx.db, ctx.db.all<{ id: number }>(sql`SELECT id FROM users WHERE email = 'planner@example.com'`)[0]!.id)!);
    const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const admin = toCurrentUser(ctx.db, findUser(ctx.db, 1)!);
    const deal = createDeal(ctx, admin, { title: 'Сделка в календаре', stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: planner.id, everyone: false, comments: null });
    const at = Date.UTC(2027, 2, 10, 7, 15);
    const call = addActivity(ctx, planner, {
      type: 'call', entity: 'deal', entityId: deal.id, subject: 'Звонок в календаре', description: null, responsibleId: planner.id,
      dueAt: at, endAt: null, done: false, direction: 'out', durationMin: null, result: null, place: null, participants: null,
      reminder: 'none', remindCustom: null, repeatEvery: null, repeatUnit: 'day',
    });

    const page = await signIn('planner@example.com', PASSWORD);
    await page.goto(`${server.url}/calendar?view=week&date=2027-03-10`);
    const item = page.locator(`[data-cal-item="${call.id}"]`);
    expect(await page.locator('[data-slot-day="2027-03-10"][data-slot-hour="10"]').textContent()).toContain('Звонок в календаре');
    await item.dragTo(page.locator('[data-slot-day="2027-03-12"][data-slot-hour="14"]'));
    await expect.poll(() => ctx.db.all<{ due_at: number }>(sql`SELECT due_at FROM activities WHERE id = ${call.id}`)[0]!.due_at).toBe(Date.UTC(2027, 2, 12, 11, 15));
    // The deadline is written before the answer that redraws the item arrives: wait for the redraw too.
    await expect.poll(() => item.textContent()).toContain('14:15');

    await page.goto(`${server.url}/calendar?view=month&date=2027-03-01`);
    await page.locator(`[data-cal-item="${call.id}"]`).dragTo(page.locator('.calendar-month [data-slot-day="2027-03-20"]'));
    await expect.poll(() => ctx.db.all<{ due_at: number }>(sql`SELECT due_at FROM activities WHERE id = ${call.id}`)[0]!.due_at).toBe(Date.UTC(2027, 2, 20, 11, 15));
    await page.reload();
    expect(await page.locator('.calendar-month [data-slot-day="2027-03-20"]').textContent()).toContain('Звонок в календаре');
    expect(problemsOf(page)).toEqual([]);
  }, 60_000);
});
