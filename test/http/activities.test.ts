import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, ADMIN, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { toLocalInput } from '../../src/platform/format.js';
import { inputText } from '../../src/platform/dates.js';

/**
 * Activities over HTTP: the add forms and their validation, bindings to a deal's contact and company,
 * who sees what (including a courier given a task on a deal they cannot read), repeats and reschedules.
 */
let server: TestServer;
let admin: Client;
const PASSWORD = 'Activity-pass-1';
const DAY = 24 * 3600_000;
const ZONE = 'Europe/Moscow';

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);
const local = (ms: number) => toLocalInput(ms, ZONE);
const activity = (id: number) =>
  server.ctx.db.all<{ done_at: number | null; due_at: number; remind_at: number | null; reminded_at: number | null; success: number | null; repeat_of: number | null }>(sql`SELECT * FROM activities WHERE id = ${id}`)[0]!;
const count = (table: string) => server.ctx.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`))[0]!.n;

function makeDeal(responsibleId = 1, title = 'Поставка серверов') {
  const ctx = server.ctx;
  const stage = ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  const blank = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
  const company = createCompany(ctx, asUser(1), { ...blank, title: 'ООО Ромашка', responsibleId });
  const contact = createContact(ctx, asUser(1), { lastName: 'Петров', firstName: 'Иван', middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, comms: [], companyIds: [company.id], responsibleId });
  const deal = createDeal(ctx, asUser(1), { title, stageId: stage, amount: '1', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: contact.id, companyId: company.id, responsibleId, everyone: false, comments: null });
  return { deal, contact, company };
}

async function add(client: Client, fields: Record<string, string>) {
  await client.get(`/activities/new?type=${fields.type}&entity=${fields.entity}&id=${fields.entityId}`);
  const res = await client.post('/activities', { responsibleId: '1', dueAt: local(server.ctx.clock.now() + DAY), reminder: 'none', ...fields });
  const id = server.ctx.db.all<{ id: number }>(sql`SELECT max(id) AS id FROM activities`)[0]!.id;
  return { res, id };
}

async function signedIn(email: string) {
  const c = new Client(server.url);
  await c.signIn(email, PASSWORD);
  return c;
}

describe('activities', () => {
  it('pre-fills the call form, refuses bad input with clear messages and saves nothing', async () => {
    const { deal } = makeDeal();
    const form = await admin.get(`/activities/new?type=call&entity=deal&id=${deal.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('New call');
    expect(form.text).toContain('For: Поставка серверов');
    expect(form.text).toContain(`value="${inputText(local(server.ctx.clock.now()), 'datetime', 'en')}"`);

    const bad = await admin.post('/activities', { type: 'call', entity: 'deal', entityId: String(deal.id), subject: '', dueAt: '2026-02-30T10:00', responsibleId: '1', repeatEvery: '0', reminder: 'custom' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Please fill this in.');
    expect(bad.text).toContain('Enter a date and time as DD/MM/YYYY HH:MM.');
    expect(bad.text).toContain('A whole number from 1 to 365.');
    const meeting = await admin.post('/activities', { type: 'meeting', entity: 'deal', entityId: String(deal.id), subject: 'Встреча', dueAt: '2026-12-10T15:00', endAt: '2026-12-10T14:00', responsibleId: '1' });
    expect(meeting.status).toBe(422);
    expect(meeting.text).toContain('The end is before the start.');
    expect(count('activities')).toBe(0);

    expect((await admin.get('/activities/new?type=call&entity=deal&id=999')).status).toBe(404);
  });

  it('binds an activity on a deal to its contact and company; completing it writes the journal, which the history does not repeat', async () => {
    const { deal, contact, company } = makeDeal();
    const { res, id } = await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Первый звонок', description: 'Обсудить сроки' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/deals/${deal.id}`);
    for (const path of [`/deals/${deal.id}`, `/contacts/${contact.id}`, `/companies/${company.id}`]) {
      const page = await admin.get(path);
      expect(page.text).toContain(`href="/activities/${id}">Первый звонок</a>`);
    }

    await admin.get(`/deals/${deal.id}`);
    const done = await admin.post(`/activities/${id}/complete`, { result: 'Договорились о встрече', success: '1', back: `/deals/${deal.id}` });
    expect(done.headers.get('location')).toBe(`/deals/${deal.id}`);
    expect(activity(id).done_at).toBeTypeOf('number');
    const page = await admin.get(`/contacts/${contact.id}`);
    const journal = page.text.slice(page.text.indexOf('class="journal"'));
    expect(journal).toContain('Первый звонок');
    expect(journal).toContain('Договорились о встрече');
    // The History card shows field changes; the done call is the Journal's alone.
    expect(page.text.slice(page.text.indexOf('id="history"'))).not.toContain('Первый звонок');
    const again = await admin.post(`/activities/${id}/complete`, { success: '1' });
    expect(again.status).toBe(422);
  });

  it('shows an activity to those who may read one of its records, and to its assignee only otherwise', async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    await addUser(server.ctx, { email: 'other@example.com', password: PASSWORD, fullName: 'Олег Другой' });
    const courier = await addUser(server.ctx, { email: 'courier@example.com', password: PASSWORD, fullName: 'Костя Курьер' });
    const { deal } = makeDeal(manager.id, 'Доставка принтера');
    const m = await signedIn('manager@example.com');
    const { id: task } = await add(m, { type: 'task', entity: 'deal', entityId: String(deal.id), subject: 'Отвезти принтер', description: 'Клиент просит после 15:00', responsibleId: String(courier.id) });
    const { id: call } = await add(m, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Уточнить адрес', responsibleId: String(manager.id) });

    const c = await signedIn('courier@example.com');
    const view = await c.get(`/activities/${task}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain('Отвезти принтер');
    expect(view.text).toContain('Клиент просит после 15:00');
    expect(view.text).toContain('Доставка принтера');
    expect(view.text).not.toContain(`href="/deals/${deal.id}"`);
    expect((await c.get(`/deals/${deal.id}`)).status).toBe(404);
    expect((await c.get(`/activities/${call}`)).status).toBe(404);
    expect((await c.get('/')).text).toContain('Отвезти принтер');

    const o = await signedIn('other@example.com');
    expect((await o.get(`/activities/${task}`)).status).toBe(404);
    expect((await o.post(`/activities/${task}/complete`, { success: '1' })).status).toBe(404);
    expect((await o.get('/')).text).not.toContain('Отвезти принтер');
    expect((await o.get(`/activities/new?type=call&entity=deal&id=${deal.id}`)).status).toBe(404);

    await c.get(`/activities/${task}`);
    expect((await c.post(`/activities/${task}/complete`, { result: 'Доставлено', success: '1' })).status).toBe(303);
    const dealPage = await m.get(`/deals/${deal.id}`);
    expect(dealPage.text.slice(dealPage.text.indexOf('class="journal"'))).toContain('Доставлено');

    // The courier may not read the deal, so gets no notification about it; the manager hears the task is done.
    const sent = server.ctx.db.all<{ user_id: number; kind: string; params: string }>(sql`SELECT user_id, kind, params FROM notifications WHERE kind IN ('assigned', 'taskDone')`);
    expect(sent.filter((n) => n.user_id === courier.id)).toEqual([]);
    expect(sent.filter((n) => n.kind === 'taskDone')).toEqual([{ user_id: manager.id, kind: 'taskDone', params: JSON.stringify({ subject: 'Отвезти принтер', actor: 'Костя Курьер' }) }]);
    expect((await c.post(`/activities/${task}/reschedule`, { dueAt: '2027-01-15T10:00' })).status).toBe(422);
  });

  it('a call that did not reach the client plans the next one; a reached call ends the series', async () => {
    const { deal } = makeDeal();
    const { id } = await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Дозвониться', repeatEvery: '2', repeatUnit: 'day', reminder: '15' });
    await admin.get(`/deals/${deal.id}`);
    const first = await admin.post(`/activities/${id}/complete`, { success: '0', back: `/deals/${deal.id}` });
    expect(first.status).toBe(303);
    const second = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM activities WHERE repeat_of = ${id}`)[0]!.id;
    const next = activity(second);
    expect(activity(id).success).toBe(0);
    expect(next.done_at).toBeNull();
    expect(next.due_at).toBe(activity(id).done_at! + 2 * DAY);
    expect(next.remind_at).toBe(next.due_at - 15 * 60_000);
    const page = await admin.get(`/deals/${deal.id}`);
    expect(page.text).toContain(`href="/activities/${second}">Дозвониться</a>`);

    await admin.post(`/activities/${second}/complete`, { success: '1' });
    expect(count('activities')).toBe(2);
  });

  it('moves a deadline: the reminder follows and may fire again', async () => {
    const { deal } = makeDeal();
    const { id } = await add(admin, { type: 'task', entity: 'deal', entityId: String(deal.id), subject: 'Подготовить КП', reminder: '60' });
    server.ctx.db.run(sql`UPDATE activities SET reminded_at = 1 WHERE id = ${id}`);
    await admin.get(`/deals/${deal.id}`);
    const bad = await admin.post(`/activities/${id}/reschedule`, { dueAt: 'soon' });
    expect(bad.status).toBe(422);
    const moved = await admin.post(`/activities/${id}/reschedule`, { dueAt: '2027-01-15T10:00', back: `/deals/${deal.id}` });
    expect(moved.headers.get('location')).toBe(`/deals/${deal.id}`);
    const due = Date.UTC(2027, 0, 15, 7, 0);
    expect(activity(id)).toMatchObject({ due_at: due, remind_at: due - 3600_000, reminded_at: null });
    const drop = await admin.post(`/activities/${id}/reschedule`, { dueAt: '2027-01-16T10:00' }, { 'HX-Request': 'true', 'X-CSRF-Token': admin.csrf });
    expect(drop.status).toBe(204);
    expect(activity(id).due_at).toBe(due + DAY);
  });
});

