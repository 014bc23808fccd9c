import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { salesTeam } from '../support/sales-team.js';
import { reportTable, type ReportTable } from '../support/report-table.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDefinition, setDefinitionActive } from '../../src/features/custom/service.js';
import ExcelJS from 'exceljs';
import { createDeal, deleteDeal, moveDeal } from '../../src/features/deals/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { setUserRoles } from '../../src/features/users/queries.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { checkDefinition } from '../../src/features/reports/builder/definition.js';
import { en } from '../../src/platform/i18n/en.js';
import { ru } from '../../src/platform/i18n/ru.js';

/**
 * Builder reports against a fixture whose figures are worked out by hand below. Base currency RUB;
 * USD at 90.5, EUR at 100.2575; time zone Europe/Moscow (UTC+3). Money is summed per currency, each
 * sum converted once and rounded half away from zero to the kopeck.
 *
 * Deals (created at, Moscow time; custom fields Channel (list: Web, Phone) and Seats (number)):
 *   d1  One  RUB 1 234.56  won   Alpha LLC  2026-10-15 12:00  Web    3
 *   d2  One  USD   100.01  won   Alpha LLC  2026-11-01 00:30  Phone  4   (31 Oct 21:30 UTC: November here)
 *   d3  One  EUR    50.55  lost  Beta LLC   2026-11-10 12:00  Web    —
 *   d4  One  EUR   333.33  open  —          2026-11-20 12:00  —      —
 *   d5  Two  USD    10.00  won   Beta LLC   2026-10-20 12:00  Web    10
 *   d6  One  RUB   500.00  won   deleted: counted nowhere
 *   d7  Two  RUB    99.99  open  "available to everyone": One may open it, but it is not his figure
 * Conversions: USD 100.01 = 9 050.905 → 9 050.91; USD 10.00 = 905.00; USD 110.01 = 9 955.905 → 9 955.91;
 * EUR 50.55 = 5 068.016625 → 5 068.02; EUR 333.33 = 33 418.832475 → 33 418.83; EUR 383.88 = 38 486.8491 → 38 486.85.
 */
let server: TestServer;
let director: Client;
let one: Client;
let head: Client;
let admin: Client;
let reader: Client;
let people: Awaited<ReturnType<typeof salesTeam>>['people'];
const ids: Record<string, number> = {};

