import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createCompany, deleteCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDeal, deleteDeal, restoreDeal, updateDeal } from '../../src/features/deals/service.js';
import { createLead } from '../../src/features/leads/service.js';
import { findUser } from '../../src/features/users/queries.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

/**
 * The record lists (issue 4, "Lists"): field filters of every kind as links, sorting with keyset paging,
 * columns and saved views per user, and bulk actions on leads, contacts and companies.
 */
let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);
const stage = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
const status = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses WHERE name = ${name}`)[0]!.id;
const firstSource = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM reference_items WHERE list = 'source' ORDER BY sort LIMIT 1`)[0]!.id;

const dealBase = { amount: '0', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null };
const deal = (title: string, over: Partial<Parameters<typeof createDeal>[2]> = {}, owner = 1) =>
  createDeal(server.ctx, asUser(owner), { ...dealBase, title, stageId: stage('New'), ...over, responsibleId: over.responsibleId ?? owner });
const leadBase = { lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, sourceId: null, amount: '', currency: 'RUB', everyone: false, comments: null, comms: [] };
const lead = (title: string, owner = 1, over: Partial<Parameters<typeof createLead>[2]> = {}) =>
  createLead(server.ctx, asUser(owner), { ...leadBase, title, statusId: status('New'), responsibleId: owner, ...over });
const companyBase = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
const company = (title: string, owner = 1) => createCompany(server.ctx, asUser(owner), { ...companyBase, title, responsibleId: owner });
const contactBase = { firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, comms: [], companyIds: [] };
const contact = (lastName: string, owner = 1) => createContact(server.ctx, asUser(owner), { ...contactBase, lastName, responsibleId: owner });

/** The record titles a list page shows, in order. */
const shownTitles = (html: string, base: string) => [...html.matchAll(new RegExp(`<a href="/${base}/\\d+">([^<]+)</a>`, 'g'))].map((m) => m[1]!);
const nextLink = (html: string) => /<a class="btn btn-small" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
/** Every record title of a list from its first page on, following "Show more", and how many pages that took. */
async function allPages(first: string, base: string): Promise<{ titles: string[]; pages: number }> {
  const titles: string[] = [];
  let pages = 0;
  for (let url: string | null = first; url; pages++) {
    const res = await admin.get(url);
    titles.push(...shownTitles(res.text, base));
    url = nextLink(res.text);
  }
  return { titles, pages };
}
/** The column headings of a list page (after the selection column), in order. */
const headings = (html: string) => [...html.matchAll(/<th class="(?:num)?">(?:<a [^>]+>)?([^<]+)/g)].map((m) => m[1]!);
const q = (params: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const item of [v].flat()) p.append(k, item);
  return p.toString();
};

