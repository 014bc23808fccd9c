import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { salesTeam } from '../support/sales-team.js';
import { reportTable, type ReportTable } from '../support/report-table.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createDefinition } from '../../src/features/custom/service.js';
import { createDeal, deleteDeal, moveDeal } from '../../src/features/deals/service.js';
import { checkDefinition } from '../../src/features/reports/builder/definition.js';
import { en } from '../../src/platform/i18n/en.js';
import { ru } from '../../src/platform/i18n/ru.js';

/**
 * Builder reports in list mode: the records themselves with chosen columns. Base RUB, USD at 90.5,
 * EUR at 100.2575, time zone Europe/Moscow (UTC+3). Money is converted row by row, to the kopeck.
 *
 * Deals (created at, Moscow time; custom field Tags, several options of Hot, Key):
 *   d1  One  RUB 1 234.56  won   Alpha LLC  2026-10-15 12:00  Hot, Key
 *   d2  One  USD   100.01  won   Alpha LLC  2026-11-01 00:30  (31 Oct 21:30 UTC: November here) → 9 050.905 → 9 050.91
 *   d3  One  EUR    50.55  lost  Beta LLC   2026-11-10 12:00  → 5 068.016625 → 5 068.02
 *   d4  Two  USD    10.00  won   Beta LLC   2026-11-20 12:00  → 905.00
 *   d5  One  RUB   500.00  won   deleted, 2026-11-05: listed nowhere
 *   d6  Two  RUB    99.99  open  —          2026-10-31 23:30  (October here)
 * November's totals: USD 110.01 = 9 955.905 → 9 955.91 (converted once) + EUR 5 068.02 = 15 023.93.
 */
let server: TestServer;
let director: Client;
let one: Client;
const ids: Record<string, number> = {};

const msk = (local: string) => Date.parse(`${local}:00+03:00`);

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  const { root, people } = await salesTeam(ctx, 'Builder-pass-1');
  createDefinition(ctx, { entity: 'deal', label: 'Tags', code: 'tags', type: 'multi', required: false, newOptions: ['Hot', 'Key'], target: undefined });
  const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
  const blank = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
  const alpha = createCompany(ctx, root, { ...blank, title: 'Alpha LLC', responsibleId: people.one }).id;
  const beta = createCompany(ctx, root, { ...blank, title: 'Beta LLC', responsibleId: people.two }).id;
  const deal = (who: number, amount: string, currency: string, to: string, at: string, more: { companyId?: number; custom?: object } = {}) => {
    const id = createDeal(ctx, root, {
      title: `${amount} ${currency}`, stageId: stage('new'), amount, currency, probability: null, typeId: null, sourceId: null, expectedClose: null,
      contactId: null, companyId: more.companyId ?? null, responsibleId: who, everyone: false, comments: null,
    }).id;
    if (to !== 'new') moveDeal(ctx, root, id, stage(to));
    ctx.db.run(sql`UPDATE deals SET created_at = ${msk(at)}, custom = ${JSON.stringify(more.custom ?? {})} WHERE id = ${id}`);
    return id;
  };
  ids.d1 = deal(people.one, '1234.56', 'RUB', 'won', '2026-10-15T12:00', { companyId: alpha, custom: { tags: [1, 2] } });
  ids.d2 = deal(people.one, '100.01', 'USD', 'won', '2026-11-01T00:30', { companyId: alpha });
  ids.d3 = deal(people.one, '50.55', 'EUR', 'lost', '2026-11-10T12:00', { companyId: beta });
  ids.d4 = deal(people.two, '10.00', 'USD', 'won', '2026-11-20T12:00', { companyId: beta });
  deleteDeal(ctx, root, deal(people.one, '500.00', 'RUB', 'won', '2026-11-05T12:00'));
  ids.d6 = deal(people.two, '99.99', 'RUB', 'negotiation', '2026-10-31T23:30');
  const now = ctx.clock.now();
  ids.call = Number(ctx.db.run(sql`INSERT INTO activities (type, subject, entity, entity_id, responsible_id, due_at, done_at, duration_min, created_at, updated_at)
    VALUES ('call', 'Call Alpha', 'deal', ${ids.d1}, ${people.one}, ${now}, ${now}, 20, ${now}, ${now})`).lastInsertRowid);
  // 2 001 contacts of Two's: one more than a list shows.
  ctx.db.run(sql`INSERT INTO contacts (full_name, responsible_id, created_at, updated_at)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2001) SELECT 'Contact ' || printf('%04d', i), ${people.two}, ${now} + i, ${now} FROM n`);

  const signIn = async (email: string) => {
    const c = new Client(server.url);
    await c.signIn(email, 'Builder-pass-1');
    await c.get('/reports/builder/new');
    return c;
  };
  director = await signIn('director@example.com');
  one = await signIn('one@example.com');
});

