import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { salesTeam } from '../support/sales-team.js';
import { reportTable, type ReportTable } from '../support/report-table.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDeal, deleteDeal, moveDeal } from '../../src/features/deals/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { setUserRoles } from '../../src/features/users/queries.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { inputText } from '../../src/platform/dates.js';
import { toLocalInput } from '../../src/platform/format.js';

/**
 * The standard reports against a fixture whose every figure is worked out by hand below. Base currency
 * RUB; USD at 90.5 and EUR at 100.2575. Money figures are per currency summed, then converted once and
 * rounded half away from zero to the kopeck.
 *
 * People: Director; Manager One (Sales) and Manager Two (Retail), both managers (report scope "own").
 * Deals in the "sales" pipeline, all opened in the period unless said (amounts in minor units):
 *   d0  One  RUB 1 000.00   won    opened and won 40 days before the period: outside it
 *   d1  One  RUB 1 234.56   won    company A, contact C1; new → proposal → won (two stage changes)
 *   d2  One  USD   100.01   won    company A
 *   d3  One  EUR    50.55   lost   company B
 *   d4  One  EUR   333.33   open   negotiation, probability 30 %, expected close today + 10
 *   d5  Two  USD    10.00   won    company B — outside Manager One's scope
 *   d6  One  RUB   500.00   won    then deleted: in the recycle bin, counted nowhere
 *   d7  One  RUB   700.00   open   new, probability 50 %, expected close yesterday (overdue)
 *   d8  Two  RUB    99.99   open   proposal, no probability, expected close today + 5, "available to
 *                                  everyone": Manager One may open it, but it is not one of his figures
 * Timeline: all opened at t; one day later d1, d8 → proposal, d4 → negotiation, d2, d5, d6 → won,
 * d3 → lost; two days after that d1 → won and d6 is deleted; the reports run then.
 *
 * Conversions: USD 100.01 = 9 050.905 → 9 050.91; USD 10.00 = 905.00; USD 110.01 = 9 955.905 → 9 955.91;
 * EUR 333.33 = 33 418.832475 → 33 418.83; EUR 50.55 = 5 068.016625 → 5 068.02.
 */
const DAY = 86_400_000;
let server: TestServer;
let director: Client;
let one: Client;
let outsider: Client;
let head: Client;
let today = '';
let period = '';
const ids: Record<string, number> = {};
let people: Awaited<ReturnType<typeof salesTeam>>['people'];

