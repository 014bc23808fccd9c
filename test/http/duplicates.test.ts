import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createContact } from '../../src/features/contacts/service.js';
import type { ContactInput } from '../../src/features/contacts/form.js';
import { createDeal } from '../../src/features/deals/service.js';
import { allPipelines, stagesOf } from '../../src/features/pipelines/queries.js';
import { createRole, updateRole } from '../../src/features/roles/service.js';
import { findUser, setUserRoles } from '../../src/features/users/queries.js';
import { filledMatrix } from '../../src/platform/access/model.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';

let server: TestServer;
let admin: Client;
const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);
const contact = (over: Partial<ContactInput>, responsibleId = 1) =>
  createContact(server.ctx, asUser(responsibleId), {
    lastName: null, firstName: null, middleName: null, position: null, typeId: null, sourceId: null, birthday: null, responsibleId, companyIds: [], comments: null, comms: [], ...over,
  });
const phone = (value: string) => ({ kind: 'phone' as const, type: 'mobile', value });
const count = (table: 'contacts' | 'companies' | 'leads') => server.ctx.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`))[0]!.n;
/** What a test can compare before and after a refused merge: the rows, links and communications. */
const snapshot = () => ({
  contacts: server.ctx.db.all(sql`SELECT * FROM contacts ORDER BY id`),
  comms: server.ctx.db.all(sql`SELECT entity, entity_id, value FROM communications ORDER BY id`),
  history: server.ctx.db.all(sql`SELECT entity, entity_id, kind FROM history ORDER BY id`),
  deals: server.ctx.db.all(sql`SELECT id, contact_id FROM deals ORDER BY id`),
});

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

describe('duplicates while creating', () => {
  it('the panel, asked as the user types, lists records with the same phone, e-mail or name', async () => {
    const petrov = contact({ lastName: 'Петров', firstName: 'Иван', comms: [phone('8 (916) 123-45-67'), { kind: 'email', type: 'work', value: 'Ivan@Vector.ru' }] });
    await admin.get('/contacts/new');
    const check = (form: Record<string, string>) => admin.post('/duplicates/check/contact', form, { 'HX-Request': 'true' });
    const byPhone = await check({ 'comms[phone][0][value]': '+7 916 1234567' });
    expect(byPhone.status).toBe(200);
    expect(byPhone.text).toContain('Possible duplicates');
    expect(byPhone.text).toContain(`href="/contacts/${petrov.id}"`);
    expect(byPhone.text).toContain('same phone');
    expect(byPhone.text).not.toContain('<html');
    expect((await check({ 'comms[email][0][value]': 'ivan@VECTOR.RU' })).text).toContain('same e-mail');
    expect((await check({ lastName: 'ПЕТРОВ', firstName: 'иван' })).text).toContain('same name');
    expect((await check({ lastName: 'Сидоров', 'comms[phone][0][value]': '+7 916 000-00-00' })).text.trim()).toBe('');
    expect((await admin.post('/duplicates/check/deal', {}, { 'HX-Request': 'true' })).status).toBe(404);
    // The new-contact form carries the panel's slot, wired to the check.
    expect((await admin.get('/contacts/new')).text).toContain('hx-post="/duplicates/check/contact"');
  });

  it('without JavaScript the form comes back with the panel and saves nothing until "save anyway"', async () => {
    const petrov = contact({ lastName: 'Петров', comms: [phone('8 (916) 123-45-67')] });
    await admin.get('/contacts/new');
    const form = { lastName: 'Петров', firstName: 'Иван', responsibleId: '1', 'comms[phone][0][type]': 'mobile', 'comms[phone][0][value]': '+7 916 123 45 67' };
    const stopped = await admin.post('/contacts', form);
    expect(stopped.status).toBe(422);
    expect(stopped.text).toContain('Possible duplicates');
    expect(stopped.text).toContain(`href="/contacts/${petrov.id}"`);
    expect(stopped.text).toContain('name="saveAnyway"');
    expect(stopped.text).toContain('value="+7 916 123 45 67"');
    expect(count('contacts')).toBe(1);

    const saved = await admin.post('/contacts', { ...form, saveAnyway: '1' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toMatch(/^\/contacts\/\d+$/);
    expect(count('contacts')).toBe(2);

    const andMerge = await admin.post('/contacts', { ...form, mergeWith: String(petrov.id) });
    expect(andMerge.status).toBe(303);
    expect(andMerge.headers.get('location')).toMatch(new RegExp(`^/duplicates/contact/${petrov.id}/merge/\\d+$`));
  });

  it('companies are stopped by the same title, leads by the same company; other records go through', async () => {
    await admin.get('/companies/new');
    expect((await admin.post('/companies', { title: 'ООО Вектор', responsibleId: '1' })).status).toBe(303);
    const again = await admin.post('/companies', { title: 'ооо вектор', responsibleId: '1' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('same name');
    expect((await admin.post('/companies', { title: 'ООО Ромашка', responsibleId: '1' })).status).toBe(303);
    expect(count('companies')).toBe(2);

    await admin.get('/leads/new');
    const status = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const lead = { title: 'Заявка', companyTitle: 'Sokol Trading', statusId: String(status), currency: 'RUB', responsibleId: '1' };
    expect((await admin.post('/leads', lead)).status).toBe(303);
    const second = await admin.post('/leads', { ...lead, title: 'Звонок', companyTitle: 'SOKOL TRADING' });
    expect(second.status).toBe(422);
    expect(second.text).toContain('same company');
    expect(count('leads')).toBe(1);
  });

  it('a manager is warned only about records they may read', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    contact({ lastName: 'Чужой', comms: [phone('+7 903 111-22-33')] });
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    await a.get('/contacts/new');
    const res = await a.post('/contacts', { lastName: 'Чужой', responsibleId: String(anna.id), 'comms[phone][0][value]': '8 903 111 22 33' });
    expect(res.status).toBe(303);
    expect(res.text).not.toContain('Чужой');
  });
});

describe('merging over HTTP', () => {
  const deal = (title: string, contactId: number) =>
    createDeal(server.ctx, asUser(1), {
      title, stageId: stagesOf(server.ctx.db, allPipelines(server.ctx.db)[0]!.id)[0]!.id, amount: '', currency: 'RUB', probability: null, typeId: null, sourceId: null,
      expectedClose: null, contactId, companyId: null, responsibleId: 1, everyone: false, comments: null,
    });

  it('the record page links to its duplicates; the comparison offers the differing fields; the merge keeps both', async () => {
    const kept = contact({ lastName: 'Петров', position: 'Закупщик', comms: [phone('8 (916) 123-45-67')] });
    const other = contact({ lastName: 'Петров', position: 'Директор', comms: [phone('+7 916 1234567'), phone('8 495 222-33-44')] });
    const first = deal('Ноутбуки', kept.id);
    const second = deal('Мониторы', other.id);

    expect((await admin.get(`/contacts/${kept.id}`)).text).toContain(`href="/duplicates/contact/${kept.id}"`);
    const list = await admin.get(`/duplicates/contact/${kept.id}`);
    expect(list.text).toContain(`href="/duplicates/contact/${kept.id}/merge/${other.id}"`);

    const page = await admin.get(`/duplicates/contact/${kept.id}/merge/${other.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="pick[position]" value="kept" checked');
    expect(page.text).toContain('name="pick[position]" value="other"');
    expect(page.text).not.toContain('name="pick[lastName]"');
    expect(page.text).toContain('8 495 222-33-44');

    const merged = await admin.post(`/duplicates/contact/${kept.id}/merge/${other.id}`, { 'pick[position]': 'other' });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`/contacts/${kept.id}`);
    const shown = await admin.get(`/contacts/${kept.id}`);
    expect(shown.text).toContain('Records merged into Петров.');
    expect(shown.text).toContain('Директор');
    expect(shown.text).toContain('8 (916) 123-45-67');
    expect(shown.text).toContain('8 495 222-33-44');
    expect(shown.text).toContain(`Merged with: <a href="/contacts/${other.id}">contact #${other.id}</a> (Петров)`);
    for (const d of [first, second]) expect((await admin.get(`/deals/${d.id}`)).text).toContain(`href="/contacts/${kept.id}"`);
    expect((await admin.get(`/contacts/${other.id}`)).status).toBe(404);
    expect((await admin.get('/settings/recycle-bin')).text).toContain('Петров');
  });

  it('refuses without the rights, changing nothing: 404 outside the read scope, 403 without edit or delete', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    const reader = await addUser(server.ctx, { email: 'reader@example.com', password: 'Reader-pass-12', fullName: 'Reader' });
    const role = createRole(server.ctx, { userId: null, ip: null }, { name: 'Reader', copyFrom: null });
    updateRole(server.ctx, { userId: null, ip: null }, role.id, { name: 'Reader', m: filledMatrix((e, a) => (e === 'contact' && (a === 'read' || a === 'delete') ? 'all' : 'none')), maySettings: false, mayEditCatalog: false });
    setUserRoles(server.ctx.db, reader.id, [role.id]);

    const adminsA = contact({ lastName: 'Петров', comms: [phone('+7 916 123-45-67')] });
    const adminsB = contact({ lastName: 'Петров', comms: [phone('8 916 123 45 67')] });
    const annasA = contact({ lastName: 'Сидоров' }, anna.id);
    const annasB = contact({ lastName: 'Сидоров' }, anna.id);
    deal('Ноутбуки', adminsB.id);
    const before = snapshot();

    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    const r = new Client(server.url);
    await r.signIn('reader@example.com', 'Reader-pass-12');
    await admin.get('/');
    const cases: [Client, number, number, number][] = [
      [a, adminsA.id, adminsB.id, 404],
      [a, annasA.id, adminsB.id, 404],
      [a, annasA.id, annasB.id, 403],
      [r, adminsA.id, adminsB.id, 403],
      [admin, adminsA.id, adminsA.id, 409],
      [admin, adminsA.id, 999, 404],
    ];
    for (const [client, keptId, otherId, status] of cases) {
      await client.get('/');
      expect([keptId, otherId, (await client.get(`/duplicates/contact/${keptId}/merge/${otherId}`)).status]).toEqual([keptId, otherId, status]);
      expect([keptId, otherId, (await client.post(`/duplicates/contact/${keptId}/merge/${otherId}`, { 'pick[lastName]': 'other' })).status]).toEqual([keptId, otherId, status]);
    }
    expect(snapshot()).toEqual(before);
    // Anna sees her own duplicate, but may not merge (managers do not delete), and never sees the admin's.
    const annasList = (await a.get(`/duplicates/contact/${annasA.id}`)).text;
    expect(annasList).toContain(`href="/contacts/${annasB.id}"`);
    expect(annasList).not.toContain('/merge/');
    expect(annasList).not.toContain(`href="/contacts/${adminsA.id}"`);
    expect((await a.get(`/duplicates/contact/${adminsA.id}`)).status).toBe(404);
  });
});

