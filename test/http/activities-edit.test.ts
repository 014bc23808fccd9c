import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { leadForm } from '../../src/features/leads/form.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { toLocalInput } from '../../src/platform/format.js';

/**
 * Activities, the rest of issue 6: "add a call, meeting or task" from a list row (with and without
 * JavaScript), editing what an activity says within the activity rights (history and journal follow),
 * and "planned for me" notifications for calls and meetings as well as tasks.
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
const activity = (id: number) => server.ctx.db.all<Record<string, unknown>>(sql`SELECT * FROM activities WHERE id = ${id}`)[0]!;
const lastId = () => server.ctx.db.all<{ id: number }>(sql`SELECT max(id) AS id FROM activities`)[0]!.id;
/** Notifications about activities (the records' own "assigned to me" are left out). */
const notifications = () => server.ctx.db.all<{ user_id: number; kind: string; message_key: string; link: string }>(sql`SELECT user_id, kind, message_key, link FROM notifications WHERE link LIKE '/activities/%' ORDER BY id`);

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
  return { res, id: lastId() };
}

async function signedIn(email: string) {
  const c = new Client(server.url);
  await c.signIn(email, PASSWORD);
  return c;
}

describe('add an activity from a list row', () => {
  it('every list offers "add activity" on each row; the form has the record preselected, switches kind and goes back to the list', async () => {
    const { deal, contact, company } = makeDeal();
    const status = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const lead = createLead(server.ctx, asUser(1), leadForm.parse({ title: 'Заявка с сайта', statusId: String(status), currency: 'RUB', responsibleId: '1' }));
    for (const [base, entity, id] of [['/deals', 'deal', deal.id], ['/contacts', 'contact', contact.id], ['/companies', 'company', company.id], ['/leads', 'lead', lead.id]] as const) {
      const list = await admin.get(`${base}?q=`);
      expect(list.status).toBe(200);
      expect(list.text).toContain(`href="/activities/new?entity=${entity}&amp;id=${id}&amp;back=${encodeURIComponent(`${base}?`)}`);
      expect(list.text).toContain('id="activity-dialog"');
    }

    // Without JavaScript the link is the form page; saving goes back to the list.
    const form = await admin.get(`/activities/new?type=call&entity=deal&id=${deal.id}&back=${encodeURIComponent('/deals?q=')}`);
    expect(form.text).toContain('For: Поставка серверов');
    expect(form.text).toContain('name="back" value="/deals?q="');
    for (const type of ['meeting', 'task', 'note']) {
      expect(form.text).toContain(`href="/activities/new?type=${type}&amp;entity=deal&amp;id=${deal.id}&amp;back=${encodeURIComponent('/deals?q=')}"`);
    }
    const saved = await admin.post('/activities', { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Звонок из списка', responsibleId: '1', dueAt: local(server.ctx.clock.now() + DAY), reminder: 'none', back: '/deals?q=' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/deals?q=');
    expect((await admin.get(`/deals/${deal.id}`)).text).toContain('Звонок из списка');

    // A refused form keeps where to go back to; a foreign "back" is not followed.
    const bad = await admin.post('/activities', { type: 'call', entity: 'deal', entityId: String(deal.id), subject: '', responsibleId: '1', dueAt: local(server.ctx.clock.now()), back: '/deals?q=' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('name="back" value="/deals?q="');
    const away = await admin.post('/activities', { type: 'note', entity: 'deal', entityId: String(deal.id), subject: 'Заметка', responsibleId: '1', dueAt: local(server.ctx.clock.now()), back: '//evil.example' });
    expect(away.headers.get('location')).toBe('/');
  });

  it('offers the action only on rows the user may edit', async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const mine = makeDeal(manager.id, 'Сделка Марии');
    const theirs = makeDeal(1, 'Общая сделка');
    server.ctx.db.run(sql`UPDATE deals SET everyone = 1 WHERE id = ${theirs.deal.id}`);
    const m = await signedIn('manager@example.com');
    const list = await m.get('/deals?q=');
    expect(list.text).toContain('Общая сделка');
    expect(list.text).toContain(`entity=deal&amp;id=${mine.deal.id}&amp;back=`);
    expect(list.text).not.toContain(`entity=deal&amp;id=${theirs.deal.id}&amp;back=`);
    expect((await m.get(`/activities/new?type=call&entity=deal&id=${theirs.deal.id}`)).status).toBe(403);
  });
});

describe('editing an activity', () => {
  it('changes subject, description, place and participants; the history of each record says so and the journal shows it as it is now', async () => {
    const { deal, contact } = makeDeal();
    const { id } = await add(admin, { type: 'meeting', entity: 'deal', entityId: String(deal.id), subject: 'Встреча', dueAt: local(server.ctx.clock.now() + DAY), endAt: local(server.ctx.clock.now() + DAY + 3600_000) });
    const page = await admin.get(`/deals/${deal.id}`);
    expect(page.text).toContain(`href="/activities/${id}/edit?back=${encodeURIComponent(`/deals/${deal.id}`)}"`);
    const form = await admin.get(`/activities/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Встреча"');

    const bad = await admin.post(`/activities/${id}`, { subject: ' ', place: 'Офис', participants: 'Петров' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Please fill this in.');
    expect(bad.text).toContain('value="Офис"');
    expect(activity(id).subject).toBe('Встреча');

    const saved = await admin.post(`/activities/${id}`, { subject: 'Встреча в офисе клиента', description: 'Показать прототип', place: 'Тверская, 1', participants: 'Петров, Сидорова', responsibleId: '1' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/activities/${id}`);
    expect(activity(id)).toMatchObject({ subject: 'Встреча в офисе клиента', description: 'Показать прототип', place: 'Тверская, 1', participants: 'Петров, Сидорова' });
    const shown = await admin.get(`/activities/${id}`);
    expect(shown.text).toContain('Тверская, 1');
    expect(shown.text).toContain('Петров, Сидорова');
    await admin.get(`/activities/${id}/edit?back=${encodeURIComponent(`/deals/${deal.id}`)}`);
    const fromDeal = await admin.post(`/activities/${id}`, { subject: 'Встреча в офисе клиента', place: 'Тверская, 1', participants: 'Петров, Сидорова', back: `/deals/${deal.id}` });
    expect(fromDeal.headers.get('location')).toBe(`/deals/${deal.id}`);

    for (const path of [`/deals/${deal.id}`, `/contacts/${contact.id}`]) {
      const record = await admin.get(path);
      const history = record.text.slice(record.text.indexOf('id="history"'));
      expect(history).toContain('Activity changed: Meeting «Встреча в офисе клиента» <span class="muted">(was «Встреча»)</span>');
      expect(record.text).toContain(`href="/activities/${id}">Встреча в офисе клиента</a>`);
    }

    // Completed, it is still edited (its result too); the journal shows what it says now.
    await admin.get(`/deals/${deal.id}`);
    await admin.post(`/activities/${id}/complete`, { result: 'Прошла', success: '1' });
    await admin.get(`/activities/${id}/edit`);
    await admin.post(`/activities/${id}`, { subject: 'Встреча в офисе клиента', result: 'Договорились о пилоте', place: 'Тверская, 1', participants: 'Петров, Сидорова' });
    const after = await admin.get(`/deals/${deal.id}`);
    const journal = after.text.slice(after.text.indexOf('class="journal"'), after.text.indexOf('id="history"'));
    expect(journal).toContain('Договорились о пилоте');
    expect(journal).not.toContain('Activity changed');
  });

  it('is for the responsible and whoever may edit one of its records: others get 404 or 403', async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const courier = await addUser(server.ctx, { email: 'courier@example.com', password: PASSWORD, fullName: 'Костя Курьер' });
    await addUser(server.ctx, { email: 'other@example.com', password: PASSWORD, fullName: 'Олег Другой' });
    const { deal } = makeDeal(manager.id, 'Доставка');
    const m = await signedIn('manager@example.com');
    const { id: task } = await add(m, { type: 'task', entity: 'deal', entityId: String(deal.id), subject: 'Отвезти', responsibleId: String(courier.id) });

    const c = await signedIn('courier@example.com');
    expect((await c.get(`/activities/${task}/edit`)).status).toBe(200);
    expect((await c.post(`/activities/${task}`, { subject: 'Отвезти до 15:00', responsibleId: String(courier.id) })).status).toBe(303);
    expect(activity(task).subject).toBe('Отвезти до 15:00');

    const o = await signedIn('other@example.com');
    expect((await o.get(`/activities/${task}/edit`)).status).toBe(404);
    expect((await o.post(`/activities/${task}`, { subject: 'Чужое' })).status).toBe(404);

    // On a deal "available to everyone" a manager may read it, and so the activity, but not edit it: 403.
    server.ctx.db.run(sql`UPDATE activities SET responsible_id = ${manager.id} WHERE id = ${task}`);
    server.ctx.db.run(sql`UPDATE deals SET everyone = 1 WHERE id = ${deal.id}`);
    await o.get('/');
    expect((await o.get(`/activities/${task}`)).status).toBe(200);
    expect((await o.get(`/activities/${task}`)).text).not.toContain(`/activities/${task}/edit`);
    expect((await o.post(`/activities/${task}`, { subject: 'Чужое' })).status).toBe(403);
    expect(activity(task).subject).toBe('Отвезти до 15:00');
  });

  it('handing a planned activity to a colleague notifies them; an inactive user is refused', async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const { deal } = makeDeal(manager.id);
    const { id } = await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Перезвонить', responsibleId: '1' });
    expect(notifications()).toEqual([]);
    await admin.get(`/activities/${id}/edit`);
    const saved = await admin.post(`/activities/${id}`, { subject: 'Перезвонить', responsibleId: String(manager.id) });
    expect(saved.status).toBe(303);
    expect(notifications()).toEqual([{ user_id: manager.id, kind: 'assigned', message_key: 'activities.assigned.call', link: `/activities/${id}` }]);
    const bad = await admin.post(`/activities/${id}`, { subject: 'Перезвонить', responsibleId: '999' });
    expect(bad.status).toBe(422);
    expect(activity(id).responsible_id).toBe(manager.id);
  });
});