describe('calendar', () => {
  it('names the weekdays, gives the period in the title, marks the current time and offers a new activity', async () => {
    // 12:40 in Moscow, today or (past it already) tomorrow — the clock only goes forward, or the
    // session would be from the future; and the administrator signs in again then, as a day's move
    // may outlast the idle session. The "now" line sits in the 12:00 row, three quarters down.
    const now = server.ctx.clock.now();
    let at = Date.parse(`${local(now).slice(0, 10)}T09:40:00Z`);
    if (at <= now) at += 86_400_000;
    const today = local(at).slice(0, 10);
    server.ctx.clock.advance(at - now);
    const director = new Client(server.url);
    await director.signIn(ADMIN.email, ADMIN.password);
    const week = await director.get('/calendar?view=week');
    expect(week.text).toMatch(/<th class="today">\w{3} \d{1,2} \w{3}<\/th>/);
    expect(week.text).toMatch(/<span class="calendar-period">\d{1,2}[^<]*–[^<]*\d{1,2} \w{3} \d{4}<\/span>/);
    const slot = week.text.slice(week.text.indexOf(`data-slot-day="${today}" data-slot-hour="12"`));
    expect(slot.slice(0, slot.indexOf('</td>'))).toContain('class="now-line now-q2"');
    expect(week.text.match(/class="now-line/g)).toHaveLength(1);
    expect(week.text).toContain('<a class="btn btn-primary" href="/calendar/new">New activity</a>');
    const month = await director.get('/calendar?view=month&date=2027-03-01');
    expect(month.text).toContain('<span class="calendar-period">March 2027</span>');
    expect(month.text).toContain('<div class="weekday-head">Mon</div>');
  });

  it("shows a user's items in week and month views, only those the viewer may see", async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    await addUser(server.ctx, { email: 'other@example.com', password: PASSWORD, fullName: 'Олег Другой' });
    const mine = makeDeal(manager.id, 'Сделка Марии');
    const admins = makeDeal(1, 'Сделка администратора');
    const at = Date.UTC(2027, 2, 10, 9, 30);
    await add(admin, { type: 'meeting', entity: 'deal', entityId: String(mine.deal.id), subject: 'Встреча с Марией', responsibleId: String(manager.id), dueAt: local(at), endAt: local(at + 3600_000) });
    await add(admin, { type: 'call', entity: 'deal', entityId: String(admins.deal.id), subject: 'Звонок по чужой сделке', responsibleId: String(manager.id), dueAt: local(at + 3600_000) });
    server.ctx.db.run(sql`UPDATE activities SET responsible_id = 1 WHERE subject = 'Звонок по чужой сделке'`);

    const week = await admin.get(`/calendar?view=week&date=2027-03-10&user=${manager.id}`);
    expect(week.status).toBe(200);
    const slot = week.text.slice(week.text.indexOf('data-slot-day="2027-03-10" data-slot-hour="12"'));
    expect(slot.slice(0, slot.indexOf('</td>'))).toContain('Встреча с Марией');
    expect(week.text).toContain(`href="/calendar/new?at=2027-03-10T12:00&amp;user=${manager.id}"`);
    const month = await admin.get(`/calendar?view=month&date=2027-03-01&user=${manager.id}`);
    expect(month.text).toContain('Встреча с Марией');
    expect(month.text).toContain('data-slot-day="2027-03-31"');

    const o = await signedIn('other@example.com');
    expect((await o.get(`/calendar?view=week&date=2027-03-10&user=${manager.id}`)).text).not.toContain('Встреча с Марией');
    expect((await o.get('/calendar?view=week&date=2027-03-10&user=1')).text).not.toContain('Звонок по чужой сделке');
    const m = await signedIn('manager@example.com');
    expect((await m.get(`/calendar?view=week&date=2027-03-10`)).text).toContain('Встреча с Марией');

    const pick = await m.get('/calendar/new?at=2027-03-11T14:00');
    expect(pick.text).toContain(`/activities/new?type=meeting&amp;entity=deal&amp;id=${mine.deal.id}&amp;at=2027-03-11T14%3A00`);
    const form = await m.get(`/activities/new?type=meeting&entity=deal&id=${mine.deal.id}&at=2027-03-11T14:00`);
    expect(form.text).toContain('value="11/03/2027 14:00"');
    expect(form.text).toContain('value="11/03/2027 15:00"');
  });

  it('a busy day of the month view shows its first items and links the rest to its week', async () => {
    const { deal } = makeDeal();
    const at = Date.UTC(2027, 2, 10, 6, 0);
    for (let i = 0; i < 6; i++) await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: `Звонок ${i + 1}`, dueAt: local(at + i * 3600_000) });
    const month = await admin.get('/calendar?view=month&date=2027-03-01');
    const day = month.text.slice(month.text.indexOf('data-slot-day="2027-03-10"'), month.text.indexOf('data-slot-day="2027-03-11"'));
    expect([...day.matchAll(/Звонок (\d)/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4']);
    expect(day).toContain('<a class="cal-more" href="/calendar?view=week&amp;date=2027-03-10&amp;user=1">+2 more</a>');
    const week = await admin.get('/calendar?view=week&date=2027-03-10&user=1');
    expect([...week.text.matchAll(/Звонок (\d)/g)].map((m) => m[1]).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('my activities', () => {
  it('shows overdue, today and the next 7 days; a head switches to their department', async () => {
    const sales = createDepartment(server.ctx, { name: 'Sales', parentId: null, headUserId: null });
    await addUser(server.ctx, { email: 'head@example.com', password: PASSWORD, fullName: 'Галина Начальник', role: 'head', departmentIds: [sales.id] });
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер', departmentIds: [sales.id] });
    const { deal } = makeDeal(manager.id, 'Сделка Марии');
    const now = server.ctx.clock.now();
    await add(admin, { type: 'task', entity: 'deal', entityId: String(deal.id), subject: 'Вчерашняя задача', responsibleId: String(manager.id), dueAt: local(now - DAY) });
    await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Звонок через 3 дня', responsibleId: String(manager.id), dueAt: local(now + 3 * DAY) });
    await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Звонок через месяц', responsibleId: String(manager.id), dueAt: local(now + 30 * DAY) });

    const m = await signedIn('manager@example.com');
    const home = await m.get('/');
    expect(home.text).toContain('Overdue <span class="muted">(1)</span>');
    expect(home.text).toContain('Next 7 days <span class="muted">(1)</span>');
    expect(home.text).toContain('Звонок через 3 дня');
    expect(home.text).not.toContain('Звонок через месяц');
    expect(home.text).not.toContain('?scope=department');
    const id = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM activities WHERE subject = 'Вчерашняя задача'`)[0]!.id;
    const done = await m.post(`/activities/${id}/complete`, { success: '1', back: '/' });
    expect(done.headers.get('location')).toBe('/');
    expect((await m.get('/')).text).not.toContain(`href="/activities/${id}"`);

    const h = await signedIn('head@example.com');
    expect((await h.get('/')).text).not.toContain('Звонок через 3 дня');
    const department = await h.get('/?scope=department');
    expect(department.text).toContain('Звонок через 3 дня');
  });
});