describe('filters on any field', () => {
  it('filters deals by text, money, number, date, time, stage, user and boolean, combined with the quick search', async () => {
    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    deal('Серверы для склада', { amount: '150000', probability: 40, expectedClose: '2026-03-10' });
    deal('Серверы для офиса', { amount: '90000', probability: 10, expectedClose: '2026-05-01', stageId: stage('Proposal') });
    deal('Ноутбуки', { amount: '300000,50', everyone: true, responsibleId: boris.id });
    const old = deal('Старая сделка', { amount: '5' });
    server.ctx.db.run(sql`UPDATE deals SET created_at = ${Date.parse('2025-01-15T12:00:00Z')} WHERE id = ${old.id}`);

    const titles = async (params: Record<string, string | string[]>) => {
      const res = await admin.get(`/deals?${q(params)}`);
      expect(res.status).toBe(200);
      return shownTitles(res.text, 'deals').sort();
    };
    expect(await titles({ 'f.title': 'серверы' })).toEqual(['Серверы для офиса', 'Серверы для склада']);
    expect(await titles({ 'f.title': 'ноутбуки', 'f.title.op': 'equals' })).toEqual(['Ноутбуки']);
    expect(await titles({ 'f.title': 'ноут', 'f.title.op': 'equals' })).toEqual([]);
    expect(await titles({ 'f.amountMinor.from': '90 000', 'f.amountMinor.to': '150000' })).toEqual(['Серверы для офиса', 'Серверы для склада']);
    expect(await titles({ 'f.amountMinor.from': '300000,50' })).toEqual(['Ноутбуки']);
    expect(await titles({ 'f.probability.from': '20' })).toEqual(['Серверы для склада']);
    expect(await titles({ 'f.expectedClose.to': '2026-04-30' })).toEqual(['Серверы для склада']);
    expect(await titles({ 'f.createdAt.from': '2025-01-15', 'f.createdAt.to': '2025-01-15' })).toEqual(['Старая сделка']);
    expect(await titles({ 'f.stage': [String(stage('Proposal')), String(stage('Deal won'))] })).toEqual(['Серверы для офиса']);
    expect(await titles({ 'f.responsible': String(boris.id) })).toEqual(['Ноутбуки']);
    expect(await titles({ 'f.everyone': 'yes' })).toEqual(['Ноутбуки']);
    expect(await titles({ 'f.everyone': 'no', 'f.amountMinor.to': '100' })).toEqual(['Старая сделка']);
    expect(await titles({ q: 'серверы', 'f.stage': String(stage('New')) })).toEqual(['Серверы для склада']);

    // The filtered list is a link: its "more" and sort links keep the filters.
    const page = await admin.get(`/deals?${q({ 'f.title': 'серверы' })}`);
    expect(page.text).toContain('href="/deals?f.title=%D1%81%D0%B5%D1%80%D0%B2%D0%B5%D1%80%D1%8B&amp;sort=title&amp;dir=asc"');
    expect(page.text).toContain('Filters (1)');
  });

  it('compares amounts in other currencies in the base currency at the current rates; a currency without a rate does not pass an amount filter', async () => {
    await admin.get('/settings/currencies');
    await admin.post('/settings/currencies', { code: 'USD', rate: '92,5034' });
    await admin.post('/settings/currencies', { code: 'EUR', rate: '100' });
    deal('Рубли', { amount: '1000' });
    deal('Доллары', { amount: '10', currency: 'USD' }); // 925,03 RUB
    deal('Евро', { amount: '20', currency: 'EUR' }); // 2 000 RUB
    deal('Тенге', { amount: '1000000', currency: 'KZT' }); // no rate
    const titles = async (params: Record<string, string>) => shownTitles((await admin.get(`/deals?${q(params)}`)).text, 'deals').sort();

    // 10 USD is not "more than 500" by its digits; 20 EUR is not "under 100".
    expect(await titles({ 'f.amountMinor.from': '500' })).toEqual(['Доллары', 'Евро', 'Рубли']);
    expect(await titles({ 'f.amountMinor.to': '100' })).toEqual([]);
    expect(await titles({ 'f.amountMinor.from': '925,03', 'f.amountMinor.to': '925,03' })).toEqual(['Доллары']);
    expect(await titles({ 'f.amountMinor.from': '925,04', 'f.amountMinor.to': '1000' })).toEqual(['Рубли']);
    expect(await titles({ 'f.amountMinor.from': '1500' })).toEqual(['Евро']);
    expect(await titles({})).toContain('Тенге');

    // A new rate applies at once; with a rate the tenge deal is compared too.
    await admin.post('/settings/currencies/EUR', { rate: '40' });
    expect(await titles({ 'f.amountMinor.from': '1500' })).toEqual([]);
    await admin.post('/settings/currencies', { code: 'KZT', rate: '0,18' });
    expect(await titles({ 'f.amountMinor.from': '1500' })).toEqual(['Тенге']);

    const panel = await admin.get(`/deals?${q({ panel: 'filters' })}`);
    expect(panel.text).toContain('In RUB; other currencies at the current rates (those without a rate are left out).');
  });

  it('filters leads by status, source and contains-text on phones; contacts by company; companies by tax id', async () => {
    const site = firstSource();
    lead('Звонок с сайта', 1, { sourceId: site, comms: [{ kind: 'phone', type: 'work', value: '+7 495 123-45-67' }] });
    lead('Запрос КП', 1, { statusId: status('In progress') });
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.status': String(status('In progress')) })}`)).text, 'leads')).toEqual(['Запрос КП']);
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.phone': '123-45' })}`)).text, 'leads')).toEqual(['Звонок с сайта']);
    // A phone in any formatting, a trunk "8" for "+7" included, as search finds it; an exact number with "equals".
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.phone': '8 (495) 123' })}`)).text, 'leads')).toEqual(['Звонок с сайта']);
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.phone': '84951234567', 'f.phone.op': 'equals' })}`)).text, 'leads')).toEqual(['Звонок с сайта']);
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.phone': '495 123', 'f.phone.op': 'equals' })}`)).text, 'leads')).toEqual([]);
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.phone': '8 (812)' })}`)).text, 'leads')).toEqual([]);
    expect(shownTitles((await admin.get(`/leads?${q({ 'f.source': String(site) })}`)).text, 'leads')).toEqual(['Звонок с сайта']);

    const vector = createCompany(server.ctx, asUser(1), { ...companyBase, title: 'Вектор', taxId: '7701234567', responsibleId: 1 });
    company('Ромашка');
    createContact(server.ctx, asUser(1), { ...contactBase, lastName: 'Петров', companyIds: [vector.id], responsibleId: 1, comms: [{ kind: 'email', type: 'work', value: 'Petrov@Vector.ru' }] });
    contact('Сидоров');
    expect(shownTitles((await admin.get(`/contacts?${q({ 'f.companies': 'вект' })}`)).text, 'contacts')).toEqual(['Петров']);
    expect(shownTitles((await admin.get(`/contacts?${q({ 'f.email': 'PETROV@' })}`)).text, 'contacts')).toEqual(['Петров']);
    expect(shownTitles((await admin.get(`/contacts?${q({ 'f.email': 'petrov@vector.ru', 'f.email.op': 'equals' })}`)).text, 'contacts')).toEqual(['Петров']);
    expect(shownTitles((await admin.get(`/companies?${q({ 'f.taxId': '7701234567', 'f.taxId.op': 'equals' })}`)).text, 'companies')).toEqual(['Вектор']);
  });

  it('a title or name filter, and a deal\'s client filter, find what they did before through the search index, following renames, the recycle bin and a common fragment', async () => {
    const siberia = deal('Поставка Сибирь №1907');
    const ural = deal('Поставка Урал №1908');
    deal('Ёлочные игрушки');
    const titles = async (text: string, equals = false) => shownTitles((await admin.get(`/deals?${q({ 'f.title': text, ...(equals ? { 'f.title.op': 'equals' } : {}) })}`)).text, 'deals').sort();
    expect(await titles('сибирь №19')).toEqual(['Поставка Сибирь №1907']);
    expect(await titles('№190')).toEqual(['Поставка Сибирь №1907', 'Поставка Урал №1908']);
    expect(await titles('ПОСТАВКА УРАЛ №1908', true)).toEqual(['Поставка Урал №1908']);
    expect(await titles('Поставка Урал', true)).toEqual([]);
    // Case is ignored, ё is still not е, and text shorter than the index can look for is tested row by row.
    expect(await titles('ЁЛОЧ')).toEqual(['Ёлочные игрушки']);
    expect(await titles('елоч')).toEqual([]);
    expect(await titles('ур')).toEqual(['Поставка Урал №1908']);
    deal('Подарки 🎁🎁');
    expect(await titles('🎁🎁')).toEqual(['Подарки 🎁🎁']);

    updateDeal(server.ctx, asUser(1), ural.id, { ...dealBase, title: 'Поставка Алтай №1908', stageId: stage('New') });
    expect(await titles('урал')).toEqual([]);
    expect(await titles('алтай')).toEqual(['Поставка Алтай №1908']);
    deleteDeal(server.ctx, asUser(1), siberia.id);
    expect(await titles('сибирь')).toEqual([]);
    restoreDeal(server.ctx, asUser(1), siberia.id);
    expect(await titles('сибирь')).toEqual(['Поставка Сибирь №1907']);

    // The client columns and a contact's companies look for the client's name the same way; a client in the recycle bin is not named.
    const romashka = company('ООО «Ромашка»');
    const petrov = contact('Петров-Водкин');
    deal('Поставка с клиентом', { companyId: romashka.id, contactId: petrov.id });
    createContact(server.ctx, asUser(1), { ...contactBase, lastName: 'Лебедев', companyIds: [romashka.id], responsibleId: 1 });
    const byClient = async (list: string, param: string, text: string) => shownTitles((await admin.get(`/${list}?${q({ [param]: text })}`)).text, list);
    expect(await byClient('deals', 'f.contact', 'петров-в')).toEqual(['Поставка с клиентом']);
    expect(await byClient('deals', 'f.company', '«ромашка»')).toEqual(['Поставка с клиентом']);
    expect(await byClient('contacts', 'f.companies', 'ромашк')).toEqual(['Лебедев']);
    deleteCompany(server.ctx, asUser(1), romashka.id);
    expect(await byClient('deals', 'f.company', 'ромашк')).toEqual([]);
    expect(await byClient('contacts', 'f.companies', 'ромашк')).toEqual([]);

    // Other text columns the index holds as written: a contact's position, a company's tax id, a lead's company.
    createContact(server.ctx, asUser(1), { ...contactBase, lastName: 'Инженеров', position: 'Главный инженер', responsibleId: 1 });
    createCompany(server.ctx, asUser(1), { ...companyBase, title: 'Вектор', taxId: '7701234567', responsibleId: 1 });
    lead('Заявка на трубы', 1, { companyTitle: 'ЗАО Трубы' });
    expect(await byClient('contacts', 'f.position', 'ИНЖЕНЕР')).toEqual(['Инженеров']);
    expect(await byClient('companies', 'f.taxId', '012345')).toEqual(['Вектор']);
    expect(await byClient('leads', 'f.companyTitle', 'зао тр')).toEqual(['Заявка на трубы']);

    // More records hold it than are worth reading one by one: the list walks its order instead, with the same answer.
    const now = Date.now();
    const insert = server.ctx.sqlite.prepare("INSERT INTO deals (title, pipeline_id, stage_id, currency, responsible_id, created_at, updated_at) VALUES (?, 1, ?, 'RUB', 1, ?, ?)");
    const index = server.ctx.sqlite.prepare('INSERT INTO search_deals (rowid, body) VALUES (?, ?)');
    server.ctx.sqlite.transaction(() => {
      for (let i = 1; i <= 2100; i++) index.run(insert.run(`Партия ${i}`, stage('New'), now + i, now + i).lastInsertRowid, `Партия ${i}`);
    })();
    const common = await admin.get(`/deals?${q({ 'f.title': 'партия' })}`);
    expect(shownTitles(common.text, 'deals')).toEqual(Array.from({ length: 50 }, (_, i) => `Партия ${2100 - i}`));
    expect(await titles('партия 2099')).toEqual(['Партия 2099']);
  });

  it('answers a filter value it cannot read with a clear message, not an error page', async () => {
    deal('Любая');
    for (const [params, message] of [
      [{ 'f.amountMinor.from': 'много' }, 'Amount: enter an amount, e.g. 1,234.50.'],
      [{ 'f.probability.to': '1.5' }, 'Probability, %: enter a whole number.'],
      [{ 'f.expectedClose.from': '2026-13-45' }, 'Expected close: enter a date as DD/MM/YYYY.'],
      [{ 'f.createdAt.to': 'вчера' }, 'Created: enter a date as DD/MM/YYYY.'],
      [{ 'f.stage': 'abc' }, 'Stage: choose from the list.'],
      [{ 'f.responsible': '999' }, 'Responsible: choose from the list.'],
      [{ 'f.everyone': 'maybe' }, 'Available to everyone: choose from the list.'],
    ] as const) {
      const res = await admin.get(`/deals?${q(params)}`);
      expect(res.status, JSON.stringify(params)).toBe(422);
      expect(res.text).toContain(message);
      expect(shownTitles(res.text, 'deals')).toEqual([]);
    }
    const fragment = await admin.get(`/deals?${q({ 'f.amountMinor.from': 'x' })}`, { 'HX-Request': 'true', 'HX-Target': 'deal-rows' });
    expect(fragment.status).toBe(200);
    expect(fragment.text).toContain('Amount: enter an amount');
    expect(fragment.text).not.toContain('<html');
  });
});