const msk = (local: string) => Date.parse(`${local}:00+03:00`);

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  const team = await salesTeam(ctx, 'Builder-pass-1');
  const { root, sales } = team;
  people = team.people;
  await addUser(ctx, { email: 'head@example.com', password: 'Builder-pass-1', fullName: 'Head', role: 'head', departmentIds: [sales.id] });
  createDefinition(ctx, { entity: 'deal', label: 'Channel', code: 'channel', type: 'list', required: false, newOptions: ['Web', 'Phone'], target: undefined });
  createDefinition(ctx, { entity: 'deal', label: 'Seats', code: 'seats', type: 'number', required: false, newOptions: [], target: undefined });
  ids.region = createDefinition(ctx, { entity: 'deal', label: 'Region', code: 'region', type: 'string', required: false, newOptions: [], target: undefined }).id;

  const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
  const blank = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
  createContact(ctx, root, { lastName: 'Contactov', firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, responsibleId: people.one, companyIds: [], comms: [] });
  const alpha = createCompany(ctx, root, { ...blank, title: 'Alpha LLC', responsibleId: people.one }).id;
  const beta = createCompany(ctx, root, { ...blank, title: 'Beta LLC', responsibleId: people.two }).id;
  const deal = (who: number, amount: string, currency: string, to: string, at: string, more: { companyId?: number; custom?: object; everyone?: boolean } = {}) => {
    const id = createDeal(ctx, root, {
      title: `${amount} ${currency}`, stageId: stage('new'), amount, currency, probability: null, typeId: null, sourceId: null, expectedClose: null,
      contactId: null, companyId: more.companyId ?? null, responsibleId: who, everyone: more.everyone ?? false, comments: null,
    }).id;
    if (to !== 'new') moveDeal(ctx, root, id, stage(to));
    ctx.db.run(sql`UPDATE deals SET created_at = ${msk(at)}, custom = ${JSON.stringify(more.custom ?? {})} WHERE id = ${id}`);
    return id;
  };
  ids.d1 = deal(people.one, '1234.56', 'RUB', 'won', '2026-10-15T12:00', { companyId: alpha, custom: { channel: 1, seats: 3 } });
  ids.d2 = deal(people.one, '100.01', 'USD', 'won', '2026-11-01T00:30', { companyId: alpha, custom: { channel: 2, seats: 4 } });
  ids.d3 = deal(people.one, '50.55', 'EUR', 'lost', '2026-11-10T12:00', { companyId: beta, custom: { channel: 1 } });
  ids.d4 = deal(people.one, '333.33', 'EUR', 'negotiation', '2026-11-20T12:00');
  ids.d5 = deal(people.two, '10.00', 'USD', 'won', '2026-10-20T12:00', { companyId: beta, custom: { channel: 1, seats: 10 } });
  deleteDeal(ctx, root, deal(people.one, '500.00', 'RUB', 'won', '2026-10-05T12:00', { custom: { channel: 1 } }));
  ids.d7 = deal(people.two, '99.99', 'RUB', 'negotiation', '2026-11-02T12:00', { custom: { channel: 2 }, everyone: true });

  // Leads: One's new, in progress, converted and a deleted one; Two's junk and new.
  const status = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM lead_statuses WHERE code = ${code}`)!.id;
  const lead = (who: number, code: string) => {
    const id = createLead(ctx, root, { title: code, lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, statusId: status('new'), sourceId: null, amount: '', currency: 'RUB', responsibleId: who, everyone: false, comments: null, comms: [] }).id;
    ctx.db.run(sql`UPDATE leads SET status_id = ${status(code)} WHERE id = ${id}`);
    return id;
  };
  lead(people.one, 'new');
  lead(people.one, 'inProgress');
  lead(people.one, 'converted');
  lead(people.two, 'junk');
  lead(people.two, 'new');
  ctx.db.run(sql`UPDATE leads SET deleted_at = ${ctx.clock.now()} WHERE id = ${lead(people.one, 'new')}`);

  // Activities: One two calls done (20 and 35 minutes) and a meeting planned; Two an e-mail done.
  const now = ctx.clock.now();
  const act = (type: string, who: number, done: boolean, minutes: number | null) =>
    ctx.db.run(sql`INSERT INTO activities (type, subject, entity, entity_id, responsible_id, due_at, done_at, duration_min, created_at, updated_at)
      VALUES (${type}, ${type}, 'deal', ${ids.d1!}, ${who}, ${now}, ${done ? now : null}, ${minutes}, ${now}, ${now})`);
  act('call', people.one, true, 20);
  act('call', people.one, true, 35);
  act('meeting', people.one, false, null);
  act('email', people.two, true, null);

  const signIn = async (email: string, password = 'Builder-pass-1') => {
    const c = new Client(server.url);
    await c.signIn(email, password);
    await c.get('/reports/builder/new');
    return c;
  };
  // Someone who reads every deal but has no report right.
  const role = createRole(ctx, { userId: null, ip: null }, { name: 'Deal reader', copyFrom: null });
  updateRole(ctx, { userId: null, ip: null }, role.id, { name: 'Deal reader', m: filledMatrix((e, a) => (e === 'deal' && a === 'read' ? 'all' : 'none')), maySettings: false, mayEditCatalog: false });
  setUserRoles(ctx.db, (await addUser(ctx, { email: 'reader@example.com', password: 'Builder-pass-1', fullName: 'Reader' })).id, [role.id]);
  reader = new Client(server.url);
  await reader.signIn('reader@example.com', 'Builder-pass-1');
  await reader.get('/');

  director = await signIn('director@example.com');
  one = await signIn('one@example.com');
  head = await signIn('head@example.com');
  admin = await signIn(ADMIN.email, ADMIN.password);
});

afterAll(() => server?.close());

const base = { entity: 'deal', m1: 'count', chart: 'bar' };

async function preview(client: Client, form: Record<string, string>): Promise<ReportTable> {
  const res = await client.post('/reports/builder/preview', { ...base, ...form });
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return reportTable(res.text);
}

describe('builder reports, to the kopeck', () => {
  it('deals by responsible, then by month of creation (in Moscow time), with count and sum', async () => {
    // One, October: d1 RUB 1 234.56. November: d2 USD 9 050.91 + d3 and d4 EUR 383.88 (38 486.85) = 47 537.76.
    // Two, October: d5 905.00; November: d7 99.99. Totals: RUB 1 334.55 + USD 9 955.91 + EUR 38 486.85 = 49 777.31.
    const form = { g1: 'responsible', g2: 'createdAt', g2b: 'month', m2: 'sum:amount' };
    expect(await preview(director, form)).toEqual({
      rows: [
        ['Manager One', 'October 2026', '1', '123456'],
        ['Manager One', 'November 2026', '3', '4753776'],
        // Each manager's subtotal: One RUB 1 234.56 + USD 9 050.91 + EUR 38 486.85 = 48 772.32; Two 905.00 + 99.99.
        ['Manager One', 'Total', '4', '4877232'],
        ['Manager Two', 'October 2026', '1', '90500'],
        ['Manager Two', 'November 2026', '1', '9999'],
        ['Manager Two', 'Total', '2', '100499'],
      ],
      totals: ['', '', '6', '4977731'],
    });
    const page = await director.post('/reports/builder/preview', { ...base, ...form });
    expect(page.text.match(/<tr class="report-subtotal">/g)).toHaveLength(2);
    // The same within November only: d2 (00:30 on the 1st in Moscow) counts; a single row needs no subtotal.
    expect(await preview(director, { ...form, pf: 'createdAt', range: 'custom', from: '2026-11-01', to: '2026-11-30' })).toEqual({
      rows: [
        ['Manager One', 'November 2026', '3', '4753776'],
        ['Manager Two', 'November 2026', '1', '9999'],
      ],
      totals: ['', '', '4', '4763775'],
    });
  });

  it('leads by status, deleted ones left out', async () => {
    const status = (code: string) => en[`seed.status.${code}` as keyof typeof en];
    const rows = [
      [status('converted'), '1'],
      [status('inProgress'), '1'],
      [status('junk'), '1'],
      [status('new'), '2'],
    ].sort((a, b) => a[0]!.toLowerCase().localeCompare(b[0]!.toLowerCase()));
    expect(await preview(director, { entity: 'lead', g1: 'status' })).toEqual({ rows, totals: ['', '5'] });
    expect(await preview(one, { entity: 'lead', g1: 'status' })).toEqual({ rows: rows.filter((r) => r[0] !== status('junk')).map((r) => (r[0] === status('new') ? [r[0], '1'] : r)), totals: ['', '3'] });
  });

  it('by a custom list field, with the average of a custom number', async () => {
    // Web: d1 RUB 1 234.56 + d3 EUR 5 068.02 + d5 USD 905.00 = 7 207.58, seats 3 and 10 → 6.5.
    // Phone: d2 USD 9 050.91 + d7 RUB 99.99 = 9 150.90, seats 4. No channel: d4 EUR 33 418.83. Seats overall 17 / 3 = 5.67.
    expect(await preview(director, { g1: 'cf_channel', m2: 'sum:amount', m3: 'avg:cf_seats' })).toEqual({
      rows: [
        ['Phone', '2', '915090', '4'],
        ['Web', '3', '720758', '6.5'],
        ['(empty)', '1', '3341883', ''],
      ],
      totals: ['', '6', '4977731', '5.67'],
    });
  });

  it('rows by the first figure, largest first', async () => {
    expect(await preview(director, { g1: 'cf_channel', order: 'figure' })).toEqual({ rows: [['Web', '3'], ['Phone', '2'], ['(empty)', '1']], totals: ['', '6'] });
  });

  it('average, least and greatest amounts in the base currency, by outcome', async () => {
    // Won: 11 190.47 / 3 = 3 730.1566… → 3 730.16; least USD 10.00 = 905.00, greatest USD 100.01 = 9 050.91.
    // Open: (33 418.83 + 99.99) / 2 = 16 759.41. All: 49 777.31 / 6 = 8 296.218… → 8 296.22.
    expect(await preview(director, { g1: 'outcome', m2: 'avg:amount', m3: 'min:amount', m4: 'max:amount' })).toEqual({
      rows: [
        ['Lost', '1', '506802', '506802', '506802'],
        ['Open', '2', '1675941', '9999', '3341883'],
        ['Won', '3', '373016', '90500', '905091'],
      ],
      totals: ['', '6', '829622', '9999', '3341883'],
    });
  });

  it('activities by kind and state, with the average duration, each viewer their own', async () => {
    const form = { entity: 'activity', g1: 'type', g2: 'state', m2: 'avg:durationMin' };
    expect(await preview(director, form)).toEqual({
      rows: [['Call', 'Done', '2', '27.5'], ['E-mail', 'Done', '1', ''], ['Meeting', 'Planned', '1', '']],
      totals: ['', '', '4', '27.5'],
    });
    expect(await preview(one, form)).toEqual({ rows: [['Call', 'Done', '2', '27.5'], ['Meeting', 'Planned', '1', '']], totals: ['', '', '3', '27.5'] });
  });

  it('companies and contacts by their responsible, within the viewer\'s scope', async () => {
    expect(await preview(director, { entity: 'company', g1: 'responsible' })).toEqual({ rows: [['Manager One', '1'], ['Manager Two', '1']], totals: ['', '2'] });
    expect(await preview(one, { entity: 'company', g1: 'responsible' })).toEqual({ rows: [['Manager One', '1']], totals: ['', '1'] });
    expect(await preview(director, { entity: 'contact', g1: 'responsible' })).toEqual({ rows: [['Manager One', '1']], totals: ['', '1'] });
  });

  it('filters: a field equal to a value (a related company by its name) and a responsible', async () => {
    expect(await preview(director, { ef: 'company', ev: 'alpha llc', m2: 'sum:amount' })).toEqual({ rows: [['2', '1028547']], totals: [] });
    expect(await preview(director, { ef: 'company', ev: 'Alpha LLC', responsible: String(people.two), g1: 'responsible' })).toEqual({ rows: [], totals: ['', '0'] });
    expect(await preview(director, { ef: 'outcome', ev: 'won', g1: 'company', m2: 'sum:amount' })).toEqual({
      rows: [['Alpha LLC', '2', '1028547'], ['Beta LLC', '1', '90500']],
      totals: ['', '3', '1119047'],
    });
  });
});

describe('drill-down', () => {
  const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]+)" data-figure>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const dealIdsOf = (html: string) => [...new Set([...html.matchAll(/href="\/deals\/(\d+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

  it('a count links to the deal list with the same filter: people, period, group', async () => {
    const res = await director.post('/reports/builder/preview', { ...base, g1: 'responsible', g2: 'createdAt', g2b: 'month', m2: 'sum:amount', pf: 'createdAt', range: 'custom', from: '2026-10-01', to: '2026-11-30' });
    const links = hrefs(res.text);
    // One's October, November and subtotal, Two's the same, the totals; the sums are not links.
    expect(links).toHaveLength(7);
    expect(links[1]).toBe(`/deals?f.createdAt.from=2026-11-01&f.createdAt.to=2026-11-30&f.responsible=${people.one}`);
    expect(dealIdsOf((await director.get(links[1]!)).text)).toEqual([ids.d2!, ids.d3!, ids.d4!]);
    expect(dealIdsOf((await director.get(links[2]!)).text)).toEqual([ids.d1!, ids.d2!, ids.d3!, ids.d4!]);
    expect(dealIdsOf((await director.get(links[6]!)).text)).toEqual([ids.d1!, ids.d2!, ids.d3!, ids.d4!, ids.d5!, ids.d7!]);
  });

  it('a manager\'s links carry his own people; an outcome becomes its stages', async () => {
    const res = await one.post('/reports/builder/preview', { ...base, g1: 'outcome' });
    expect(reportTable(res.text)).toEqual({ rows: [['Lost', '1'], ['Open', '1'], ['Won', '2']], totals: ['', '4'] });
    const links = hrefs(res.text);
    expect(dealIdsOf((await one.get(links[2]!)).text)).toEqual([ids.d1!, ids.d2!]);
    expect(dealIdsOf((await one.get(links[3]!)).text)).toEqual([ids.d1!, ids.d2!, ids.d3!, ids.d4!]);
    // Leads link to the lead list the same way: One's new leads (the deleted one is in neither).
    const leadsPage = await one.post('/reports/builder/preview', { ...base, entity: 'lead', g1: 'status', ef: 'status', ev: en['seed.status.new'] });
    expect(reportTable(leadsPage.text)).toEqual({ rows: [[en['seed.status.new'], '1']], totals: ['', '1'] });
    expect(hrefs(leadsPage.text)).toHaveLength(2);
    const leadList = (await one.get(hrefs(leadsPage.text)[0]!)).text;
    expect(new Set([...leadList.matchAll(/href="\/leads\/(\d+)"/g)].map((m) => m[1])).size).toBe(1);
    // The outcome "won" (its stages) within a stage group: the stages both allow.
    const won = await director.post('/reports/builder/preview', { ...base, ef: 'outcome', ev: 'won', g1: 'stage' });
    expect(hrefs(won.text)).toHaveLength(2);
    expect(dealIdsOf((await director.get(hrefs(won.text)[0]!)).text)).toEqual([ids.d1!, ids.d2!, ids.d5!]);
    // A group of nothing (deals without a channel) has no list filter to say it: no link.
    const channels = await director.post('/reports/builder/preview', { ...base, g1: 'cf_channel' });
    expect(hrefs(channels.text)).toHaveLength(3);
    expect(dealIdsOf((await director.get(hrefs(channels.text)[1]!)).text)).toEqual([ids.d1!, ids.d3!, ids.d5!]);
  });
});

describe('validation', () => {
  it('refuses unknown fields, aggregates a field cannot take, dates without a bucket, in the user language', async () => {
    const res = await director.post('/reports/builder/preview', { ...base, g1: 'nope', m2: 'sum:title', g2: 'createdAt', g2b: '', pf: 'title', range: 'all' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('There is no field “nope” here');
    expect(res.text).toContain('“Sum” needs a number or an amount; “Title” is neither.');
    expect(res.text).toContain(en['builder.error.bucket']);
    expect(res.text).toContain(en['builder.error.periodField']);
    const three = checkDefinition(server.ctx.db, 'ru', { ...base, groups: [{ field: 'responsible' }, { field: 'stage' }, { field: 'pipeline' }], measures: [{ agg: 'median' }] });
    expect(three).toEqual({ ok: false, errors: { g1: { key: 'builder.error.groups', params: { n: 2 } }, m1: { key: 'builder.error.aggregate', params: { agg: 'median' } } } });
    const wrong = checkDefinition(server.ctx.db, 'ru', { ...base, groups: [], measures: [{ agg: 'avg', field: 'stage' }] });
    expect(wrong.ok ? null : wrong.errors.m1).toEqual({ key: 'builder.error.notNumeric', params: { agg: ru['builder.agg.avg'], field: ru['deals.field.stage'] } });
    // No name, no save; without the token, no post at all.
    const unnamed = await director.post('/reports/builder', { ...base, g1: 'responsible', name: '' });
    expect(unnamed.status).toBe(422);
    expect(unnamed.text).toContain(en['validation.required']);
    expect((await director.post('/reports/builder', { ...base, name: 'x', _csrf: null })).status).toBe(403);
  });
});

describe('saved reports: sharing, rights, export', () => {
  it('a report shared with the managers role shows each viewer the figures of their own scope', async () => {
    const managerRole = server.ctx.db.get<{ id: number }>(sql`SELECT id FROM roles WHERE code = 'manager'`)!.id;
    const saved = await director.post('/reports/builder', { ...base, g1: 'responsible', m2: 'sum:amount', name: 'Deals by manager <all>', roles: [String(managerRole)] });
    expect(saved.status).toBe(303);
    const path = saved.headers.get('location')!;
    expect(path).toMatch(/^\/reports\/saved\/\d+$/);

    const page = await director.get(path);
    expect(page.text).toContain('Deals by manager &lt;all&gt;');
    expect(page.text).toContain('<svg');
    // Director: One d1–d4 = 1 234.56 + 9 050.91 + 38 486.85 = 48 772.32; Two d5 + d7 = 905.00 + 99.99 = 1 004.99.
    expect(reportTable(page.text)).toEqual({ rows: [['Manager One', '4', '4877232'], ['Manager Two', '2', '100499']], totals: ['', '6', '4977731'] });

    // Manager One sees it in the list, and only his own figures (not d7, which he may open but is not his).
    expect((await one.get('/reports')).text).toContain(`href="${path}"`);
    expect(reportTable((await one.get(path)).text)).toEqual({ rows: [['Manager One', '4', '4877232']], totals: ['', '4', '4877232'] });
    // The head of Sales (role not shared) neither lists nor opens it.
    expect((await head.get('/reports')).text).not.toContain(`href="${path}"`);
    expect((await head.get(path)).status).toBe(404);
    // Without the report right: no builder, no saved report, whatever the roles.
    expect((await reader.get('/reports/builder/new')).status).toBe(403);
    expect((await reader.post('/reports/builder/preview', { ...base })).status).toBe(403);
    expect((await reader.get(path)).status).toBe(403);
    // Only the owner or an administrator edits or deletes.
    expect((await one.get(`${path}/edit`)).status).toBe(403);
    expect((await one.post(`${path}/delete`, {})).status).toBe(403);
    expect((await admin.get(`${path}/edit`)).status).toBe(200);

    // CSV: the same figures as the screen.
    const csv = await director.get(`${path}/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.replace(/^\ufeff/, '').split('\r\n')).toEqual(['Responsible;Count;Sum: Amount, RUB', 'Manager One;4;48772.32', 'Manager Two;2;1004.99', 'Total;6;49777.31', '']);
    const xlsx = await fetch(`${server.url}${path}/export.xlsx`, { headers: { cookie: director.cookieHeader() } });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect([1, 2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1))).toEqual([
      ['Responsible', 'Count', 'Sum: Amount, RUB'],
      ['Manager One', 4, 48772.32],
      ['Manager Two', 2, 1004.99],
      ['Total', 6, 49777.31],
    ]);

    // A viewer may look at another period without changing the report; its export follows.
    const november = '?pf=createdAt&range=custom&from=2026-11-01&to=2026-11-30';
    const viewedNovember = await director.get(`${path}${november}`);
    expect(reportTable(viewedNovember.text)).toEqual({ rows: [['Manager One', '3', '4753776'], ['Manager Two', '1', '9999']], totals: ['', '4', '4763775'] });
    expect(viewedNovember.text).toContain(`export.csv${november.replace(/&/g, '&amp;')}`);
    expect((await director.get(`${path}/export.csv${november}`)).text.split('\r\n')[3]).toBe('Total;4;47637.75');
    expect((await director.get(`${path}?pf=createdAt&range=custom&from=2026-12-01&to=2026-11-01`)).status).toBe(422);
    expect(reportTable((await director.get(path)).text).totals).toEqual(['', '6', '4977731']);

    // Edited by its owner: now shared with nobody; One no longer sees it.
    await director.get(`${path}/edit`);
    const edited = await director.post(path, { ...base, g1: 'responsible', name: 'Deals by manager' });
    expect(edited.status).toBe(303);
    expect((await one.get(path)).status).toBe(404);

    await director.get(path);
    expect((await director.post(`${path}/delete`, {})).status).toBe(303);
    expect((await director.get(path)).status).toBe(404);
  });

  it('a manager saves a private report; a colleague does not see it, an administrator does', async () => {
    const saved = await one.post('/reports/builder', { ...base, entity: 'lead', g1: 'status', name: 'My leads' });
    expect(saved.status).toBe(303);
    const path = saved.headers.get('location')!;
    expect((await director.get(path)).status).toBe(404);
    expect((await director.get('/reports')).text).not.toContain('My leads');
    expect((await admin.get('/reports')).text).toContain('My leads');
  });

  it('a report naming a field removed since says so, and its form keeps the rest', async () => {
    const saved = await director.post('/reports/builder', { ...base, g1: 'cf_region', m2: 'sum:amount', name: 'By region' });
    const path = saved.headers.get('location')!;
    expect(reportTable((await director.get(path)).text)).toEqual({ rows: [['(empty)', '6', '4977731']], totals: ['', '6', '4977731'] });
    setDefinitionActive(server.ctx, ids.region!, false);
    const page = await director.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('There is no field “cf_region” here');
    expect(page.text).not.toContain('<table');
    const form = await director.get(`${path}/edit`);
    expect(form.text).toMatch(/<option value="sum:amount" selected>/);
    expect((await director.get(`${path}/export.csv`)).status).toBe(422);
  });

  it('copies a standard report as a starting point', async () => {
    const managers = await director.get('/reports/managers');
    expect(managers.text).toContain('href="/reports/builder/new?from=managers"');
    const form = await director.get('/reports/builder/new?from=won');
    expect(form.status).toBe(200);
    expect(form.text).toMatch(/<option value="responsible" selected>/);
    expect(form.text).toMatch(/<option value="sum:amount" selected>/);
    expect(form.text).toContain('value="won"');
    expect(form.text).toContain(`${en['reports.won.title']} (copy)`);
    expect((await director.get('/reports/funnel')).text).not.toContain('/reports/builder/new?from=funnel');
  });
});
