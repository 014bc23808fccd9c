import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { openStream } from '../support/sse.js';
import { notify } from '../../src/platform/notifications/index.js';

let server: TestServer;
let admin: Client;
let anna: Client;
let annaId: number;
let borisId: number;

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx);
  annaId = (await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna Petrova' })).id;
  borisId = (await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris Ivanov' })).id;
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  anna = new Client(server.url);
  await anna.signIn('anna@example.com', 'Anna-pass-12');
});
afterEach(() => server.close());

const stage = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = 'New'`)[0]!.id;
const secondStage = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = 'Qualification'`)[0]!.id;

async function newDeal(title: string, responsibleId: number): Promise<number> {
  await admin.get('/deals/new');
  const made = await admin.post('/deals', { title, stageId: String(stage()), amount: '', currency: 'RUB', responsibleId: String(responsibleId) });
  expect(made.status).toBe(303);
  return Number(made.headers.get('location')!.split('/').pop());
}

const bellCount = (html: string) => Number(/class="bell-count" data-unread="(\d+)"/.exec(html)![1]);

describe('notification centre', () => {
  it('lists what was assigned to me, newest first, links to the record, marks read one and all', async () => {
    const first = await newDeal('Servers for Vector', annaId);
    const second = await newDeal('Licences for Vector', annaId);
    const page = await anna.get('/notifications');
    expect(bellCount(page.text)).toBe(2);
    expect(page.text).toContain('Анна Админова made you responsible for the deal “Licences for Vector”');
    expect(page.text.indexOf('Licences for Vector')).toBeLessThan(page.text.indexOf('Servers for Vector'));
    expect(page.text).toContain(`href="/deals/${first}"`);

    const id = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM notifications WHERE entity_id = ${second}`)[0]!.id;
    const open = await anna.post(`/notifications/${id}/read`, { open: '1' });
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe(`/deals/${second}`);
    expect(bellCount((await anna.get('/')).text)).toBe(1);

    await anna.get('/notifications');
    const all = await anna.post('/notifications/read-all', {});
    expect(all.status).toBe(303);
    const after = await anna.get('/notifications');
    expect(after.text).toContain('Marked as read: 1');
    expect(bellCount(after.text)).toBe(0);
  });

  it('pages by key: the newest 30, then "Older" shows the rest', async () => {
    const deal = await newDeal('Paged', annaId);
    server.ctx.db.run(sql`DELETE FROM notifications`);
    for (let i = 1; i <= 32; i++) {
      notify(server.ctx, { userId: annaId, kind: 'reminder', entity: 'deal', entityId: deal, actorId: null, message: { key: 'notify.comment', params: { actor: 'System', title: `Item ${i}`, text: '' } }, link: `/deals/${deal}` });
    }
    const first = await anna.get('/notifications');
    expect(first.text).toContain('“Item 32”');
    expect(first.text).toContain('“Item 3”');
    expect(first.text).not.toContain('“Item 2”');
    const older = /<a class="btn" href="(\/notifications\?before=\d+)"/.exec(first.text)![1]!;
    const second = await anna.get(older);
    expect(second.text).toContain('“Item 2”');
    expect(second.text).toContain('“Item 1”');
    expect(second.text).not.toContain('“Item 3”');
    expect(second.text).not.toContain('<a class="btn" href="/notifications?before=');
  });

  it('does not notify the actor about their own assignment, and notifies on a change of responsible', async () => {
    await newDeal('Admin’s own deal', 1);
    const id = await newDeal('Boris’s deal', borisId);
    expect(server.ctx.db.all(sql`SELECT * FROM notifications WHERE user_id = 1`)).toHaveLength(0);
    await admin.get(`/deals/${id}/edit`);
    await admin.post(`/deals/${id}`, { title: 'Boris’s deal', stageId: String(stage()), amount: '', currency: 'RUB', responsibleId: String(annaId) });
    expect((await anna.get('/notifications')).text).toContain('made you responsible for the deal “Boris’s deal”');
  });

  it('is shown in the recipient’s language, whatever the actor’s', async () => {
    const boris = new Client(server.url);
    await boris.signIn('boris@example.com', 'Boris-pass-12');
    await boris.get('/account');
    await boris.post('/account/language', { locale: 'ru' });
    await newDeal('Поставка', borisId);
    const page = await boris.get('/notifications');
    expect(page.text).toContain('Анна Админова назначил(а) вас ответственным за сделку «Поставка»');
    expect(page.text).toContain('Прочитать все');
  });

  it('a lead converted into a contact, a company and a deal tells its responsible once; the bell shows the latest few', async () => {
    const statusId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    await admin.get('/leads/new');
    const made = await admin.post('/leads', { title: 'Заявка Анны', lastName: 'Клиентов', companyTitle: 'ООО Клиент', statusId: String(statusId), currency: 'RUB', responsibleId: String(annaId) });
    const leadId = Number(made.headers.get('location')!.split('/').pop());
    const before = bellCount((await anna.get('/')).text);
    await admin.get(`/leads/${leadId}`);
    expect((await admin.post(`/leads/${leadId}/convert`, { contact: 'new', company: 'new', deal: '1', stageId: String(stage()) })).status).toBe(303);
    const page = await anna.get('/');
    expect(bellCount(page.text)).toBe(before + 1);
    const dealId = server.ctx.db.all<{ id: number }>(sql`SELECT deal_id AS id FROM leads WHERE id = ${leadId}`)[0]!.id;
    const panel = await anna.get('/notifications', { 'HX-Request': 'true', 'HX-Target': 'bell-panel' });
    expect(panel.text).not.toContain('<html');
    expect(panel.text).toContain(`href="/deals/${dealId}">Anna Adminova converted the lead “Заявка Анны”: you are responsible for what it became</a>`.replace('Anna Adminova', ADMIN.fullName));
    expect(panel.text).toContain('href="/notifications">All notifications</a>');
  });

  it('another user’s notification does not exist for me', async () => {
    await newDeal('For Anna', annaId);
    const id = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM notifications`)[0]!.id;
    const boris = new Client(server.url);
    await boris.signIn('boris@example.com', 'Boris-pass-12');
    await boris.get('/notifications');
    expect((await boris.post(`/notifications/${id}/read`, {})).status).toBe(404);
    expect(bellCount((await anna.get('/')).text)).toBe(1);
  });

  it('stores the "also by e-mail" choice per kind and refuses an unknown kind', async () => {
    await anna.get('/notifications');
    const saved = await anna.post('/notifications/settings', { email: ['reminder', 'mention'] });
    expect(saved.status).toBe(303);
    const page = await anna.get('/notifications');
    expect(page.text).toContain('Notification settings saved');
    expect(page.text).toMatch(/value="reminder" checked/);
    expect(page.text).toMatch(/value="mention" checked/);
    expect(page.text).not.toMatch(/value="assigned" checked/);
    const bad = await anna.post('/notifications/settings', { email: ['reminder', 'everything'] });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('class="error"');
    expect(server.ctx.db.all(sql`SELECT kind FROM notification_email_prefs WHERE user_id = ${annaId} AND email = 1 ORDER BY kind`)).toEqual([{ kind: 'mention' }, { kind: 'reminder' }]);
  });
});