describe('filter and column panels drawn when opened', () => {
  it('a list carries its active filters without drawing the panel; ?panel= draws it, with the values and the choices', async () => {
    deal('Серверы для склада', { amount: '150000' });
    const filtered = `/deals?${q({ 'f.title': 'Серверы', 'f.amountMinor.from': '1000', 'f.stage': String(stage('New')) })}`;
    const page = await admin.get(filtered);
    expect(page.status).toBe(200);
    expect(shownTitles(page.text, 'deals')).toEqual(['Серверы для склада']);
    // The quick search form still sends the active filters, as hidden inputs.
    expect(page.text).toContain('<input type="hidden" name="f.title" value="Серверы">');
    expect(page.text).toContain('<input type="hidden" name="f.amountMinor.from" value="1000">');
    expect(page.text).not.toContain('name="f.title.op"');
    expect(page.text).not.toContain('name="cols"');
    const panelLink = /<a class="js-hide" href="([^"]+panel=filters[^"]*)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');

    const panel = await admin.get(panelLink);
    expect(panel.text).toMatch(/<details id="deal-filters" class="list-panel filters" open/);
    expect(panel.text).toContain('id="deal-f-title" name="f.title" value="Серверы"');
    expect(panel.text).toContain('name="f.amountMinor.from" value="1000"');
    expect(panel.text).toMatch(new RegExp(`<option value="${stage('New')}" selected>New</option>`));
    expect(shownTitles(panel.text, 'deals')).toEqual(['Серверы для склада']);

    const columns = await admin.get('/deals?q=&panel=columns');
    expect(columns.text).toMatch(/<details id="deal-columns" class="list-panel columns" open/);
    expect(columns.text).toContain('name="cols" value="title" checked');
  });
});

