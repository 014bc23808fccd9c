import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, setUpCompany, startTestServer, type TestServer } from '../support/server.js';

/** Issue 20, point 6: dates typed as the user's language writes them, in every form and filter. */
let server: TestServer;
let admin: Client;

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx, 'ru');
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
});
afterEach(() => server.close());

const firstStage = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY pipeline_id, sort LIMIT 1`)[0]!.id;
const dealForm = (over: Record<string, string>) => ({ title: 'Поставка', stageId: String(firstStage()), amount: '100', currency: 'RUB', responsibleId: '1', ...over });
const lastDeal = () => server.ctx.db.all<{ id: number; expected_close: string | null }>(sql`SELECT id, expected_close FROM deals ORDER BY id DESC LIMIT 1`)[0]!;

describe('dates in the user writing', () => {
  it('a Russian user types ДД.ММ.ГГГГ into a deal, sees it so again, filters the list by it and is told the writing when wrong', async () => {
    await admin.get('/deals/new');
    const bad = await admin.post('/deals', dealForm({ expectedClose: '31.02.2027' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Введите дату в виде ДД.ММ.ГГГГ.');
    expect(bad.text).toContain('value="31.02.2027"');
    expect(server.ctx.db.all(sql`SELECT id FROM deals`)).toHaveLength(0);

    await admin.post('/deals', dealForm({ expectedClose: '28.02.2027' }));
    const deal = lastDeal();
    expect(deal.expected_close).toBe('2027-02-28');
    const edit = await admin.get(`/deals/${deal.id}/edit`);
    expect(edit.text).toContain('name="expectedClose" value="28.02.2027" placeholder="ДД.ММ.ГГГГ"');

    const inside = await admin.get('/deals?f.expectedClose.from=01.02.2027&f.expectedClose.to=28.02.2027');
    expect(inside.text).toContain(`/deals/${deal.id}"`);
    const after = await admin.get('/deals?f.expectedClose.from=01.03.2027');
    expect(after.text).not.toContain(`/deals/${deal.id}"`);
    const iso = await admin.get('/deals?f.expectedClose.from=2027-02-01');
    expect(iso.text).toContain(`/deals/${deal.id}"`);
    const wrong = await admin.get('/deals?f.expectedClose.from=32.01.2027&panel=filters');
    expect(wrong.text).toContain('введите дату в виде ДД.ММ.ГГГГ.');
  });

  it('an activity due at ДД.ММ.ГГГГ ЧЧ:ММ is read on the user wall clock; the audit log filters by typed days', async () => {
    await admin.get('/deals/new');
    await admin.post('/deals', dealForm({}));
    const deal = lastDeal();
    await admin.get(`/activities/new?type=call&entity=deal&id=${deal.id}`);
    await admin.post('/activities', { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Позвонить', responsibleId: '1', dueAt: '20.01.2031 14:30', reminder: 'none' });
    const [row] = server.ctx.db.all<{ id: number; due_at: number }>(sql`SELECT id, due_at FROM activities WHERE subject = 'Позвонить'`);
    expect(row!.due_at).toBe(Date.parse('2031-01-20T14:30:00+03:00'));
    expect((await admin.get(`/deals/${deal.id}`)).text).toContain('name="dueAt" value="20.01.2031 14:30"');

    const bad = await admin.post('/activities', { type: 'call', entity: 'deal', entityId: String(deal.id), subject: 'Ещё', responsibleId: '1', dueAt: '20.01.2031 25:00', reminder: 'none' });
    expect(bad.text).toContain('Введите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ.');

    const today = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(server.ctx.clock.now());
    const audit = await admin.get(`/settings/audit?from=${today}&to=${today}`);
    expect(audit.status).toBe(200);
    expect(audit.text).toContain(`name="from" value="${today}"`);
    expect(audit.text).toContain('<td');
  });
});
