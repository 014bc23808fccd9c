import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { toCurrentUser, type CurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createDeal } from '../../src/features/deals/service.js';

let server: TestServer;
let admin: Client;
let root: CurrentUser;

const HX = { 'HX-Request': 'true' };
const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
const blankContact = { middleName: null, position: null, typeId: null, sourceId: null, birthday: null, comments: null, comms: [] };
const blankDeal = { amount: '100', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, everyone: false, comments: null };

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx);
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  await admin.get('/');
  root = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
});
afterEach(() => server.close());

const db = () => server.ctx.db;
const stage = () => db().all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;

async function signedIn(email: string, password: string) {
  const c = new Client(server.url);
  await c.signIn(email, password);
  await c.get('/');
  return c;
}

describe('related records on record pages', () => {
  it("a company lists its contacts and deals, a contact its companies and deals, each as far as the user may read them", async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    const company = createCompany(server.ctx, root, { ...blankCompany, title: 'ООО Вектор', responsibleId: anna.id });
    const other = createCompany(server.ctx, root, { ...blankCompany, title: 'АО Чужая', responsibleId: 1 });
    const mine = createContact(server.ctx, root, { ...blankContact, lastName: 'Иванова', firstName: 'Мария', responsibleId: anna.id, companyIds: [company.id, other.id] });
    createContact(server.ctx, root, { ...blankContact, lastName: 'Скрытый', firstName: 'Борис', responsibleId: 1, companyIds: [company.id] });
    const at = { stageId: stage(), companyId: company.id, contactId: mine.id };
    createDeal(server.ctx, root, { ...blankDeal, ...at, title: 'Сделка Анны', responsibleId: anna.id });
    createDeal(server.ctx, root, { ...blankDeal, ...at, title: 'Общая сделка', responsibleId: 1, everyone: true });
    createDeal(server.ctx, root, { ...blankDeal, ...at, title: 'Сделка директора', responsibleId: 1 });

    const a = await signedIn('anna@example.com', 'Anna-pass-12');
    const scenarios: { who: Client; path: string; shows: string[]; hides: string[] }[] = [
      { who: admin, path: `/companies/${company.id}`, shows: ['Иванова Мария', 'Скрытый Борис', 'Сделка Анны', 'Общая сделка', 'Сделка директора'], hides: [] },
      { who: a, path: `/companies/${company.id}`, shows: ['Иванова Мария', 'Сделка Анны', 'Общая сделка'], hides: ['Скрытый Борис', 'Сделка директора'] },
      { who: admin, path: `/contacts/${mine.id}`, shows: ['ООО Вектор', 'АО Чужая', 'Сделка Анны', 'Сделка директора'], hides: [] },
      { who: a, path: `/contacts/${mine.id}`, shows: ['ООО Вектор', 'Сделка Анны', 'Общая сделка'], hides: ['АО Чужая', 'Сделка директора'] },
    ];
    for (const s of scenarios) {
      const page = await s.who.get(s.path);
      expect(page.status, s.path).toBe(200);
      for (const text of s.shows) expect(page.text, `${s.path} shows ${text}`).toContain(text);
      for (const text of s.hides) expect(page.text, `${s.path} hides ${text}`).not.toContain(text);
    }
  });

  it('creates a contact from the deal page and links it to the deal and its company, in one step', async () => {
    const company = createCompany(server.ctx, root, { ...blankCompany, title: 'ООО Вектор', responsibleId: 1 });
    const deal = createDeal(server.ctx, root, { ...blankDeal, title: 'Поставка', stageId: stage(), companyId: company.id, contactId: null, responsibleId: 1 });
    const page = await admin.get(`/deals/${deal.id}`);
    expect(page.text).toContain(`hx-post="/deals/${deal.id}/contacts"`);

    const refused = await admin.post(`/deals/${deal.id}/contacts`, { lastName: 'Петров', 'comms[email][0][type]': 'work', 'comms[email][0][value]': 'не почта' }, HX);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Enter an e-mail address like name@example.com.');
    expect(db().all(sql`SELECT count(*) AS n FROM contacts`)).toEqual([{ n: 0 }]);

    const made = await admin.post(
      `/deals/${deal.id}/contacts`,
      { lastName: 'Петров', firstName: 'Пётр', 'comms[phone][0][type]': 'mobile', 'comms[phone][0][value]': '+7 916 000-11-22', 'comms[email][0][type]': 'work', 'comms[email][0][value]': 'petrov@example.com' },
      HX,
    );
    expect(made.status).toBe(200);
    expect(made.text).toMatch(/<a href="\/contacts\/\d+">Петров Пётр<\/a>/);
    expect(made.text).toMatch(/Contact<\/strong>: <span class="old">—<\/span> → <span class="new">Петров Пётр<\/span>/);
    const contact = db().all<{ id: number }>(sql`SELECT id FROM contacts`)[0]!.id;
    expect(db().all(sql`SELECT contact_id AS c FROM deals`)).toEqual([{ c: contact }]);
    expect(db().all(sql`SELECT company_id AS c FROM contact_companies WHERE contact_id = ${contact}`)).toEqual([{ c: company.id }]);
    expect(db().all(sql`SELECT kind, value FROM communications WHERE entity = 'contact' ORDER BY kind`)).toEqual([
      { kind: 'email', value: 'petrov@example.com' },
      { kind: 'phone', value: '+7 916 000-11-22' },
    ]);

    // A second Petrov with the same phone is a possible duplicate: the panel asks first, then "save anyway" saves.
    const again = { lastName: 'Петров', 'comms[phone][0][type]': 'mobile', 'comms[phone][0][value]': '8 916 000 11 22' };
    const asked = await admin.post(`/deals/${deal.id}/contacts`, again, HX);
    expect(asked.status).toBe(422);
    expect(asked.text).toContain('name="saveAnyway"');
    expect(asked.text).toMatch(/<a href="\/contacts\/\d+" target="_blank" rel="noopener">Петров Пётр<\/a>/);
    expect(db().all(sql`SELECT count(*) AS n FROM contacts`)).toEqual([{ n: 1 }]);
    expect((await admin.post(`/deals/${deal.id}/contacts`, { ...again, saveAnyway: '1' }, HX)).status).toBe(200);
    expect(db().all(sql`SELECT count(*) AS n FROM contacts`)).toEqual([{ n: 2 }]);

    // Without JavaScript the browser goes back to the deal, or sees the small form again with the problems.
    const plainRefused = await admin.post(`/deals/${deal.id}/contacts`, { lastName: '', firstName: '' });
    expect(plainRefused.status).toBe(422);
    expect(plainRefused.text).toContain('<html');
    expect(plainRefused.text).toContain('Enter a last name or a first name.');
    const plain = await admin.post(`/deals/${deal.id}/contacts`, { lastName: 'Сидоров' });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/deals/${deal.id}`);
    expect((await admin.get(`/deals/${deal.id}`)).text).toContain('Contact Сидоров was created and linked.');
  });

  it('only someone who may edit the deal adds its contact; the company page adds one to its contacts', async () => {
    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    const company = createCompany(server.ctx, root, { ...blankCompany, title: 'ООО Вектор', responsibleId: boris.id });
    const open = createDeal(server.ctx, root, { ...blankDeal, title: 'Общая', stageId: stage(), companyId: null, contactId: null, responsibleId: 1, everyone: true });
    const hidden = createDeal(server.ctx, root, { ...blankDeal, title: 'Скрытая', stageId: stage(), companyId: null, contactId: null, responsibleId: 1 });
    const b = await signedIn('boris@example.com', 'Boris-pass-12');
    expect((await b.get(`/deals/${open.id}`)).text).not.toContain(`/deals/${open.id}/contacts`);
    expect((await b.post(`/deals/${open.id}/contacts`, { lastName: 'Петров' }, HX)).status).toBe(403);
    expect((await b.post(`/deals/${hidden.id}/contacts`, { lastName: 'Петров' }, HX)).status).toBe(404);
    expect(db().all(sql`SELECT count(*) AS n FROM contacts`)).toEqual([{ n: 0 }]);

    await b.get(`/companies/${company.id}`);
    expect(b.lastBody).toContain('No contacts yet.');
    const added = await b.post(`/companies/${company.id}/contacts`, { lastName: 'Петрова', firstName: 'Анна' }, HX);
    expect(added.status).toBe(200);
    expect(added.text).toMatch(/<ul class="plain" id="company-contacts" hx-swap-oob="true">\s*<li><a href="\/contacts\/\d+">Петрова Анна<\/a>/);
    expect(added.text).toContain('id="company-no-contacts" hx-swap-oob="delete"');
    expect(db().all(sql`SELECT c.full_name AS name, c.responsible_id AS r FROM contact_companies cc JOIN contacts c ON c.id = cc.contact_id WHERE cc.company_id = ${company.id}`)).toEqual([
      { name: 'Петрова Анна', r: boris.id },
    ]);
    // An existing contact is linked by the picker; one Boris may not see is neither offered nor linked.
    const his = createContact(server.ctx, root, { ...blankContact, lastName: 'Орлов', firstName: 'Иван', responsibleId: boris.id, companyIds: [] });
    const other = createContact(server.ctx, root, { ...blankContact, lastName: 'Орлова', firstName: 'Вера', responsibleId: 1, companyIds: [] });
    await b.get(`/companies/${company.id}`);
    expect(b.lastBody).toContain(`hx-post="/companies/${company.id}/contacts/link"`);
    const linked = await b.post(`/companies/${company.id}/contacts/link`, { contactId_q: 'Орлов' }, HX);
    expect(linked.status).toBe(200);
    expect(linked.text).toContain(`<a href="/contacts/${his.id}">Орлов Иван</a>`);
    expect((await b.post(`/companies/${company.id}/contacts/link`, { contactId_q: 'Орлова' }, HX)).text).toContain('Nothing you may see matches');
    expect((await b.post(`/companies/${company.id}/contacts/link`, { contactId: String(other.id) }, HX)).status).toBe(404);
    expect(db().all(sql`SELECT contact_id AS c FROM contact_companies WHERE company_id = ${company.id} ORDER BY contact_id`)).toEqual([
      { c: db().all<{ id: number }>(sql`SELECT id FROM contacts WHERE last_name = 'Петрова'`)[0]!.id },
      { c: his.id },
    ]);

    const refused = await b.post(`/companies/${company.id}/contacts`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Enter a last name or a first name.');
  });
});

describe('lead kanban quick-add', () => {
  it('adds a lead to a column with a title only; the converted column takes none', async () => {
    const statuses = db().all<{ id: number; semantics: string }>(sql`SELECT id, semantics FROM lead_statuses ORDER BY sort`);
    const open = statuses.find((s) => s.semantics === 'open')!.id;
    const converted = statuses.find((s) => s.semantics === 'converted')!.id;
    const board = await admin.get('/leads/kanban');
    expect(board.text).toContain(`<input type="hidden" name="statusId" value="${open}">`);
    expect(board.text).not.toContain(`<input type="hidden" name="statusId" value="${converted}">`);
    const made = await admin.post('/leads/quick', { title: 'Звонок с выставки', statusId: String(open) });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/leads/kanban');
    expect((await admin.get('/leads/kanban')).text).toContain('Звонок с выставки');
    expect(db().all(sql`SELECT title, status_id AS s, responsible_id AS r FROM leads`)).toEqual([{ title: 'Звонок с выставки', s: open, r: 1 }]);
    expect((await admin.post('/leads/quick', { title: 'В обход', statusId: String(converted) })).status).toBe(422);
    expect((await admin.post('/leads/quick', { title: '', statusId: String(open) })).status).toBe(422);
    expect(db().all(sql`SELECT count(*) AS n FROM leads`)).toEqual([{ n: 1 }]);
  });
});