describe('sorting and keyset paging', () => {
  it('pages through leads sorted by a repeated value, both ways, without repeats or skips', async () => {
    for (let i = 0; i < 130; i++) lead(`Лид ${String(i).padStart(3, '0')}`, 1, { amount: String(i % 4) });
    for (const dir of ['asc', 'desc']) {
      const { titles: seen, pages } = await allPages(`/leads?sort=amountMinor&dir=${dir}`, 'leads');
      const amounts: number[] = [];
      expect(pages).toBe(3);
      expect(seen).toHaveLength(130);
      expect(new Set(seen).size).toBe(130);
      for (const t of seen) amounts.push(Number(t.slice(4)) % 4);
      expect(amounts).toEqual([...amounts].sort((a, b) => (dir === 'asc' ? a - b : b - a)));
    }
  });

  it('pages through a column with empty values, and by a name shown from another table', async () => {
    const stages = ['Proposal', 'New', 'Negotiation'];
    // Two colleagues of one name: sorting by the responsible keeps their deals apart, and pages through both.
    const owners = [1, (await addUser(server.ctx, { email: 'anna1@example.com', password: 'Anna-pass-123', fullName: 'Anna' })).id, (await addUser(server.ctx, { email: 'anna2@example.com', password: 'Anna-pass-123', fullName: 'Anna' })).id];
    const types = [null, ...server.ctx.db.all<{ id: number }>(sql`SELECT id FROM reference_items WHERE list = 'dealType' ORDER BY sort LIMIT 2`).map((r) => r.id)];
    for (let i = 0; i < 110; i++) {
      deal(`Сделка ${i}`, { probability: i % 3 === 0 ? null : i % 5, stageId: stage(stages[i % 3]!), typeId: types[i % types.length]!, responsibleId: owners[(i >> 2) % 3]! });
    }
    for (const sort of ['probability', 'responsible', 'type', 'stage', 'expectedClose']) {
      for (const dir of ['asc', 'desc']) {
        const { titles: seen } = await allPages(`/deals?sort=${sort}&dir=${dir}`, 'deals');
        expect(new Set(seen).size, `${sort} ${dir}`).toBe(110);
        expect(seen, `${sort} ${dir}`).toHaveLength(110);
        if (sort === 'responsible') {
          // "Anna" sorts before "Анна Админова"; the two Annas' deals come one colleague after the other, in the order of their ids.
          const ownerOf = (title: string) => owners[(Number(title.split(' ')[1]) >> 2) % 3]!;
          const runs = seen.map(ownerOf).filter((o, i, all) => i === 0 || all[i - 1] !== o);
          expect(runs, dir).toEqual(dir === 'asc' ? [owners[1], owners[2], 1] : [1, owners[2], owners[1]]);
        }
        if (sort === 'stage') {
          // By the stages' order in the pipeline (New, Proposal, Negotiation), not by their ids or names.
          const stageOf = (title: string) => stages[Number(title.split(' ')[1]) % 3]!;
          const order = [...new Set(seen.map(stageOf))];
          expect(order, dir).toEqual(dir === 'asc' ? ['New', 'Proposal', 'Negotiation'] : ['Negotiation', 'Proposal', 'New']);
        }
      }
    }
  });

  it("sorts deals by their client's name, the deals without a live client at the low end, and pages through them", async () => {
    const [alfa, beta, betaToo, gone] = ['Альфа', 'Бета', 'Бета', 'Удалённая'].map((t) => company(t));
    const [ivanov, petrov] = ['Иванов', 'Петров'].map((n) => contact(n));
    const companies = [alfa, beta, betaToo, gone, null];
    for (let i = 0; i < 60; i++) deal(`Сделка ${i}`, { companyId: companies[i % 5]?.id ?? null, contactId: i % 3 === 0 ? null : [ivanov, petrov][i % 2]!.id });
    // A client in the recycle bin is not named, as on the deal page, and sorts as none.
    await admin.get(`/companies/${gone!.id}`);
    expect((await admin.post(`/companies/${gone!.id}/delete`, {})).status).toBe(303);
    await admin.get('/deals');
    expect((await admin.get('/deals?sort=company&dir=asc')).text, 'after the flash was shown').not.toContain('Удалённая');
    const board = (await admin.get('/deals/kanban')).text;
    expect([board.includes('Альфа'), board.includes('Удалённая')], 'kanban cards').toEqual([true, false]);
    const companyOf = (title: string) => companies[Number(title.split(' ')[1]) % 5];
    for (const [sort, key] of [
      ['company', (t: string) => (companyOf(t) && companyOf(t) !== gone ? `${companyOf(t)!.title} ${String(companyOf(t)!.id).padStart(9, '0')}` : '')],
      ['contact', (t: string) => { const i = Number(t.split(' ')[1]); return i % 3 === 0 ? '' : ['Иванов', 'Петров'][i % 2]!; }],
    ] as const) {
      for (const dir of ['asc', 'desc']) {
        const { titles: seen } = await allPages(`/deals?sort=${sort}&dir=${dir}`, 'deals');
        expect(new Set(seen).size, `${sort} ${dir}`).toBe(60);
        const keys = seen.map(key);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys, `${sort} ${dir}`).toEqual(dir === 'asc' ? sorted : sorted.reverse());
      }
    }
  });

  it('sorting by stage or status follows moves and reordering, and walks the rank index', async () => {
    const a = deal('Сделка A', { stageId: stage('Negotiation') });
    deal('Сделка B', { stageId: stage('New') });
    deal('Сделка C', { stageId: stage('Proposal') });
    const byStage = async () => shownTitles((await admin.get('/deals?sort=stage&dir=asc')).text, 'deals');
    expect(await byStage()).toEqual(['Сделка B', 'Сделка C', 'Сделка A']);
    // A deal moved to another stage (the kanban's drop) takes that stage's place.
    expect((await admin.post(`/deals/${a.id}/stage`, { stageId: String(stage('New')) }, { 'HX-Request': 'true' })).status).toBe(204);
    expect(await byStage()).toEqual(['Сделка A', 'Сделка B', 'Сделка C']);
    // Stages put in another order: every deal of them follows.
    server.ctx.db.run(sql`UPDATE stages SET sort = 0 WHERE id = ${stage('Proposal')}`);
    expect(await byStage()).toEqual(['Сделка C', 'Сделка A', 'Сделка B']);

    lead('Лид 1', 1, { statusId: status('In progress') });
    lead('Лид 2', 1, { statusId: status('New') });
    const byStatus = async () => shownTitles((await admin.get('/leads?sort=status&dir=asc')).text, 'leads');
    expect(await byStatus()).toEqual(['Лид 2', 'Лид 1']);
    server.ctx.db.run(sql`UPDATE lead_statuses SET sort = -1 WHERE id = ${status('In progress')}`);
    expect(await byStatus()).toEqual(['Лид 1', 'Лид 2']);

    for (const [table, index] of [['deals', 'deals_stage_rank_live'], ['leads', 'leads_status_rank_live']] as const) {
      const rank = table === 'deals' ? 'stage_rank' : 'status_rank';
      const plan = server.ctx.db.all<{ detail: string }>(sql.raw(`EXPLAIN QUERY PLAN SELECT id FROM ${table} WHERE deleted_at IS NULL ORDER BY ${rank} ASC, id ASC LIMIT 51`));
      expect(plan.map((p) => p.detail).join(' ')).toContain(index);
      expect(plan.map((p) => p.detail).join(' ')).not.toContain('TEMP B-TREE');
    }
  });

  it('the query plan of a common sort walks a partial index, not the whole table', () => {
    for (let i = 0; i < 200; i++) lead(`Лид ${i}`);
    server.ctx.sqlite.exec('ANALYZE');
    const plan = server.ctx.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN SELECT id FROM leads WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 51`);
    expect(plan.map((p) => p.detail).join(' ')).toContain('leads_created_live');
    expect(plan.map((p) => p.detail).join(' ')).not.toContain('TEMP B-TREE');
  });
});

describe('columns and saved views', () => {
  it('remembers the chosen columns in their order, per user and list', async () => {
    deal('С колонками', { amount: '10', probability: 30 });
    await admin.get('/deals');
    const saved = await admin.post('/deals/columns', { cols: ['title', 'probability', 'responsible'], 'order.title': '2', 'order.probability': '1', 'order.responsible': '3', back: '/deals' });
    expect(saved.status).toBe(303);
    const page = await admin.get('/deals');
    expect(headings(page.text)).toEqual(['Probability, %', 'Title', 'Responsible']);
    // Another list and another user keep their defaults.
    expect(headings((await admin.get('/leads')).text)).toContain('Status');
    await addUser(server.ctx, { email: 'vera@example.com', password: 'Vera-pass-123', fullName: 'Vera', role: 'director' });
    const vera = new Client(server.url);
    await vera.signIn('vera@example.com', 'Vera-pass-123');
    expect(headings((await vera.get('/deals')).text)).toContain('Stage');
    expect((await admin.post('/deals/columns', { back: '/deals' })).status).toBe(303);
    expect((await admin.get('/deals')).text).toContain('Choose at least one column.');
  });

  it('saves a filtered view, reopens it, renames it, makes it the default and deletes it; nobody else can open it', async () => {
    deal('Большая', { amount: '500000' });
    deal('Малая', { amount: '100' });
    await admin.get('/deals');
    const made = await admin.post('/deals/views', { name: 'Крупные', params: q({ 'f.amountMinor.from': '1000', sort: 'amountMinor', dir: 'desc', after: 'xyz' }), columns: 'title,amountMinor' });
    expect(made.status).toBe(303);
    const at = made.headers.get('location')!;
    const id = Number(/view=(\d+)/.exec(at)![1]);
    expect(at).toBe(`/deals?f.amountMinor.from=1000&sort=amountMinor&dir=desc&view=${id}`);
    const opened = await admin.get(at);
    expect(shownTitles(opened.text, 'deals')).toEqual(['Большая']);
    expect(opened.text).toContain('View: Крупные');
    expect(headings(opened.text)).toEqual(['Title', 'Amount ↓']);

    // A bare view link opens it with its saved filters.
    const bare = await admin.get(`/deals?view=${id}`);
    expect(bare.status).toBe(303);
    expect(bare.headers.get('location')).toBe(at);

    expect((await admin.post(`/deals/views/${id}/rename`, { name: 'Крупные сделки', back: at })).status).toBe(303);
    expect((await admin.get(at)).text).toContain('View: Крупные сделки');
    await admin.post(`/deals/views/${id}/default`, { back: at });
    await admin.post('/deals/columns', { cols: ['title', 'stage'], back: '/deals?q=' });
    expect(headings((await admin.get('/deals?q=')).text)).toEqual(['Title', 'Stage']);
    expect(headings((await admin.get(at)).text)).toEqual(['Title', 'Amount ↓']);
    const home = await admin.get('/deals');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe(at);
    expect(shownTitles((await admin.get('/deals?q=')).text, 'deals').sort()).toEqual(['Большая', 'Малая']);

    await addUser(server.ctx, { email: 'vera@example.com', password: 'Vera-pass-123', fullName: 'Vera', role: 'director' });
    const vera = new Client(server.url);
    await vera.signIn('vera@example.com', 'Vera-pass-123');
    const list = await vera.get('/deals');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Крупные');
    expect((await vera.get(`/deals?view=${id}`)).status).toBe(404);
    expect((await vera.get(at)).status).toBe(404);
    expect((await vera.post(`/deals/views/${id}/rename`, { name: 'Моё' })).status).toBe(404);
    expect((await vera.post(`/deals/views/${id}/default`, {})).status).toBe(404);
    expect((await vera.post(`/deals/views/${id}/delete`, {})).status).toBe(404);
    // A view belongs to its list too: the deal view is no lead view.
    expect((await admin.get(`/leads?view=${id}`)).status).toBe(404);

    await admin.get(at);
    expect((await admin.post(`/deals/views/${id}/delete`, {})).status).toBe(303);
    expect((await admin.get('/deals')).status).toBe(200);
    expect((await admin.get(`/deals?view=${id}`)).status).toBe(404);
  });

  it('refuses a view without a name', async () => {
    await admin.get('/leads');
    expect((await admin.post('/leads/views', { name: ' ', params: '' })).status).toBe(303);
    expect((await admin.get('/leads')).text).toContain('Please fill this in.');
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM list_views`)).toEqual([{ n: 0 }]);
  });
});