describe('comments', () => {
  it('adds a comment to the record’s history, notifies the responsible and the mentioned colleagues', async () => {
    const id = await newDeal('Servers for Vector', annaId);
    server.ctx.db.run(sql`DELETE FROM notifications`);
    const boris = new Client(server.url);
    await boris.signIn('boris@example.com', 'Boris-pass-12');
    server.ctx.db.run(sql`UPDATE deals SET everyone = 1 WHERE id = ${id}`);

    await boris.get(`/deals/${id}`);
    const sent = await boris.post('/comments', { entity: 'deal', entityId: String(id), text: 'Called them. @Анна Админова, please approve the discount.' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/deals/${id}#journal`);
    const page = await boris.get(`/deals/${id}`);
    expect(page.text).toContain('Comment added');
    expect(page.text).toContain('Called them. @Анна Админова, please approve the discount.');

    expect((await anna.get('/notifications')).text).toContain('Boris Ivanov commented on “Servers for Vector”: Called them.');
    expect((await admin.get('/notifications')).text).toContain('Boris Ivanov mentioned you on “Servers for Vector”');
  });

  it('refuses an empty comment with a message and saves nothing', async () => {
    const id = await newDeal('Servers for Vector', annaId);
    await anna.get(`/deals/${id}`);
    const sent = await anna.post('/comments', { entity: 'deal', entityId: String(id), text: '   ' });
    expect(sent.headers.get('location')).toBe(`/deals/${id}`);
    expect((await anna.get(`/deals/${id}`)).text).toContain('Write the comment’s text first.');
    expect(server.ctx.db.all(sql`SELECT * FROM history WHERE kind = 'comment'`)).toHaveLength(0);
  });

  it('rights: no comment on a record outside my scope (404), and a mention of someone who cannot read it notifies nobody', async () => {
    const borisDeal = await newDeal('Boris only', borisId);
    await anna.get('/');
    expect((await anna.post('/comments', { entity: 'deal', entityId: String(borisDeal), text: 'hello' })).status).toBe(404);
    expect((await anna.post('/comments', { entity: 'deal', entityId: '999999', text: 'hello' })).status).toBe(404);

    await admin.get(`/deals/${borisDeal}`);
    await admin.post('/comments', { entity: 'deal', entityId: String(borisDeal), text: '@Anna Petrova and @anna@example.com, have a look' });
    expect(server.ctx.db.all(sql`SELECT * FROM notifications WHERE user_id = ${annaId}`)).toHaveLength(0);
    expect(bellCount((await anna.get('/')).text)).toBe(0);
    expect(server.ctx.db.all(sql`SELECT kind FROM notifications WHERE user_id = ${borisId} AND entity_id = ${borisDeal} AND kind = 'comment'`)).toHaveLength(1);
  });
});

describe('activity stream', () => {
  it('shows events on records I may read, newest first, filters by entity and user, and comments on an event', async () => {
    const mine = await newDeal('Anna’s servers', annaId);
    const hidden = await newDeal('Boris’s secret deal', borisId);
    await admin.post('/comments', { entity: 'deal', entityId: String(hidden), text: 'Hidden remark' });
    await anna.get(`/deals/${mine}`);
    await anna.post('/comments', { entity: 'deal', entityId: String(mine), text: 'Anna’s own note' });

    const stream = await anna.get('/stream');
    expect(stream.status).toBe(200);
    expect(stream.text).toContain('Anna’s servers');
    expect(stream.text).toContain('Anna’s own note');
    expect(stream.text).not.toContain('Boris’s secret deal');
    expect(stream.text).not.toContain('Hidden remark');
    expect(stream.text.indexOf('Anna’s own note')).toBeLessThan(stream.text.indexOf('>Created<'));

    await admin.get(`/deals/${mine}/edit`);
    await admin.post(`/deals/${mine}`, { title: 'Anna’s servers, renamed', stageId: String(secondStage()), amount: '', currency: 'RUB', responsibleId: String(annaId) });
    const moved = await anna.get('/stream');
    expect(moved.text).toMatch(/Stage<\/strong>: <span class="old">New<\/span> → <span class="new">Qualification<\/span>/);
    expect(moved.text).not.toContain('<span class="new">Anna’s servers, renamed</span>');

    const all = await admin.get('/stream');
    expect(all.text).toContain('Boris’s secret deal');
    expect(all.text).toContain('Hidden remark');
    expect((await admin.get(`/stream?user=${annaId}`)).text).not.toContain('Hidden remark');
    expect((await admin.get('/stream?entity=lead')).text).not.toContain('Boris’s secret deal');
    expect((await admin.get('/stream?entity=deal')).text).toContain('Boris’s secret deal');

    await anna.get('/stream');
    const reply = await anna.post('/comments', { entity: 'deal', entityId: String(mine), text: 'Reply from the stream', back: '/stream' });
    expect(reply.headers.get('location')).toBe('/stream');
    expect((await anna.get('/stream')).text).toContain('Reply from the stream');
    expect((await anna.post('/comments', { entity: 'deal', entityId: String(hidden), text: 'x', back: '/stream' })).status).toBe(404);
  });
  it('shows done activities and pages by key: the newest 50, then "Older"', async () => {
    const id = await newDeal('Busy deal', annaId);
    const now = Date.now();
    server.ctx.db.run(sql`INSERT INTO history (entity, entity_id, at, user_id, kind, new_value) VALUES ('deal', ${id}, ${now}, ${annaId}, 'activity', 'Call: agreed on the price')`);
    for (let i = 1; i <= 55; i++) {
      server.ctx.db.run(sql`INSERT INTO history (entity, entity_id, at, user_id, kind, new_value) VALUES ('deal', ${id}, ${now + i}, ${annaId}, 'comment', ${`Note number ${i}.`})`);
    }
    const first = await anna.get('/stream');
    expect(first.text).toContain('Note number 55.');
    expect(first.text).toContain('Note number 6.');
    expect(first.text).not.toContain('Note number 5.');
    const older = /<a class="btn" href="(\/stream\?before=\d+)"/.exec(first.text)![1]!;
    const second = await anna.get(older);
    expect(second.text).toContain('Note number 5.');
    expect(second.text).toContain('Note number 1.');
    expect(second.text).toContain('Activity done: Call: agreed on the price');
    expect(second.text).not.toContain('Note number 6.');
  });
});

describe('live stream', () => {
  it('delivers new notifications, and a reconnect with Last-Event-ID replays exactly the missed ones', async () => {
    const stream = await openStream(anna, '/notifications/stream');
    expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
    expect(await stream.next()).toEqual({ event: 'unread', data: '0' });

    await newDeal('One', annaId);
    const one = await stream.next();
    expect(one.event).toBe('notification');
    expect(JSON.parse(one.data)).toMatchObject({ text: 'Анна Админова made you responsible for the deal “One”', link: expect.stringMatching(/^\/deals\/\d+$/) });
    expect(await stream.next()).toEqual({ event: 'unread', data: '1' });
    await stream.close();

    await newDeal('Two', annaId);
    await newDeal('Three', annaId);
    const again = await openStream(anna, '/notifications/stream', { 'Last-Event-ID': one.id! });
    const replayed = [await again.next(), await again.next()];
    expect(replayed.map((e) => JSON.parse(e.data).text)).toEqual([
      'Анна Админова made you responsible for the deal “Two”',
      'Анна Админова made you responsible for the deal “Three”',
    ]);
    expect(replayed.map((e) => Number(e.id))).toEqual([Number(one.id) + 1, Number(one.id) + 2]);
    expect(await again.next()).toEqual({ event: 'unread', data: '3' });

    await newDeal('Four', annaId);
    const four = await again.next();
    expect(JSON.parse(four.data).text).toContain('“Four”');
    await again.close();
  });

  it('ends when the user signs out, and answers 204 without a session', async () => {
    const stream = await openStream(anna, '/notifications/stream');
    await stream.next();
    await anna.get('/');
    await anna.post('/logout', {});
    expect(await stream.ended()).toBe(true);
    const anonymous = await fetch(`${server.url}/notifications/stream`);
    expect(anonymous.status).toBe(204);
  });
});