const day = (ms: number) => toLocalInput(ms, 'Europe/Moscow').slice(0, 10);
const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startTestServer();
  const { ctx } = server;
  await setUpCompany(ctx);
  const team = await salesTeam(ctx, 'Reports-pass-1');
  const { root: admin, sales } = team;
  people = team.people;
  const stage = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM stages WHERE code = ${code}`)!.id;
  const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
  const companyA = createCompany(ctx, admin, { ...blankCompany, title: 'Alpha LLC', responsibleId: people.one }).id;
  const companyB = createCompany(ctx, admin, { ...blankCompany, title: 'Beta LLC', responsibleId: people.two }).id;
  const contact = createContact(ctx, admin, { lastName: 'Contactov', firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, responsibleId: people.one, companyIds: [], comms: [] }).id;
  ids.companyA = companyA;
  ids.contact = contact;
  const deal = (title: string, who: number, amount: string, currency: string, more: { probability?: number; expectedClose?: string; companyId?: number; contactId?: number; everyone?: boolean } = {}) =>
    createDeal(ctx, admin, {
      title, stageId: stage('new'), amount, currency, probability: more.probability ?? null, typeId: null, sourceId: null, expectedClose: more.expectedClose ?? null,
      contactId: more.contactId ?? null, companyId: more.companyId ?? null, responsibleId: who, everyone: more.everyone ?? false, comments: null,
    }).id;

  ids.d0 = deal('d0', people.one, '1000.00', 'RUB');
  moveDeal(ctx, admin, ids.d0, stage('won'));
  ctx.clock.advance(40 * DAY);
  const start = ctx.clock.now();
  ids.d1 = deal('d1', people.one, '1234.56', 'RUB', { companyId: companyA, contactId: contact });
  ids.d2 = deal('d2', people.one, '100.01', 'USD', { companyId: companyA });
  ids.d3 = deal('d3', people.one, '50.55', 'EUR', { companyId: companyB });
  ids.d4 = deal('d4', people.one, '333.33', 'EUR', { probability: 30, expectedClose: shift(day(start + 3 * DAY), 10) });
  ids.d5 = deal('d5', people.two, '10.00', 'USD', { companyId: companyB });
  ids.d6 = deal('d6', people.one, '500.00', 'RUB');
  ids.d7 = deal('d7', people.one, '700.00', 'RUB', { probability: 50, expectedClose: shift(day(start + 3 * DAY), -1) });
  ids.d8 = deal('d8', people.two, '99.99', 'RUB', { expectedClose: shift(day(start + 3 * DAY), 5), everyone: true });
  ctx.clock.advance(DAY);
  for (const [d, s] of [['d1', 'proposal'], ['d8', 'proposal'], ['d4', 'negotiation'], ['d2', 'won'], ['d5', 'won'], ['d6', 'won'], ['d3', 'lost']] as const) moveDeal(ctx, admin, ids[d]!, stage(s));
  ctx.clock.advance(2 * DAY);
  moveDeal(ctx, admin, ids.d1, stage('won'));
  deleteDeal(ctx, admin, ids.d6);
  today = day(ctx.clock.now());
  period = `from=${shift(today, -5)}&to=${today}`;

  // Product rows (free text) on the won deals: what the product report sums.
  const row = (deal: number, name: string, quantity: number, total: number) =>
    ctx.db.run(sql`INSERT INTO product_rows (entity, entity_id, sort, name, quantity, price_minor, vat_included, gross_minor, discount_minor, net_minor, vat_minor, total_minor)
      VALUES ('deal', ${deal}, 1, ${name}, ${quantity}, ${total}, 0, ${total}, 0, ${total}, 0, ${total})`);
  row(ids.d1, 'Consulting', 2000, 123456);
  row(ids.d2, 'Widget', 1000, 10001);
  row(ids.d5, 'Widget', 3000, 1000);
  row(ids.d6, 'Widget', 1000, 50000);

  // Leads: One's new, in progress, converted and a deleted one; Two's junk.
  const status = (code: string) => ctx.db.get<{ id: number }>(sql`SELECT id FROM lead_statuses WHERE code = ${code}`)!.id;
  const lead = (title: string, who: number, code: string) => {
    const id = createLead(ctx, admin, { title, lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, statusId: status('new'), sourceId: null, amount: '', currency: 'RUB', responsibleId: who, everyone: false, comments: null, comms: [] }).id;
    ctx.db.run(sql`UPDATE leads SET status_id = ${status(code)} WHERE id = ${id}`);
    return id;
  };
  lead('l1', people.one, 'new');
  lead('l2', people.one, 'inProgress');
  lead('l3', people.one, 'converted');
  lead('l4', people.two, 'junk');
  ctx.db.run(sql`UPDATE leads SET deleted_at = ${ctx.clock.now()} WHERE id = ${lead('l5', people.one, 'new')}`);

  // Activities done today: One two calls and a meeting (and a task not done), Two an e-mail; a note does not count.
  const now = ctx.clock.now();
  const act = (type: string, who: number, done: boolean) =>
    ctx.db.run(sql`INSERT INTO activities (type, subject, entity, entity_id, responsible_id, due_at, done_at, created_at, updated_at)
      VALUES (${type}, ${`${type} of ${who}`}, 'deal', ${ids.d1}, ${who}, ${now}, ${done ? now : null}, ${now}, ${now})`);
  act('call', people.one, true);
  act('call', people.one, true);
  act('meeting', people.one, true);
  act('task', people.one, false);
  act('note', people.one, true);
  act('email', people.two, true);

  // Someone who reads every deal but has no report right.
  const role = createRole(ctx, { userId: null, ip: null }, { name: 'Deal reader', copyFrom: null });
  updateRole(ctx, { userId: null, ip: null }, role.id, { name: 'Deal reader', m: filledMatrix((e, a) => (e === 'deal' && a === 'read' ? 'all' : 'none')), maySettings: false, mayEditCatalog: false });
  const reader = await addUser(ctx, { email: 'reader@example.com', password: 'Reports-pass-1', fullName: 'Reader' });
  setUserRoles(ctx.db, reader.id, [role.id]);
  outsider = new Client(server.url);
  await outsider.signIn('reader@example.com', 'Reports-pass-1');

  await addUser(ctx, { email: 'head@example.com', password: 'Reports-pass-1', fullName: 'Head', role: 'head', departmentIds: [sales.id] });
  head = new Client(server.url);
  await head.signIn('head@example.com', 'Reports-pass-1');

  director = new Client(server.url);
  await director.signIn('director@example.com', 'Reports-pass-1');
  one = new Client(server.url);
  await one.signIn('one@example.com', 'Reports-pass-1');
});

afterAll(() => server?.close());

async function report(client: Client, key: string, query = period): Promise<ReportTable> {
  const res = await client.get(`/reports/${key}?${query}`);
  expect(res.status).toBe(200);
  return reportTable(res.text);
}

describe('standard reports, to the kopeck', () => {
  it('deal volume by manager', async () => {
    // One: d1 d2 d3 d4 d7; won d1 d2; lost d3; revenue 1 234.56 + 9 050.91 = 10 285.47. Two: d5 d8; won d5 = 905.00.
    // Total revenue: RUB 1 234.56 + USD 110.01 (9 955.91) = 11 190.47.
    expect(await report(director, 'managers')).toEqual({
      rows: [
        ['Manager One', '5', '2', '1', '1028547'],
        ['Manager Two', '2', '1', '0', '90500'],
      ],
      totals: ['', '7', '3', '1', '1119047'],
    });
    expect(await report(one, 'managers')).toEqual({ rows: [['Manager One', '5', '2', '1', '1028547']], totals: ['', '5', '2', '1', '1028547'] });
  });

  it('deal volume by contact and by company', async () => {
    // By contact: Contactov d1; the rest have none (one row without a name).
    expect(await report(director, 'contacts')).toEqual({ rows: [['', '6', '2', '1', '995591'], ['Contactov', '1', '1', '0', '123456']], totals: ['', '7', '3', '1', '1119047'] });
    // By company: no company d4 d7 d8; Alpha d1 d2 (10 285.47); Beta d3 d5 (905.00).
    expect(await report(director, 'companies')).toEqual({
      rows: [['', '3', '0', '0', '0'], ['Alpha LLC', '2', '2', '0', '1028547'], ['Beta LLC', '2', '1', '1', '90500']],
      totals: ['', '7', '3', '1', '1119047'],
    });
    expect(await report(one, 'companies')).toEqual({
      rows: [['', '2', '0', '0', '0'], ['Alpha LLC', '2', '2', '0', '1028547'], ['Beta LLC', '1', '0', '1', '0']],
      totals: ['', '5', '2', '1', '1028547'],
    });
  });

  it('profitability by company and won deals', async () => {
    expect(await report(director, 'company-revenue')).toEqual({ rows: [['Alpha LLC', '2', '1028547'], ['Beta LLC', '1', '90500']], totals: ['', '3', '1119047'] });
    expect(await report(one, 'company-revenue')).toEqual({ rows: [['Alpha LLC', '2', '1028547']], totals: ['', '2', '1028547'] });
    const won = await report(director, 'won');
    // Newest close first: d1 (closed last), then d5 and d2 (closed together: by id, newest first).
    expect(won.rows.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['d1', 'Alpha LLC', 'Manager One', '123456'],
      ['d5', 'Beta LLC', 'Manager Two', '90500'],
      ['d2', 'Alpha LLC', 'Manager One', '905091'],
    ]);
    expect(won.totals).toEqual(['3', '', '', '', '1119047']);
    expect((await report(one, 'won')).totals).toEqual(['2', '', '', '', '1028547']);
  });

  it('overdue deals and expected sales', async () => {
    expect(await report(director, 'overdue')).toEqual({ rows: [['d7', '', 'Manager One', shift(today, -1), '1', '70000']], totals: ['1', '', '', '', '', '70000'] });
    // Expected in the next 30 days: d4 (EUR 333.33, 30 %: EUR 99.999 = 10 025.649742… → 10 025.65) and d8 (99.99, no probability: 0).
    const ahead = `from=${today}&to=${shift(today, 30)}`;
    const month = (d: string) => d.slice(0, 7);
    const d4 = month(shift(today, 10));
    const d8 = month(shift(today, 5));
    const director_ = await report(director, 'expected', ahead);
    expect(director_.totals).toEqual(['', '2', '3351882', '1002565']);
    if (d4 === d8) expect(director_.rows).toEqual([[d4, '2', '3351882', '1002565']]);
    else expect(director_.rows).toEqual([[d8, '1', '9999', '0'], [d4, '1', '3341883', '1002565']]);
    expect((await report(one, 'expected', ahead)).totals).toEqual(['', '1', '3341883', '1002565']);
  });

  it('open deals by stage', async () => {
    // Open now: d7 new (700.00), d8 proposal (99.99), d4 negotiation (33 418.83); a third each.
    expect(await report(director, 'open-stages')).toEqual({
      rows: [['New', '1', '333', '70000'], ['Proposal', '1', '333', '9999'], ['Negotiation', '1', '333', '3341883']],
      totals: ['', '3', '1000', '3421882'],
    });
    expect(await report(one, 'open-stages')).toEqual({ rows: [['New', '1', '500', '70000'], ['Negotiation', '1', '500', '3341883']], totals: ['', '2', '1000', '3411883'] });
  });

  it('profitability by product', async () => {
    // Won in the period: Widget on d2 (1 × USD 100.01) and d5 (3 × USD 10.00): USD 110.01 = 9 955.91; Consulting on d1. d6's row is deleted with it.
    expect(await report(director, 'products')).toEqual({ rows: [['Widget', '2', '4', '995591'], ['Consulting', '1', '2', '123456']], totals: ['', '3', '', '1119047'] });
    expect(await report(one, 'products')).toEqual({ rows: [['Widget', '1', '1', '905091'], ['Consulting', '1', '2', '123456']], totals: ['', '2', '', '1028547'] });
  });

  it('sales funnel: reached, conversion, amount, where deals are now, days in stage', async () => {
    // Furthest stages: d1 d2 d5 won, d4 negotiation, d8 proposal, d3 (lost) and d7 new.
    // Reached: New 7, Qualification 5, Proposal 5, Negotiation 4, Invoice 3, Won 3 → 714, 1000, 800, 750, 1000 ‰.
    // Amount reached at New: RUB 2 034.55 + USD 110.01 (9 955.91) + EUR 383.88 (38 486.85…: 3 848 684.91 → 3 848 685) = 50 477.31.
    // Qualification and Proposal (d1 d2 d4 d5 d8): RUB 1 334.55 + 9 955.91 + 33 418.83 = 44 709.29; Negotiation without d8: 44 609.30.
    // Days in New: six deals left after 1 day, d7 is there 3 days: 9 / 7 = 1.29 → 1.3; Proposal: d1 2 days, d8 2 days so far → 2.0.
    const f = await report(director, 'funnel');
    expect(f.rows).toEqual([
      ['New', '7', '', '5047731', '1', '13'],
      ['Qualification', '5', '714', '4470929', '0', ''],
      ['Proposal', '5', '1000', '4470929', '1', '20'],
      ['Negotiation', '4', '800', '4460930', '1', '20'],
      ['Invoice sent', '3', '750', '1119047', '0', ''],
      ['Deal won', '3', '1000', '1119047', '3', ''],
      ['Deal lost', '', '', '', '1', ''],
    ]);
    expect(f.totals).toEqual(['', '7', '429', '', '7', '']);
    const mine = await report(one, 'funnel');
    expect(mine.rows.map((r) => r.slice(0, 3))).toEqual([
      ['New', '5', ''],
      ['Qualification', '3', '600'],
      ['Proposal', '3', '1000'],
      ['Negotiation', '3', '1000'],
      ['Invoice sent', '2', '667'],
      ['Deal won', '2', '1000'],
      ['Deal lost', '', ''],
    ]);
  });

  it('lead funnel', async () => {
    // Director: new, in progress, converted (One) and junk (Two); the deleted lead is out. Reached: 3, 2, 1, 1.
    expect(await report(director, 'lead-funnel')).toEqual({
      rows: [['New', '1', '3', ''], ['In progress', '1', '2', '667'], ['Processed', '0', '1', '500'], ['Converted', '1', '1', '1000'], ['Junk', '1', '', '']],
      totals: ['', '4', '', '250'],
    });
    expect((await report(one, 'lead-funnel')).totals).toEqual(['', '3', '', '333']);
  });

  it('manager activity', async () => {
    expect(await report(director, 'activity')).toEqual({ rows: [['Manager One', '2', '1', '0', '0', '3'], ['Manager Two', '0', '0', '1', '0', '1']], totals: ['', '2', '1', '1', '0', '4'] });
    expect(await report(one, 'activity')).toEqual({ rows: [['Manager One', '2', '1', '0', '0', '3']], totals: ['', '2', '1', '0', '0', '3'] });
  });
});

describe('drill-down, rights, exports, remembered filters', () => {
  const hrefs = (html: string) => [...html.matchAll(/<a href="([^"]+)" data-figure>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const dealIdsOf = (html: string) => [...new Set([...html.matchAll(/href="\/deals\/(\d+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

  it('every figure of the manager report opens the list of exactly its deals', async () => {
    const page = await director.get(`/reports/managers?${period}`);
    const links = hrefs(page.text);
    // One's row: deals, won, lost, revenue; Two's: deals, won, revenue (0 lost is no link); totals: four.
    expect(links.length).toBe(11);
    const list = async (client: Client, href: string) => dealIdsOf((await client.get(href)).text);
    expect(await list(director, links[0]!)).toEqual([ids.d1, ids.d2, ids.d3, ids.d4, ids.d7].sort((a, b) => a! - b!));
    expect(await list(director, links[1]!)).toEqual([ids.d1, ids.d2]);
    expect(await list(director, links[2]!)).toEqual([ids.d3]);
    expect(await list(director, links[7]!)).toEqual([ids.d1, ids.d2, ids.d3, ids.d4, ids.d5, ids.d7, ids.d8].sort((a, b) => a! - b!));
    // The manager's totals link leaves out d8, which he may open but is not his.
    const mine = hrefs((await one.get(`/reports/managers?${period}`)).text);
    expect(await list(one, mine.at(-4)!)).toEqual([ids.d1, ids.d2, ids.d3, ids.d4, ids.d7].sort((a, b) => a! - b!));
  });

  it('the funnel\'s "reached" figures open the deals that got that far', async () => {
    const links = hrefs((await director.get(`/reports/funnel?${period}`)).text);
    // Reached at Negotiation: in it or later (Negotiation, Invoice sent, Deal won).
    const negotiation = links.find((l) => (l.match(/f\.furthest=/g) ?? []).length === 3);
    expect(negotiation).toBeDefined();
    expect(dealIdsOf((await director.get(negotiation!)).text)).toEqual([ids.d1, ids.d2, ids.d4, ids.d5]);
  });

  it('a product\'s figures open the won deals that sold it', async () => {
    const links = hrefs((await director.get(`/reports/products?${period}`)).text).filter((l) => l.includes('f.products='));
    const widget = links.find((l) => l.includes('f.products=Widget'));
    expect(dealIdsOf((await director.get(widget!)).text)).toEqual([ids.d2, ids.d5].sort((a, b) => a! - b!));
    const consulting = links.find((l) => l.includes('f.products=Consulting'));
    expect(dealIdsOf((await director.get(consulting!)).text)).toEqual([ids.d1]);
    const mine = hrefs((await one.get(`/reports/products?${period}`)).text).find((l) => l.includes('f.products=Widget'));
    expect(dealIdsOf((await one.get(mine!)).text)).toEqual([ids.d2]);
  });

  it('a head of department sees their department\'s figures', async () => {
    expect(await report(head, 'managers')).toEqual({ rows: [['Manager One', '5', '2', '1', '1028547']], totals: ['', '5', '2', '1', '1028547'] });
    // Their filter offers only their department's people.
    const page = (await head.get(`/reports/managers?${period}`)).text;
    expect(page).toContain('>Manager One</option>');
    expect(page).not.toContain('>Manager Two</option>');
  });

  it('the activity figures open the activities behind them', async () => {
    const links = hrefs((await director.get(`/reports/activity?${period}`)).text);
    const calls = await director.get(links[0]!);
    expect(calls.status).toBe(200);
    expect((calls.text.match(/href="\/activities\/\d+"/g) ?? []).length).toBe(2);
  });

  it('rights: without the report right no reports and no menu entry; without the export right no export', async () => {
    const page = await outsider.get('/');
    expect(page.text).not.toContain('href="/reports"');
    expect((await outsider.get(`/reports/managers?${period}`)).status).toBe(403);
    expect((await one.get('/')).text).toContain('href="/reports"');
    expect((await one.get(`/reports/managers/export.csv?${period}`)).status).toBe(403);
  });

  it('CSV and XLSX carry the numbers of the page', async () => {
    const csv = await director.get(`/reports/managers/export.csv?${period}`);
    expect(csv.status).toBe(200);
    expect(csv.text.replace(/^\ufeff/, '').split('\r\n')).toEqual(['Responsible;Deals;Won;Lost;Revenue, RUB', 'Manager One;5;2;1;10285.47', 'Manager Two;2;1;0;905.00', 'Total;7;3;1;11190.47', '']);
    const xlsx = await fetch(`${server.url}/reports/funnel/export.xlsx?${period}`, { headers: { cookie: director.cookieHeader() } });
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'New', 7, undefined, 50477.31, 1, 1.3]);
  });

  it('the filter is remembered per user', async () => {
    await director.get(`/reports/won?from=${shift(today, -400)}&to=${today}`);
    const again = await director.get('/reports/won');
    expect(again.text).toContain(`name="from" value="${inputText(shift(today, -400), 'date', 'en')}"`);
    const other = await one.get('/reports/won');
    expect(other.text).not.toContain(`name="from" value="${inputText(shift(today, -400), 'date', 'en')}"`);
  });
});