describe('bulk actions on leads, contacts and companies', () => {
  const responsibleOf = (table: 'leads' | 'contacts' | 'companies') => server.ctx.db.all<{ r: number }>(sql`SELECT responsible_id AS r FROM ${sql.raw(table)} ORDER BY id`).map((x) => x.r);
  const liveCount = (table: 'leads' | 'contacts' | 'companies') => server.ctx.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE deleted_at IS NULL`)[0]!.n;

  it('leads: assigns, changes status and deletes; one lead out of reach changes nothing', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    const ids = ['Первый', 'Второй', 'Третий'].map((t) => String(lead(t, anna.id).id));
    const boss = String(lead('Лид админа').id);
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    const list = await a.get('/leads');
    expect(list.text).toContain(`name="ids" value="${ids[0]}" form="bulk-form"`);
    expect(list.text).toContain('With the selected records:');

    expect((await a.post('/leads/bulk', { ids: [...ids, boss], action: 'status', statusId: String(status('In progress')) })).status).toBe(404);
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM leads WHERE status_id = ${status('In progress')}`)).toEqual([{ n: 0 }]);

    const moved = await a.post('/leads/bulk', { ids, action: 'status', statusId: String(status('In progress')), back: '/leads' });
    expect(moved.headers.get('location')).toBe('/leads');
    expect((await a.get('/leads')).text).toContain('Done for 3 leads.');
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM leads WHERE status_id = ${status('In progress')}`)).toEqual([{ n: 3 }]);
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM history WHERE entity = 'lead' AND field = 'status'`)).toEqual([{ n: 3 }]);

    // "Converted" is reached only by converting: the whole action is refused.
    await a.post('/leads/bulk', { ids, action: 'status', statusId: String(status('Converted')) });
    expect((await a.get('/leads')).text).toContain('Nothing was changed');

    await admin.get('/leads');
    await admin.post('/leads/bulk', { ids: ids.slice(0, 2), action: 'assign', responsibleId: '1' });
    expect(responsibleOf('leads')).toEqual([1, 1, anna.id, 1]);
    expect((await a.post('/leads/bulk', { ids: [ids[2]!], action: 'delete' })).status).toBe(403);
    await admin.post('/leads/bulk', { ids, action: 'delete' });
    expect(liveCount('leads')).toBe(1);
  });

  it('contacts: assigns and deletes; a colleague\'s contact in the selection refuses all', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    const mine = [contact('Иванов', anna.id), contact('Петров', anna.id)].map((c) => String(c.id));
    const theirs = String(contact('Админов').id);
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    await a.get('/contacts');
    expect((await a.post('/contacts/bulk', { ids: [...mine, theirs], action: 'assign', responsibleId: String(anna.id) })).status).toBe(404);
    expect((await a.post('/contacts/bulk', { ids: [theirs, ...mine], action: 'delete' })).status).toBe(404);
    expect(liveCount('contacts')).toBe(3);

    await admin.get('/contacts');
    const done = await admin.post('/contacts/bulk', { ids: [...mine, theirs], action: 'assign', responsibleId: String(anna.id), back: '/contacts?sort=fullName&dir=desc' });
    expect(done.headers.get('location')).toBe('/contacts?sort=fullName&dir=desc');
    expect(responsibleOf('contacts')).toEqual([anna.id, anna.id, anna.id]);
    expect((await admin.get('/contacts')).text).toContain('Done for 3 contacts.');
    expect(server.ctx.db.all(sql`SELECT count(*) AS n FROM history WHERE entity = 'contact' AND field = 'responsible'`)).toEqual([{ n: 1 }]);
    expect((await admin.post('/contacts/bulk', { ids: mine, action: 'status', statusId: '1' })).status).toBe(303);
    expect((await admin.get('/contacts')).text).toContain('This value is not valid.');
    await admin.post('/contacts/bulk', { ids: mine, action: 'delete' });
    expect(liveCount('contacts')).toBe(1);
  });

  it('companies: assigns and deletes; a company out of reach refuses all', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    const mine = [company('Альфа', anna.id), company('Бета', anna.id)].map((c) => String(c.id));
    const theirs = String(company('Гамма').id);
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    await a.get('/companies');
    expect((await a.post('/companies/bulk', { ids: [...mine, theirs], action: 'assign', responsibleId: String(anna.id) })).status).toBe(404);
    expect(liveCount('companies')).toBe(3);
    expect((await a.post('/companies/bulk', { ids: mine, action: 'delete' })).status).toBe(403);

    await admin.get('/companies');
    expect(responsibleOf('companies')).toEqual([anna.id, anna.id, 1]);
    await admin.post('/companies/bulk', { ids: [theirs], action: 'assign', responsibleId: String(anna.id) });
    expect(responsibleOf('companies')).toEqual([anna.id, anna.id, anna.id]);
    await admin.post('/companies/bulk', { ids: [...mine, theirs], action: 'delete' });
    expect(liveCount('companies')).toBe(0);
    expect((await admin.get('/companies')).text).toContain('Done for 3 companies.');
  });
});
