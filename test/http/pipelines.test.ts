import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: Client;

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx, 'ru');
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
});
afterEach(() => server.close());

type Row = { id: number; name: string; semantics: string; sort: number; color: string };
const stages = (pipelineId: number) =>
  server.ctx.db.all<Row>(sql`SELECT id, name, semantics, sort, color FROM stages WHERE pipeline_id = ${pipelineId} ORDER BY sort`);
const rowsForm = (rows: Partial<Row & { remove: boolean }>[]) =>
  Object.fromEntries(
    rows.flatMap((r, i) =>
      Object.entries({ id: r.id ? String(r.id) : undefined, name: r.name, semantics: r.semantics, sort: String(r.sort ?? (i + 1) * 10), color: r.color ?? '#336699', remove: r.remove ? '1' : undefined })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [`rows[${i}][${k}]`, v as string]),
    ),
  );

describe('pipelines and stages', () => {
  it('the company starts with a pipeline, lead statuses and lists in its language', async () => {
    const [pipeline] = server.ctx.db.all<{ id: number; name: string }>(sql`SELECT id, name FROM pipelines`);
    expect(pipeline!.name).toBe('Продажи');
    expect(stages(pipeline!.id).map((s) => `${s.name}:${s.semantics}`)).toEqual([
      'Новая:open',
      'Квалификация:open',
      'Предложение:open',
      'Переговоры:open',
      'Счёт выставлен:open',
      'Сделка успешна:won',
      'Сделка провалена:lost',
    ]);
    expect(server.ctx.db.all(sql`SELECT name FROM lead_statuses ORDER BY sort`).map((r) => (r as { name: string }).name)).toEqual([
      'Новый',
      'В работе',
      'Обработан',
      'Сконвертирован',
      'Некачественный',
    ]);
    const page = await admin.get('/settings/pipelines');
    expect(page.text).toContain('Продажи');
    expect(page.text).toContain('data-color="#7bd500"');
  });

  it('edits stages all at once: validates first, then reorders, renames, adds and removes in one go', async () => {
    const [{ id }] = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM pipelines`) as [{ id: number }];
    const before = stages(id);
    await admin.get(`/settings/pipelines/${id}`);
    const twoWon = rowsForm(before.map((s) => ({ ...s, semantics: s.semantics === 'lost' ? 'won' : s.semantics })));
    const bad = await admin.post(`/settings/pipelines/${id}/stages`, twoWon);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Успешной должна быть ровно одна строка.');
    expect(bad.text).toContain('value="Сделка провалена"');
    expect(stages(id)).toEqual(before);

    const edited: (Row & { remove?: boolean })[] = before.map((s) => ({ ...s }));
    edited[0]!.name = 'Входящая';
    edited[1]!.remove = true;
    edited[4]!.sort = 1;
    edited.push({ name: 'Отложена', semantics: 'lost', sort: 1, color: '#999999' } as Row);
    const ok = await admin.post(`/settings/pipelines/${id}/stages`, rowsForm(edited));
    expect(ok.status).toBe(303);
    expect(stages(id).map((s) => s.name)).toEqual(['Счёт выставлен', 'Входящая', 'Предложение', 'Переговоры', 'Сделка успешна', 'Отложена', 'Сделка провалена']);
    expect(stages(id)[0]!.id).toBe(before[4]!.id);
  });

  it('creates, orders, renames and deletes pipelines, always keeping one', async () => {
    await admin.get('/settings/pipelines');
    const made = await admin.post('/settings/pipelines', { name: 'Опт' });
    const [{ id }] = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM pipelines WHERE name = 'Опт'`) as [{ id: number }];
    expect(made.headers.get('location')).toBe(`/settings/pipelines/${id}`);
    expect(stages(id).map((s) => s.semantics)).toEqual(['open', 'won', 'lost']);
    await admin.post(`/settings/pipelines/${id}/move`, { direction: 'up' });
    expect(server.ctx.db.all(sql`SELECT name FROM pipelines ORDER BY sort`)).toEqual([{ name: 'Опт' }, { name: 'Продажи' }]);
    await admin.post(`/settings/pipelines/${id}`, { name: 'Оптовые продажи' });
    expect((await admin.post(`/settings/pipelines/${id}/delete`, {})).status).toBe(303);
    const [{ id: last }] = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM pipelines`) as [{ id: number }];
    const refused = await admin.post(`/settings/pipelines/${last}/delete`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Это единственная воронка');
  });
});

describe('lead statuses and reference lists', () => {
  it('keeps exactly one converted status', async () => {
    await admin.get('/settings/lead-statuses');
    const current = server.ctx.db.all<Row>(sql`SELECT id, name, semantics, sort, color FROM lead_statuses ORDER BY sort`);
    const res = await admin.post('/settings/lead-statuses', rowsForm(current.map((s) => ({ ...s, remove: s.semantics === 'converted' }))));
    expect(res.status).toBe(422);
    const ok = await admin.post('/settings/lead-statuses', rowsForm([...current, { name: 'Ждёт звонка', semantics: 'open', sort: 25 } as Row]));
    expect(ok.status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT name FROM lead_statuses ORDER BY sort LIMIT 3`)).toEqual([{ name: 'Новый' }, { name: 'В работе' }, { name: 'Ждёт звонка' }]);
  });

  it('edits a reference list and refuses duplicates', async () => {
    await admin.get('/settings/lists/source');
    const current = server.ctx.db.all<Row>(sql`SELECT id, name, sort FROM reference_items WHERE list = 'source' ORDER BY sort`);
    const dup = await admin.post('/settings/lists/source', rowsForm([...current, { name: 'звонок', sort: 1 } as Row]));
    expect(dup.status).toBe(422);
    expect(dup.text).toContain('У двух строк одинаковые названия.');
    const ok = await admin.post('/settings/lists/source', rowsForm([...current.map((c) => ({ ...c, remove: c.name === 'Реклама' })), { name: 'Выставка', sort: 1 } as Row]));
    expect(ok.status).toBe(303);
    const names = server.ctx.db.all<{ name: string }>(sql`SELECT name FROM reference_items WHERE list = 'source' ORDER BY sort`).map((r) => r.name);
    expect(names[0]).toBe('Выставка');
    expect(names).not.toContain('Реклама');
    expect((await admin.get('/settings/lists/nonsense')).status).toBe(404);
  });

  it('is for administrators only', async () => {
    await addUser(server.ctx, { email: 'm@example.com', password: 'Manager-pass-1', fullName: 'M' });
    const m = new Client(server.url);
    await m.signIn('m@example.com', 'Manager-pass-1');
    for (const path of ['/settings/pipelines', '/settings/lead-statuses', '/settings/lists/source']) expect((await m.get(path)).status).toBe(403);
  });
});
