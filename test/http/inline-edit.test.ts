import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { toCurrentUser, type CurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';
import { createLead } from '../../src/features/leads/service.js';

let server: TestServer;
let admin: Client;
let adminUser: CurrentUser;

const HX = { 'HX-Request': 'true' };

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx);
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  await admin.get('/');
  adminUser = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
});
afterEach(() => server.close());

const db = () => server.ctx.db;
const stageId = (name: string) => db().all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
const statusId = (semantics = 'open') => db().all<{ id: number }>(sql`SELECT id FROM lead_statuses WHERE semantics = ${semantics} ORDER BY sort`)[0]!.id;
const history = (entity: string, id: number) =>
  db().all<{ field: string; old_value: string | null; new_value: string | null }>(sql`SELECT field, old_value, new_value FROM history WHERE entity = ${entity} AND entity_id = ${id} AND kind = 'changed' ORDER BY id`);

const dealInput = { title: 'Поставка серверов', amount: '1000', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId: null, companyId: null, responsibleId: 1, everyone: false, comments: null };
const companyInput = { title: 'ООО Вектор', typeId: null, industryId: null, responsibleId: 1, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
const contactInput = { lastName: 'Петров', firstName: 'Пётр', middleName: null, position: null, typeId: null, sourceId: null, birthday: null, responsibleId: 1, companyIds: [], comments: null, comms: [] };

function records(responsibleId = 1, everyone = false) {
  const deal = createDeal(server.ctx, adminUser, { ...dealInput, stageId: stageId('New'), responsibleId, everyone });
  const company = createCompany(server.ctx, adminUser, { ...companyInput, responsibleId });
  const contact = createContact(server.ctx, adminUser, { ...contactInput, responsibleId });
  const lead = createLead(server.ctx, adminUser, { title: 'Заявка с сайта', lastName: null, firstName: null, middleName: null, companyTitle: null, position: null, statusId: statusId(), sourceId: null, amount: '', currency: 'RUB', responsibleId, everyone, comments: null, comms: [] });
  return { deal: deal.id, company: company.id, contact: contact.id, lead: lead.id };
}

describe('editing one field in place', () => {
  it('saves each kind of field through htmx: the answer shows the new value and the history entry', async () => {
    const ids = records();
    const scenarios: { path: string; posted: Record<string, string>; shows: RegExp; entity: string; id: number; field: string; change: [string | null, string] }[] = [
      { path: `/deals/${ids.deal}/fields/amount`, posted: { amount: '1 500,50', currency: 'USD' }, shows: /\$1,500\.50/, entity: 'deal', id: ids.deal, field: 'amount', change: ['1000.00 RUB', '1500.50 USD'] },
      { path: `/deals/${ids.deal}/fields/probability`, posted: { probability: '40' }, shows: /40 %/, entity: 'deal', id: ids.deal, field: 'probability', change: [null, '40'] },
      { path: `/deals/${ids.deal}/fields/expectedClose`, posted: { expectedClose: '2027-03-31' }, shows: /31/, entity: 'deal', id: ids.deal, field: 'expectedClose', change: [null, '2027-03-31'] },
      { path: `/deals/${ids.deal}/fields/everyone`, posted: { everyone: '1' }, shows: /✓/, entity: 'deal', id: ids.deal, field: 'everyone', change: [null, '✓'] },
      { path: `/deals/${ids.deal}/fields/title`, posted: { title: 'Поставка ноутбуков' }, shows: /Поставка ноутбуков/, entity: 'deal', id: ids.deal, field: 'title', change: ['Поставка серверов', 'Поставка ноутбуков'] },
      { path: `/companies/${ids.company}/fields/taxId`, posted: { taxId: '7701234567' }, shows: /7701234567/, entity: 'company', id: ids.company, field: 'taxId', change: [null, '7701234567'] },
      { path: `/companies/${ids.company}/fields/phone`, posted: { 'comms[phone][0][type]': 'work', 'comms[phone][0][value]': '+7 495 123-45-67' }, shows: /tel:\+74951234567/, entity: 'company', id: ids.company, field: 'phone', change: [null, '+7 495 123-45-67'] },
      { path: `/contacts/${ids.contact}/fields/name`, posted: { lastName: 'Петрова', firstName: 'Пётр', middleName: '' }, shows: /Петрова Пётр/, entity: 'contact', id: ids.contact, field: 'lastName', change: ['Петров', 'Петрова'] },
      { path: `/contacts/${ids.contact}/fields/birthday`, posted: { birthday: '1990-05-17' }, shows: /1990/, entity: 'contact', id: ids.contact, field: 'birthday', change: [null, '1990-05-17'] },
      { path: `/leads/${ids.lead}/fields/companyTitle`, posted: { companyTitle: 'ИП Сидоров' }, shows: /ИП Сидоров/, entity: 'lead', id: ids.lead, field: 'companyTitle', change: [null, 'ИП Сидоров'] },
      { path: `/leads/${ids.lead}/fields/email`, posted: { 'comms[email][0][type]': 'work', 'comms[email][0][value]': 'lead@example.com' }, shows: /mailto:lead@example.com/, entity: 'lead', id: ids.lead, field: 'email', change: [null, 'lead@example.com'] },
    ];
    for (const s of scenarios) {
      await admin.get(`/${s.path.split('/')[1]}/${s.id}`);
      const editor = await admin.get(s.path, HX);
      expect(editor.status, s.path).toBe(200);
      expect(editor.text, s.path).toContain(`hx-post="${s.path}"`);
      const saved = await admin.post(s.path, s.posted, HX);
      expect(saved.status, s.path).toBe(200);
      expect(saved.text, s.path).toMatch(s.shows);
      expect(saved.text, s.path).toContain('hx-swap-oob');
      expect(history(s.entity, s.id).at(-1), s.path).toEqual({ field: s.field, old_value: s.change[0], new_value: s.change[1] });
    }
    // A new responsible also shows in the page's heading.
    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    const reassigned = await admin.post(`/deals/${ids.deal}/fields/responsibleId`, { responsibleId: String(boris.id) }, HX);
    expect(reassigned.text).toContain('<span id="record-responsible" hx-swap-oob="true">Boris</span>');
    // Unticking a checkbox posts nothing for it: the flag is cleared.
    await admin.post(`/deals/${ids.deal}/fields/everyone`, {}, HX);
    expect(db().all(sql`SELECT everyone FROM deals WHERE id = ${ids.deal}`)).toEqual([{ everyone: 0 }]);
    // The record page shows the values and the history written in place.
    const page = await admin.get(`/deals/${ids.deal}`);
    expect(page.text).toMatch(/Amount<\/strong>: <span class="old">1000\.00 RUB<\/span> → <span class="new">1500\.50 USD<\/span>/);
    expect(page.text).toContain('Поставка ноутбуков');
  });

  it('refuses bad input in place, in the user\'s language, and saves nothing', async () => {
    const ids = records();
    const scenarios: { path: string; posted: Record<string, string>; message: string }[] = [
      { path: `/deals/${ids.deal}/fields/amount`, posted: { amount: '12,34,5', currency: 'RUB' }, message: 'Enter an amount, e.g. 1,234.50.' },
      { path: `/deals/${ids.deal}/fields/amount`, posted: { amount: '10', currency: 'XYZ' }, message: 'Choose a currency from the list, e.g. RUB.' },
      { path: `/deals/${ids.deal}/fields/probability`, posted: { probability: '140' }, message: 'A whole number from 0 to 100.' },
      { path: `/deals/${ids.deal}/fields/expectedClose`, posted: { expectedClose: '31.13.2027' }, message: 'Enter a date as DD/MM/YYYY.' },
      { path: `/deals/${ids.deal}/fields/title`, posted: { title: '   ' }, message: 'Please fill this in.' },
      { path: `/deals/${ids.deal}/fields/responsibleId`, posted: { responsibleId: '999' }, message: 'This value is not valid.' },
      { path: `/companies/${ids.company}/fields/bankBik`, posted: { bankBik: '12ab' }, message: 'Digits only, of the right length.' },
      { path: `/contacts/${ids.contact}/fields/name`, posted: { lastName: '', firstName: '' }, message: 'Enter a last name or a first name.' },
      { path: `/leads/${ids.lead}/fields/phone`, posted: { 'comms[phone][0][type]': 'work', 'comms[phone][0][value]': 'позвонить' }, message: '"позвонить" does not look like a phone number.' },
    ];
    for (const s of scenarios) {
      const refused = await admin.post(s.path, s.posted, HX);
      expect(refused.status, s.path).toBe(422);
      expect(refused.text, s.path).toContain(s.message.replace(/"/g, '&#34;'));
      expect(refused.text, s.path).toContain('class="inline-editor"');
    }
    expect(db().all(sql`SELECT count(*) AS n FROM history WHERE kind = 'changed'`)).toEqual([{ n: 0 }]);
    expect(db().all(sql`SELECT title, amount_minor AS a, probability AS p FROM deals`)).toEqual([{ title: 'Поставка серверов', a: 100000, p: null }]);

    await admin.post('/account/language', { locale: 'ru', back: '/' });
    const ru = await admin.post(`/deals/${ids.deal}/fields/probability`, { probability: '-1' }, HX);
    expect(ru.status).toBe(422);
    expect(ru.text).toContain('Целое число от 0 до 100.');
  });

  it('works without JavaScript: the field is a page of its own, saving goes back to the record', async () => {
    const ids = records();
    const page = await admin.get(`/deals/${ids.deal}/fields/amount`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    expect(page.text).toContain('name="amount" value="1000.00"');
    const refused = await admin.post(`/deals/${ids.deal}/fields/amount`, { amount: 'много', currency: 'RUB' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<html');
    expect(refused.text).toContain('value="много"');
    const saved = await admin.post(`/deals/${ids.deal}/fields/amount`, { amount: '2000', currency: 'RUB' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/deals/${ids.deal}`);
    const shown = await admin.get(`/deals/${ids.deal}`);
    expect(shown.text).toContain('Amount: saved.');
    expect(shown.text).toMatch(/RUB\s2,000\.00/);
    expect((await admin.get(`/deals/${ids.deal}/fields/nonsense`)).status).toBe(404);
  });

  it('offers editing only to those who may edit: a reader gets 403, someone out of scope 404', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    const open = records(anna.id, true);
    const closed = records(anna.id, false);
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    await a.get('/');
    const b = new Client(server.url);
    await b.signIn('boris@example.com', 'Boris-pass-12');
    await b.get('/');

    const who: { client: Client; path: string; get: number; post: number }[] = [
      { client: a, path: `/deals/${closed.deal}/fields/title`, get: 200, post: 200 },
      { client: a, path: `/leads/${closed.lead}/fields/title`, get: 200, post: 200 },
      { client: b, path: `/deals/${open.deal}/fields/title`, get: 403, post: 403 },
      { client: b, path: `/leads/${open.lead}/fields/title`, get: 403, post: 403 },
      { client: b, path: `/deals/${closed.deal}/fields/title`, get: 404, post: 404 },
      { client: b, path: `/companies/${closed.company}/fields/title`, get: 404, post: 404 },
      { client: b, path: `/contacts/${closed.contact}/fields/name`, get: 404, post: 404 },
    ];
    for (const w of who) {
      expect((await w.client.get(w.path, HX)).status, w.path).toBe(w.get);
      expect((await w.client.post(w.path, { title: 'Новое название', lastName: 'Новая' }, HX)).status, w.path).toBe(w.post);
    }
    expect(db().all(sql`SELECT title FROM deals WHERE id = ${open.deal}`)).toEqual([{ title: 'Поставка серверов' }]);

    const readerPage = await b.get(`/deals/${open.deal}`);
    expect(readerPage.status).toBe(200);
    expect(readerPage.text).not.toContain('class="inline-edit"');
    expect(readerPage.text).not.toContain(`action="/deals/${open.deal}/contacts"`);
    const ownerPage = await a.get(`/deals/${closed.deal}`);
    expect(ownerPage.text).toContain(`href="/deals/${closed.deal}/fields/amount"`);
  });

  it("changes a contact's companies in place by the picker: typed text is resolved, an unticked company is unlinked", async () => {
    const { contact } = records();
    const vector = createCompany(server.ctx, adminUser, { ...companyInput, title: 'АО Вектор-Плюс' });
    const linked = await admin.post(`/contacts/${contact}/fields/companyIds`, { companyIds_q: 'Вектор-Плюс' }, HX);
    expect(linked.status).toBe(200);
    expect(linked.text).toContain(`<a href="/companies/${vector.id}">АО Вектор-Плюс</a>`);
    expect(history('contact', contact).at(-1)).toEqual({ field: 'companies', old_value: null, new_value: 'АО Вектор-Плюс' });
    const both = await admin.post(`/contacts/${contact}/fields/companyIds`, { companyIds: String(vector.id), companyIds_q: 'ООО Вектор' }, HX);
    expect(both.text).toContain('ООО Вектор</a>, <a');
    const editor = await admin.get(`/contacts/${contact}/fields/companyIds`, HX);
    expect(editor.text).toMatch(/type="checkbox" name="companyIds" value="\d+" checked> АО Вектор-Плюс/);
    await admin.post(`/contacts/${contact}/fields/companyIds`, { companyIds: String(vector.id) }, HX);
    expect(db().all(sql`SELECT company_id AS c FROM contact_companies WHERE contact_id = ${contact}`)).toEqual([{ c: vector.id }]);
    const ambiguous = await admin.post(`/contacts/${contact}/fields/companyIds`, { companyIds_q: 'Вектор' }, HX);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.text).toContain('Several records match &#34;Вектор&#34;');
  });

  it('a converted lead is no longer edited in place', async () => {
    const { lead } = records();
    await admin.get(`/leads/${lead}`);
    await admin.post(`/leads/${lead}/convert`, { contact: 'new', company: 'none' });
    expect((await admin.get(`/leads/${lead}`)).text).not.toContain('class="inline-edit"');
    expect((await admin.post(`/leads/${lead}/fields/title`, { title: 'Другое' }, HX)).status).toBe(403);
  });
});