describe('merging keeps product rows', () => {
  const idFrom = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
  const row = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`rows[${i}][${k}]`, v]));
  const rowsOf = (entity: string, id: number) =>
    server.ctx.db.all(sql`SELECT name, quantity, price_minor AS price, total_minor AS total FROM product_rows WHERE entity = ${entity} AND entity_id = ${id} ORDER BY sort`);
  const leadRow = (id: number) => server.ctx.db.all<{ amount: number; currency: string }>(sql`SELECT amount_minor AS amount, currency FROM leads WHERE id = ${id}`)[0]!;
  async function lead(title: string, currency: string, rows: Record<string, string>[]) {
    await admin.get('/leads/new');
    const statusId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const id = idFrom(await admin.post('/leads', { title, lastName: 'Петров', statusId: String(statusId), amount: '5', currency, responsibleId: '1', saveAnyway: '1' }));
    if (rows.length) await admin.post(`/leads/${id}/products`, { ...Object.assign({}, ...rows.map((r, i) => row(i, r))), op: 'save' });
    return id;
  }

  it("the lead that stays gets the other's rows, repriced into its currency, and its amount becomes their total", async () => {
    await admin.get('/settings/currencies');
    await admin.post('/settings/currencies', { code: 'USD', rate: '90' });
    const kept = await lead('Заявка с сайта', 'RUB', [{ name: 'Монтаж', quantity: '2', price: '1000', vat: '' }]);
    const other = await lead('Звонок', 'USD', [{ name: 'Лицензия', quantity: '1', price: '10', vat: '' }, { name: 'Поддержка', quantity: '3', price: '5', vat: '' }]);
    expect(leadRow(other)).toEqual({ amount: 2500, currency: 'USD' });

    const page = await admin.get(`/duplicates/lead/${kept}/merge/${other}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Product rows of both (3) stay');
    expect(page.text).not.toContain('name="pick[amount]"');

    const merged = await admin.post(`/duplicates/lead/${kept}/merge/${other}`, { 'pick[title]': 'kept' });
    expect(merged.status).toBe(303);
    expect(rowsOf('lead', kept)).toEqual([
      { name: 'Монтаж', quantity: 2000, price: 100000, total: 200000 },
      { name: 'Лицензия', quantity: 1000, price: 90000, total: 90000 },
      { name: 'Поддержка', quantity: 3000, price: 45000, total: 135000 },
    ]);
    expect(leadRow(kept)).toEqual({ amount: 425000, currency: 'RUB' });
    expect(rowsOf('lead', other)).toEqual([]);
    const shown = await admin.get(`/leads/${kept}`);
    expect(shown.text).toMatch(/Products<\/strong>: <span class="old">Монтаж × 2<\/span> → <span class="new">Монтаж × 2; Лицензия × 1; Поддержка × 3<\/span>/);
    expect(shown.text).toMatch(/RUB\s4,250\.00/);
  });

  it('a lead without rows takes the rows of the one merged into it; without a rate the merge is refused and nothing changes', async () => {
    const kept = await lead('Заявка с сайта', 'RUB', []);
    const other = await lead('Звонок', 'RUB', [{ name: 'Монтаж', quantity: '1,5', price: '2000', vat: '' }]);
    expect((await admin.post(`/duplicates/lead/${kept}/merge/${other}`, {})).status).toBe(303);
    expect(rowsOf('lead', kept)).toEqual([{ name: 'Монтаж', quantity: 1500, price: 200000, total: 300000 }]);
    expect(leadRow(kept).amount).toBe(300000);

    await admin.get('/settings/currencies');
    await admin.post('/settings/currencies', { code: 'EUR', rate: '100' });
    const euros = await lead('Письмо', 'EUR', [{ name: 'Обучение', quantity: '1', price: '100', vat: '' }]);
    // A currency left without a rate (as one whose rates were never entered).
    server.ctx.db.run(sql`DELETE FROM currency_rates WHERE currency = 'EUR'`);
    const before = snapshot();
    const refused = await admin.post(`/duplicates/lead/${kept}/merge/${euros}`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('No rate to convert EUR into RUB');
    expect(snapshot()).toEqual(before);
    expect(rowsOf('lead', euros)).toHaveLength(1);
    expect(leadRow(kept).amount).toBe(300000);
  });

  it("merging contacts keeps their deals' rows (deals themselves are never merged)", async () => {
    const kept = contact({ lastName: 'Петров' });
    const other = contact({ lastName: 'Петров' });
    await admin.get('/deals/new');
    const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const dealId = idFrom(await admin.post('/deals', { title: 'Ноутбуки', stageId: String(stageId), currency: 'RUB', contactId: String(other.id), responsibleId: '1' }));
    await admin.post(`/deals/${dealId}/products`, { ...row(0, { name: 'Ноутбук', quantity: '2', price: '1000', vat: '' }), op: 'save' });
    expect((await admin.post(`/duplicates/contact/${kept.id}/merge/${other.id}`, {})).status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT contact_id AS c, amount_minor AS a FROM deals WHERE id = ${dealId}`)).toEqual([{ c: kept.id, a: 200000 }]);
    expect(rowsOf('deal', dealId)).toEqual([{ name: 'Ноутбук', quantity: 2000, price: 100000, total: 200000 }]);
    expect((await admin.get('/duplicates/deal/1')).status).toBe(404);
  });
});
