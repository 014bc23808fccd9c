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