afterAll(() => server?.close());

const november = { pf: 'createdAt', range: 'custom', from: '2026-11-01', to: '2026-11-30' };
const dealList = { entity: 'deal', m1: 'count', chart: 'bar', c1: 'title', c2: 'company', c3: 'amount', c4: 'stage' };
const [won, lost] = [en['seed.stage.won'], en['seed.stage.lost']];

async function preview(client: Client, form: Record<string, string>): Promise<{ html: string } & ReportTable> {
  const res = await client.post('/reports/builder/preview', { ...dealList, ...form });
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return { html: res.text, ...reportTable(res.text) };
}

describe('builder list mode: the records with chosen columns', () => {
  it('lists November\'s deals newest first, amounts converted per row to the kopeck, the totals over all', async () => {
    const r = await preview(director, november);
    expect({ rows: r.rows, totals: r.totals }).toEqual({
      rows: [
        ['10.00 USD', 'Beta LLC', '90500', won],
        ['50.55 EUR', 'Beta LLC', '506802', lost],
        ['100.01 USD', 'Alpha LLC', '905091', won],
      ],
      totals: ['Records in all: 3', '', '1502393', ''],
    });
    // The first column links to the deal; no chart in a list; the deleted deal is nowhere.
    expect(r.html).toContain(`href="/deals/${ids.d4}"`);
    expect(r.html).not.toContain('report-chart');
    expect(r.html).not.toContain('500.00 RUB');
  });

  it('orders by a chosen column either way', async () => {
    expect((await preview(director, { ...november, sort: 'amount', dir: 'desc' })).rows.map((r) => r[0])).toEqual(['100.01 USD', '50.55 EUR', '10.00 USD']);
    expect((await preview(director, { ...november, sort: 'company', dir: 'asc' })).rows.map((r) => r[1])).toEqual(['Alpha LLC', 'Beta LLC', 'Beta LLC']);
    expect((await preview(director, { ...november, sort: 'title', dir: 'asc' })).rows.map((r) => r[0])).toEqual(['10.00 USD', '100.01 USD', '50.55 EUR']);
  });

  it('a manager lists only his own deals', async () => {
    const r = await preview(one, november);
    expect({ rows: r.rows, totals: r.totals }).toEqual({
      rows: [
        ['50.55 EUR', 'Beta LLC', '506802', lost],
        ['100.01 USD', 'Alpha LLC', '905091', won],
      ],
      totals: ['Records in all: 2', '', '1411893', ''],
    });
  });

  it('all time: dates in the viewer\'s time zone, a multi-choice field as its options joined, empty cells empty', async () => {
    const r = await preview(director, { c2: 'createdAt', c3: 'cf_tags', c4: '', responsible: '' });
    expect(r.rows.map((row) => row[0])).toEqual(['10.00 USD', '50.55 EUR', '100.01 USD', '99.99 RUB', '1234.56 RUB']);
    expect(r.rows[4]).toEqual(['1234.56 RUB', String(Date.parse('2026-10-15T09:00:00Z')), 'Hot, Key']);
    expect(r.rows[3]).toEqual(['99.99 RUB', String(Date.parse('2026-10-31T20:30:00Z')), '']);
    expect(r.totals).toEqual(['Records in all: 5', '', '']);
  });

  it('lists the other record types too, each row linking to its record', async () => {
    const companies = await preview(director, { entity: 'company', c1: 'title', c2: 'responsible', c3: '', c4: '', sort: 'title', dir: 'asc' });
    expect({ rows: companies.rows, totals: companies.totals }).toEqual({ rows: [['Alpha LLC', 'Manager One'], ['Beta LLC', 'Manager Two']], totals: ['Records in all: 2', ''] });
    expect(companies.html).toMatch(/href="\/companies\/\d+"/);
    expect((await preview(director, { entity: 'lead', c1: 'title', c2: 'createdAt', c3: '', c4: '' })).totals).toEqual(['Records in all: 0', '']);
    const calls = await preview(director, { entity: 'activity', c1: 'subject', c2: 'durationMin', c3: '', c4: '' });
    expect({ rows: calls.rows, totals: calls.totals }).toEqual({ rows: [['Call Alpha', '20']], totals: ['Records in all: 1', '20'] });
    expect(calls.html).toContain(`href="/activities/${ids.call}"`);
  });

  it('shows at most 2 000 rows and says so; the totals count them all', async () => {
    const r = await preview(director, { entity: 'contact', c1: 'name', c2: 'responsible', c3: '', c4: '', sort: 'name', dir: 'desc' });
    expect(r.rows).toHaveLength(2000);
    expect(r.rows[0]).toEqual(['Contact 2001', 'Manager Two']);
    expect(r.totals).toEqual(['Records in all: 2,001', '']);
    expect(r.html).toContain(en['reports.truncated']);
    // A manager of another department lists none of them.
    expect((await preview(one, { entity: 'contact', c1: 'name', c2: '', c3: '', c4: '' })).totals).toEqual(['Records in all: 0']);
  });

  it('is saved and exported: the CSV says what the screen says', async () => {
    const saved = await director.post('/reports/builder', { ...dealList, ...november, c5: 'createdAt', name: 'November deals' });
    expect(saved.status).toBe(303);
    const path = saved.headers.get('location')!;
    const page = await director.get(path);
    expect(reportTable(page.text).rows).toHaveLength(3);
    const csv = await director.get(`${path}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.replace(/^\ufeff/, '').split('\r\n')).toEqual([
      `${en['deals.field.title']};Company;${en['deals.field.amount']}, RUB;${en['deals.field.stage']};${en['records.created']}`,
      `10.00 USD;Beta LLC;905.00;${won};2026-11-20 12:00`,
      `50.55 EUR;Beta LLC;5068.02;${lost};2026-11-10 12:00`,
      `100.01 USD;Alpha LLC;9050.91;${won};2026-11-01 00:30`,
      'Records in all: 3;;15023.93;;',
      '',
    ]);
    expect((await director.get(`${path}/export.xlsx`)).status).toBe(200);
    // The edit form keeps the columns.
    const edit = await director.get(`${path}/edit`);
    expect(edit.text).toMatch(/<select id="f-c3" name="c3"[^>]*>[\s\S]*?<option value="amount" selected>/);
  });

  it('refuses columns with a grouping, unknown or repeated columns, too many, an order by no column — in the user language', async () => {
    const res = await director.post('/reports/builder/preview', { ...dealList, g1: 'stage', c2: 'nope', c3: 'title', sort: 'probability' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(en['builder.error.columnsAndGroups']);
    expect(res.text).toContain('There is no field “nope” here');
    expect(res.text).toContain(en['builder.error.sameColumn']);
    expect(res.text).toContain(en['builder.error.sortColumn']);
    const nine = checkDefinition(server.ctx.db, 'ru', { entity: 'deal', groups: [], measures: [], columns: ['title', 'company', 'contact', 'responsible', 'stage', 'amount', 'createdAt', 'closedAt', 'pipeline'], period: null, responsible: null, equals: null, chart: 'bar' });
    expect(nine).toEqual({ ok: false, errors: { c1: { key: 'builder.error.columns', params: { n: 8 } } } });
    expect(ru['builder.error.columns']).toBe('В списке не больше {n} столбцов.');
    const first = await director.post('/reports/builder/preview', { ...dealList, c1: 'amount', c3: '' });
    expect(first.status).toBe(422);
    expect(first.text).toContain(en['builder.error.firstColumn']);
  });
});