describe('reminders and durations', () => {
  it('a planned activity’s reminder is changed in the edit form and armed again; a custom one needs its time', async () => {
    const { deal } = makeDeal();
    const due = server.ctx.clock.now() + DAY;
    const { id } = await add(admin, { type: 'task', entity: 'deal', entityId: String(deal.id), subject: 'Подготовить КП', dueAt: local(due), reminder: '60' });
    server.ctx.db.run(sql`UPDATE activities SET reminded_at = 1 WHERE id = ${id}`);
    const form = await admin.get(`/activities/${id}/edit`);
    expect(form.text).toContain('<option value="60" selected>1 hour before</option>');

    const bad = await admin.post(`/activities/${id}`, { subject: 'Подготовить КП', responsibleId: '1', reminder: 'custom' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Please fill this in.');
    expect(activity(id)).toMatchObject({ remind_before: 60, reminded_at: 1 });

    await admin.post(`/activities/${id}`, { subject: 'Подготовить КП', responsibleId: '1', reminder: '15' });
    const stored = activity(id);
    expect(stored).toMatchObject({ remind_before: 15, reminded_at: null });
    expect(stored.remind_at).toBe(stored.due_at as number - 15 * 60_000);
    await admin.get(`/activities/${id}/edit`);
    await admin.post(`/activities/${id}`, { subject: 'Подготовить КП', responsibleId: '1', reminder: 'custom', remindCustom: '2027-01-10T09:00' });
    expect(activity(id)).toMatchObject({ remind_before: null, remind_at: Date.UTC(2027, 0, 10, 6, 0) });
    expect((await admin.get(`/activities/${id}/edit`)).text).toContain('value="10/01/2027 09:00"');
    // A post without the reminder (or the responsible) leaves them as they are.
    await admin.post(`/activities/${id}`, { subject: 'Подготовить КП и счёт' });
    expect(activity(id)).toMatchObject({ subject: 'Подготовить КП и счёт', remind_before: null, remind_at: Date.UTC(2027, 0, 10, 6, 0), responsible_id: 1 });
  });

  it('the activity page says when its reminder was sent, and that it was late', async () => {
    const { deal } = makeDeal();
    const now = server.ctx.clock.now();
    const { id } = await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Звонок', dueAt: local(now + 20 * 60_000), reminder: '15' });
    server.ctx.clock.advance(3 * 3600_000);
    await server.ctx.jobs.run('reminders', 'schedule');
    const page = await admin.get(`/activities/${id}`);
    expect(page.text).toMatch(/sent [^<]+ <span class="badge-overdue">late<\/span>/);
  });

  it('a call completed in one click records its duration', async () => {
    const { deal } = makeDeal();
    const { id } = await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Короткий звонок' });
    const page = await admin.get(`/deals/${deal.id}`);
    expect(page.text).toContain('name="durationMin"');
    await admin.post(`/activities/${id}/complete`, { result: 'Всё решили', durationMin: '7', success: '1', back: `/deals/${deal.id}` });
    expect(activity(id)).toMatchObject({ duration_min: 7, result: 'Всё решили' });
    expect((await admin.post(`/activities/${id}/complete`, { durationMin: 'долго', success: '1' })).status).toBe(422);
  });
});

describe('a converted lead', () => {
  it('hands its planned and done activities on to the contact and deal it became', async () => {
    const status = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const lead = createLead(server.ctx, asUser(1), leadForm.parse({ title: 'Заявка на принтер', lastName: 'Сидоров', statusId: String(status), currency: 'RUB', responsibleId: '1' }));
    const { id: planned } = await add(admin, { type: 'call', entity: 'lead', entityId: String(lead.id), subject: 'Перезвонить Сидорову' });
    const { id: done } = await add(admin, { type: 'note', entity: 'lead', entityId: String(lead.id), subject: 'Хочет лазерный' });
    await admin.get(`/leads/${lead.id}`);
    expect((await admin.post(`/leads/${lead.id}/convert`, { contact: 'new', company: 'none', deal: '1' })).status).toBe(303);
    const made = server.ctx.db.all<{ contact_id: number; deal_id: number }>(sql`SELECT contact_id, deal_id FROM leads WHERE id = ${lead.id}`)[0]!;
    for (const path of [`/deals/${made.deal_id}`, `/contacts/${made.contact_id}`, `/leads/${lead.id}`]) {
      const page = await admin.get(path);
      expect(page.text).toContain(`href="/activities/${planned}">Перезвонить Сидорову</a>`);
      expect(page.text.slice(page.text.indexOf('class="journal"'))).toContain(`href="/activities/${done}">Хочет лазерный</a>`);
    }
  });
});

describe('the activity stream', () => {
  it('shows an activity done on a deal once, on the deal, though it is in the contact’s and company’s history too', async () => {
    const { deal, contact } = makeDeal();
    await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Итоговый звонок', done: '1', result: 'Подписали' });
    const stream = await admin.get('/stream');
    const events = stream.text.split('<li class="stream-event"').slice(1).filter((e) => e.includes('Итоговый звонок'));
    expect(events).toHaveLength(1);
    expect(events[0]).toContain(`href="/deals/${deal.id}"`);
    const onContact = await admin.get('/stream?entity=contact');
    const contactEvents = onContact.text.split('<li class="stream-event"').slice(1).filter((e) => e.includes('Итоговый звонок'));
    expect(contactEvents).toHaveLength(1);
    expect(contactEvents[0]).toContain(`href="/contacts/${contact.id}"`);
  });
});

describe("a slot of a colleague's calendar", () => {
  it("offers the colleague's records the viewer may edit and plans for the colleague", async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    await addUser(server.ctx, { email: 'other@example.com', password: PASSWORD, fullName: 'Олег Другой' });
    const { deal } = makeDeal(manager.id, 'Сделка Марии');
    makeDeal(1, 'Сделка администратора');
    const week = await admin.get(`/calendar?view=week&date=2027-03-10&user=${manager.id}`);
    expect(week.text).toContain(`href="/calendar/new?at=2027-03-10T09:00&amp;user=${manager.id}"`);
    const pick = await admin.get(`/calendar/new?at=2027-03-10T09:00&user=${manager.id}`);
    expect(pick.text).toContain('Сделка Марии');
    expect(pick.text).not.toContain('Сделка администратора');
    expect(pick.text).toContain(`/activities/new?type=call&amp;entity=deal&amp;id=${deal.id}&amp;at=2027-03-10T09%3A00&amp;responsible=${manager.id}`);
    const form = await admin.get(`/activities/new?type=call&entity=deal&id=${deal.id}&at=2027-03-10T09:00&responsible=${manager.id}`);
    expect(form.text).toContain(`<option value="${manager.id}" selected>Мария Менеджер</option>`);

    // A colleague who may not edit Maria's records has nothing to plan on in her calendar.
    const o = await signedIn('other@example.com');
    const theirs = await o.get(`/calendar/new?at=2027-03-10T09:00&user=${manager.id}`);
    expect(theirs.text).not.toContain('Сделка Марии');
    expect(theirs.text).toContain('No records to plan on.');
  });
});

describe('"planned for me" notifications', () => {
  it('a call or meeting planned for a colleague notifies them, as a task does; one logged as done or planned for oneself does not', async () => {
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const { deal } = makeDeal(manager.id);
    const { id: call } = await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Звонок клиенту', responsibleId: String(manager.id) });
    const { id: meeting } = await add(admin, { type: 'meeting', entity: 'deal', entityId: String(deal.id), subject: 'Встреча', responsibleId: String(manager.id) });
    const { id: task } = await add(admin, { type: 'task', entity: 'deal', entityId: String(deal.id), subject: 'Задача', responsibleId: String(manager.id) });
    await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Уже был', responsibleId: String(manager.id), done: '1' });
    await add(admin, { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Себе', responsibleId: '1' });
    expect(notifications()).toEqual([
      { user_id: manager.id, kind: 'assigned', message_key: 'activities.assigned.call', link: `/activities/${call}` },
      { user_id: manager.id, kind: 'assigned', message_key: 'activities.assigned.meeting', link: `/activities/${meeting}` },
      { user_id: manager.id, kind: 'assigned', message_key: 'activities.assigned.message', link: `/activities/${task}` },
    ]);
    const m = await signedIn('manager@example.com');
    const centre = await m.get('/notifications');
    expect(centre.text).toContain('Анна Админова planned a call for you: Звонок клиенту');
    expect(centre.text).toContain('Анна Админова planned a meeting for you: Встреча');
  });
});
