import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

/**
 * Custom fields (issue 4, point 8): the administrator defines them in Settings → Fields; they are
 * filled in the four forms with checks by type, shown on record pages, kept in history, offered as
 * list columns, filters and sorting, carried by lead conversion and chosen when merging.
 */
let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const stage = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages WHERE name = ${name}`)[0]!.id;
const customOf = (table: string, id: number) => JSON.parse(server.ctx.db.all<{ custom: string }>(sql`SELECT custom FROM ${sql.raw(table)} WHERE id = ${id}`)[0]!.custom) as Record<string, unknown>;
const defs = () => server.ctx.db.all<{ id: number; code: string; type: string; options: string; active: number }>(sql`SELECT id, code, type, options, active FROM custom_fields ORDER BY sort`);
/** What a record page shows for a field (the in-place field's value, tags stripped). */
const shownValue = (html: string, name: string) =>
  new RegExp(`data-inline="${name}"><span class="inline-value">(.*?)</span>\\s*(?:<a class="inline-edit"|</dd>)`, 's').exec(html)?.[1]!.replace(/<[^>]+>/g, '').trim() ?? null;
const idOf = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
const dealForm = (over: Record<string, string | string[]> = {}) => ({ title: 'Поставка', stageId: String(stage('New')), amount: '100', currency: 'RUB', responsibleId: '1', ...over });

async function define(entity: string, label: string, type: string, extra: Record<string, string> = {}) {
  await admin.get('/settings/fields');
  return admin.post('/settings/fields', { entity, label, type, ...extra });
}

/** Every type on deals; returns the options of the two lists by label. */
async function defineDealFields() {
  for (const [label, type, extra] of [
    ['Артикул', 'string', { code: 'sku' }],
    ['Notes', 'text', { code: 'notes' }],
    ['Units', 'number', { code: 'units' }],
    ['Budget', 'money', { code: 'budget' }],
    ['Delivery', 'date', { code: 'delivery' }],
    ['Call at', 'datetime', { code: 'call_at' }],
    ['Urgent', 'boolean', { code: 'urgent' }],
    ['Region', 'list', { code: 'region', newOptions: 'North\nSouth' }],
    ['Channels', 'multi', { code: 'channels', newOptions: 'Web\nPhone\nMail' }],
    ['Curator', 'link', { code: 'curator', target: 'user' }],
    ['Partner', 'link', { code: 'partner', target: 'company' }],
  ] as const) {
    expect((await define('deal', label, type, extra)).status).toBe(303);
  }
  const options = (code: string) => Object.fromEntries((JSON.parse(defs().find((d) => d.code === code)!.options) as { id: number; label: string }[]).map((o) => [o.label, String(o.id)]));
  return { region: options('region'), channels: options('channels') };
}

describe('Settings → Fields', () => {
  it('defines fields of every type; bad definitions are refused with reasons; a manager may not', async () => {
    await defineDealFields();
    expect(defs().map((d) => d.type)).toEqual(['string', 'text', 'number', 'money', 'date', 'datetime', 'boolean', 'list', 'multi', 'link', 'link']);
    const page = await admin.get('/settings/fields');
    expect(page.text).toContain('Артикул');
    expect(page.text).toContain('<code>call_at</code>');

    const noOptions = await define('deal', 'Size', 'list');
    expect(noOptions.status).toBe(422);
    expect(noOptions.text).toContain('Give at least one option.');
    const taken = await define('deal', 'Again', 'string', { code: 'sku' });
    expect(taken.text).toContain('This code is already used by another field of this entity.');
    const badCode = await define('deal', 'Bad', 'string', { code: '9 lives' });
    expect(badCode.text).toContain('Use Latin letters, digits and &#34;_&#34;');
    expect((await define('deal', 'No target', 'link')).text).toContain('Please fill this in.');
    expect((await define('deal', '', 'string')).status).toBe(422);
    // A code is made from the label when none is typed (Cyrillic transliterated).
    await define('lead', 'Расчётный счёт', 'string');
    expect(server.ctx.db.all(sql`SELECT code FROM custom_fields WHERE entity = 'lead'`)).toEqual([{ code: 'raschetnyy_schet' }]);

    await addUser(server.ctx, { email: 'maria@example.com', password: 'Maria-pass-12', fullName: 'Maria' });
    const manager = new Client(server.url);
    await manager.signIn('maria@example.com', 'Maria-pass-12');
    expect((await manager.get('/settings/fields')).status).toBe(403);
    expect((await manager.post('/settings/fields', { entity: 'deal', label: 'X', type: 'string' })).status).toBe(403);
  });

  it('renames an option keeping the values, reorders, deletes only a field without values, deactivates the rest', async () => {
    const { region } = await defineDealFields();
    await admin.get('/deals/new');
    const id = idOf(await admin.post('/deals', dealForm({ cf_region: region.North! })));
    const regionDef = defs().find((d) => d.code === 'region')!;
    await admin.get(`/settings/fields/${regionDef.id}`);
    await admin.post(`/settings/fields/${regionDef.id}`, { label: 'Area', [`option_${region.North}`]: 'Nord', [`option_${region.South}`]: 'South', newOptions: 'East' });
    expect(customOf('deals', id).region).toBe(Number(region.North));
    const shown = (await admin.get(`/deals/${id}`)).text;
    expect(shown).toContain('<dt>Area</dt>');
    expect(shownValue(shown, 'cf_region')).toBe('Nord');

    await admin.post(`/settings/fields/${regionDef.id}/move`, { direction: 'up' });
    expect(defs().map((d) => d.code).indexOf('region')).toBe(6);

    const refused = await admin.post(`/settings/fields/${regionDef.id}/delete`, {});
    expect(refused.status).toBe(303);
    expect(defs().some((d) => d.code === 'region')).toBe(true);
    expect((await admin.get('/settings/fields')).text).toContain('Records hold values of this field: deactivate it instead.');
    await admin.post(`/settings/fields/${regionDef.id}/active`, { active: '0' });
    expect((await admin.get(`/deals/${id}`)).text).not.toContain('Nord');
    // Editing the deal keeps the value of the inactive field.
    await admin.get(`/deals/${id}/edit`);
    await admin.post(`/deals/${id}`, dealForm({ title: 'Другая' }));
    expect(customOf('deals', id).region).toBe(Number(region.North));

    const unused = defs().find((d) => d.code === 'notes')!;
    await admin.post(`/settings/fields/${unused.id}/delete`, {});
    expect(defs().some((d) => d.code === 'notes')).toBe(false);
  });
});

describe('values in records', () => {
  it('saves a deal with a value of every type, shows them, records history; bad values are refused by type in both languages, nothing saved', async () => {
    const { region, channels } = await defineDealFields();
    await admin.get('/companies/new');
    const partner = idOf(await admin.post('/companies', { title: 'ООО Партнёр', responsibleId: '1' }));
    await admin.get('/deals/new');
    const bad = await admin.post('/deals', dealForm({ cf_units: 'many', 'cf_budget[amount]': '12,34,5', 'cf_budget[currency]': 'RUB', cf_delivery: '2026-02-30', cf_call_at: 'tomorrow', cf_region: '999', cf_curator: '77', cf_partner: '99999' }));
    expect(bad.status).toBe(422);
    for (const message of ['Enter a number, e.g. 12 or 3.5.', 'Enter an amount, e.g. 1,234.50.', 'Enter a date as DD/MM/YYYY.', 'Enter a date and time as DD/MM/YYYY HH:MM.', 'This value is not valid.']) expect(bad.text).toContain(message);
    expect(bad.text).toContain('value="many"');
    expect(server.ctx.db.all(sql`SELECT id FROM deals`)).toHaveLength(0);

    const made = await admin.post('/deals', dealForm({
      cf_sku: ' A-17 ', cf_notes: 'Line one', cf_units: '3,5', 'cf_budget[amount]': '1 234,50', 'cf_budget[currency]': 'usd', cf_delivery: '2026-03-10', cf_call_at: '2026-03-01T09:30',
      cf_urgent: '1', cf_region: region.South!, cf_channels: [channels.Web!, channels.Mail!], cf_curator: '1', cf_partner: String(partner),
    }));
    expect(made.status).toBe(303);
    const id = idOf(made);
    expect(customOf('deals', id)).toEqual({
      sku: 'A-17', notes: 'Line one', units: 3.5, budget: { amount: 123450, currency: 'USD' }, delivery: '2026-03-10', call_at: Date.UTC(2026, 2, 1, 6, 30),
      urgent: true, region: Number(region.South), channels: [Number(channels.Web), Number(channels.Mail)], curator: 1, partner,
    });
    const page = (await admin.get(`/deals/${id}`)).text;
    expect(shownValue(page, 'cf_budget')).toBe('US$1,234.50');
    expect(shownValue(page, 'cf_channels')).toBe('Web, Mail');
    expect(page).toContain(`<a href="/companies/${partner}">ООО Партнёр</a>`);
    expect(shownValue(page, 'cf_curator')).toBe('Анна Админова');
    expect(shownValue(page, 'cf_call_at')).toBe('1 Mar 2026, 09:30');
    expect(shownValue(page, 'cf_notes')).toBe('Line one');

    const edit = await admin.get(`/deals/${id}/edit`);
    expect(edit.text).toContain('name="cf_call_at" value="01/03/2026 09:30"');
    await admin.post(`/deals/${id}`, dealForm({ cf_sku: 'B-2', cf_region: region.North!, 'cf_budget[amount]': '1234.50', 'cf_budget[currency]': 'USD', cf_call_at: '2026-03-01T09:30', cf_partner: String(partner) }));
    const history = (await admin.get(`/deals/${id}`)).text;
    expect(history).toMatch(/<strong>Артикул<\/strong>: <span class="old">A-17<\/span> → <span class="new">B-2<\/span>/);
    expect(history).toMatch(/<strong>Region<\/strong>: <span class="old">South<\/span> → <span class="new">North<\/span>/);
    expect(history).toMatch(/<strong>Urgent<\/strong>: <span class="old">✓<\/span> → <span class="new">—<\/span>/);
    expect(history).not.toMatch(/<strong>Budget<\/strong>/);
  });

  it('a required field and a link out of the user\'s sight are refused, in Russian too', async () => {
    await define('contact', 'Паспорт', 'string', { code: 'passport', required: '1' });
    await define('contact', 'Компания-партнёр', 'link', { code: 'partner', target: 'company' });
    await admin.get('/companies/new');
    const hidden = idOf(await admin.post('/companies', { title: 'Чужая', responsibleId: '1' }));
    const maria = await addUser(server.ctx, { email: 'maria@example.com', password: 'Maria-pass-12', fullName: 'Maria' });
    server.ctx.db.run(sql`UPDATE users SET locale = 'ru' WHERE id = ${maria.id}`);
    const manager = new Client(server.url);
    await manager.signIn('maria@example.com', 'Maria-pass-12');
    await manager.get('/contacts/new');
    const refused = await manager.post('/contacts', { lastName: 'Петров', responsibleId: String(maria.id), cf_partner: String(hidden) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Заполните это поле.');
    expect(refused.text).toContain('Недопустимое значение.');
    expect(server.ctx.db.all(sql`SELECT id FROM contacts`)).toHaveLength(0);
    const saved = await manager.post('/contacts', { lastName: 'Петров', responsibleId: String(maria.id), cf_passport: '4510 123456' });
    expect(saved.status).toBe(303);
    expect(customOf('contacts', idOf(saved))).toEqual({ passport: '4510 123456' });
  });

  it('a quick form cannot leave a required field empty: the kanban quick-add opens the full form, the deal page\'s contact form refuses', async () => {
    await define('deal', 'Region', 'string', { code: 'region', required: '1' });
    await define('lead', 'Channel', 'string', { code: 'channel', required: '1' });
    await define('contact', 'Passport', 'string', { code: 'passport', required: '1' });

    await admin.get('/deals/kanban');
    const quick = await admin.post('/deals/quick', { title: 'Быстрая сделка', stageId: String(stage('Proposal')) });
    expect(quick.status).toBe(303);
    const full = await admin.get(quick.headers.get('location')!);
    expect(full.text).toContain('Fill in the required fields: Region.');
    expect(full.text).toContain('value="Быстрая сделка"');
    expect(full.text).toMatch(new RegExp(`<option value="${stage('Proposal')}" selected`));
    await admin.get('/leads/kanban');
    const status = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort LIMIT 1`)[0]!.id;
    const quickLead = await admin.post('/leads/quick', { title: 'Быстрый лид', statusId: String(status) });
    expect(quickLead.headers.get('location')).toBe(`/leads/new?status=${status}&title=${encodeURIComponent('Быстрый лид')}`);
    expect((await admin.get(quickLead.headers.get('location')!)).text).toContain('Fill in the required fields: Channel.');
    expect(server.ctx.db.all(sql`SELECT id FROM deals UNION ALL SELECT id FROM leads`)).toEqual([]);

    const deal = idOf(await admin.post('/deals', dealForm({ cf_region: 'North' })));
    await admin.get(`/deals/${deal}`);
    const contact = await admin.post(`/deals/${deal}/contacts`, { lastName: 'Сидоров' }, { 'HX-Request': 'true' });
    expect(contact.status).toBe(422);
    expect(contact.text).toContain('Contacts have required fields (Passport): add the contact with the full form.');
    expect(server.ctx.db.all(sql`SELECT id FROM contacts`)).toEqual([]);
  });
});

describe('in place', () => {
  it('a custom field is changed in place on the record page, with the full form\'s checks', async () => {
    const { region } = await defineDealFields();
    await admin.get('/deals/new');
    const id = idOf(await admin.post('/deals', dealForm({ cf_units: '2', cf_region: region.North! })));
    const page = (await admin.get(`/deals/${id}`)).text;
    expect(page).toContain(`href="/deals/${id}/fields/cf_units"`);
    const editor = await admin.get(`/deals/${id}/fields/cf_units`, { 'HX-Request': 'true' });
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('name="cf_units" value="2"');
    const bad = await admin.post(`/deals/${id}/fields/cf_units`, { cf_units: 'ten' }, { 'HX-Request': 'true' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a number, e.g. 12 or 3.5.');
    expect(customOf('deals', id).units).toBe(2);
    const saved = await admin.post(`/deals/${id}/fields/cf_units`, { cf_units: '10' }, { 'HX-Request': 'true' });
    expect(saved.status).toBe(200);
    expect(saved.text).toMatch(/<strong>Units<\/strong>: <span class="old">2<\/span> → <span class="new">10<\/span>/);
    expect(customOf('deals', id)).toEqual({ units: 10, region: Number(region.North) });
    // Without JavaScript: the field's own page, then back to the record.
    expect((await admin.get(`/deals/${id}/fields/cf_region`)).text).toContain('<h1>Region</h1>');
    const plain = await admin.post(`/deals/${id}/fields/cf_region`, { cf_region: region.South! });
    expect(plain.headers.get('location')).toBe(`/deals/${id}`);
    expect(customOf('deals', id).region).toBe(Number(region.South));
    expect((await admin.get(`/deals/${id}/fields/cf_nothing`)).status).toBe(404);

    // A link to a company is a picker: text typed there names the company.
    await admin.get('/companies/new');
    const partner = idOf(await admin.post('/companies', { title: 'ООО Партнёр', responsibleId: '1' }));
    await admin.get(`/deals/${id}`);
    const linked = await admin.post(`/deals/${id}/fields/cf_partner`, { cf_partner: '', cf_partner_q: 'Партнёр' }, { 'HX-Request': 'true' });
    expect(linked.status).toBe(200);
    expect(linked.text).toContain(`<a href="/companies/${partner}">ООО Партнёр</a>`);
    expect(customOf('deals', id).partner).toBe(partner);
  });
});

describe('lists', () => {
  it('shows a custom column, filters and sorts by custom fields', async () => {
    const { region } = await defineDealFields();
    await admin.get('/deals/new');
    await admin.post('/deals', dealForm({ title: 'Alpha', cf_units: '5', cf_region: region.North!, cf_sku: 'X-1', cf_urgent: '1' }));
    await admin.post('/deals', dealForm({ title: 'Beta', cf_units: '12', cf_region: region.South!, cf_sku: 'Y-2' }));
    await admin.post('/deals', dealForm({ title: 'Gamma', cf_units: '1', cf_region: region.North!, cf_sku: 'X-3' }));
    const titles = async (query: string) => [...(await admin.get(`/deals?${query}`)).text.matchAll(/<a href="\/deals\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!);

    expect(await titles(`f.cf_region=${region.North}&sort=title&dir=asc`)).toEqual(['Alpha', 'Gamma']);
    expect(await titles('f.cf_units.from=2&sort=title&dir=asc')).toEqual(['Alpha', 'Beta']);
    expect(await titles('f.cf_sku=x-&sort=title&dir=asc')).toEqual(['Alpha', 'Gamma']);
    expect(await titles('f.cf_urgent=yes')).toEqual(['Alpha']);
    expect(await titles('sort=cf_units&dir=asc')).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect(await titles('sort=cf_units&dir=desc')).toEqual(['Beta', 'Alpha', 'Gamma']);
    expect((await admin.get('/deals?f.cf_units.from=lots')).text).toContain('Units');

    await admin.get('/deals');
    await admin.post('/deals/columns', { cols: ['title', 'cf_region', 'cf_units'], back: '/deals' });
    const list = (await admin.get('/deals?sort=title&dir=asc')).text;
    expect(list).toMatch(/Region/);
    expect(list).toMatch(/<a href="\/deals\/\d+">Alpha<\/a><\/td><td>North/);
  });
});

describe('conversion and merge', () => {
  it('a converted lead\'s values go to the fields of the same code and type; list choices by option name', async () => {
    await define('lead', 'Бюджет', 'money', { code: 'budget' });
    await define('lead', 'Канал', 'list', { code: 'channel', newOptions: 'Сайт\nЗвонок' });
    await define('lead', 'Заметка', 'string', { code: 'note' });
    await define('deal', 'Budget', 'money', { code: 'budget' });
    await define('deal', 'Channel', 'list', { code: 'channel', newOptions: 'Выставка\nзвонок' });
    await define('contact', 'Note', 'text', { code: 'note' });
    const leadChannel = JSON.parse(server.ctx.db.all<{ options: string }>(sql`SELECT options FROM custom_fields WHERE entity = 'lead' AND code = 'channel'`)[0]!.options) as { id: number; label: string }[];
    await admin.get('/leads/new');
    const made = await admin.post('/leads', { title: 'Запрос', statusId: String(server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort`)[0]!.id), currency: 'RUB', responsibleId: '1', 'cf_budget[amount]': '500', cf_channel: String(leadChannel[1]!.id), cf_note: 'VIP' });
    expect(made.status).toBe(303);
    const id = idOf(made);
    await admin.get(`/leads/${id}`);
    await admin.post(`/leads/${id}/convert`, { contact: 'new', deal: '1' });
    const row = server.ctx.db.all<{ contact_id: number; deal_id: number }>(sql`SELECT contact_id, deal_id FROM leads WHERE id = ${id}`)[0]!;
    const dealChannel = JSON.parse(server.ctx.db.all<{ options: string }>(sql`SELECT options FROM custom_fields WHERE entity = 'deal' AND code = 'channel'`)[0]!.options) as { id: number; label: string }[];
    expect(customOf('deals', row.deal_id)).toEqual({ budget: { amount: 50000, currency: 'RUB' }, channel: dealChannel[1]!.id });
    // A string does not become a text field: the types differ.
    expect(customOf('contacts', row.contact_id)).toEqual({});
    expect(shownValue((await admin.get(`/deals/${row.deal_id}`)).text, 'cf_channel')).toBe('звонок');
  });

  it('a conversion asks for the required fields of the new records that the lead leaves empty, and converts nothing until they are valid', async () => {
    await define('lead', 'Region', 'string', { code: 'region' });
    await define('deal', 'Region', 'string', { code: 'region', required: '1' });
    await define('deal', 'Units', 'number', { code: 'units', required: '1' });
    await define('company', 'ИНН клиента', 'string', { code: 'inn', required: '1' });
    await define('contact', 'Optional note', 'string', { code: 'note' });
    await admin.get('/leads/new');
    const status = String(server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses ORDER BY sort`)[0]!.id);
    const id = idOf(await admin.post('/leads', { title: 'Запрос', companyTitle: 'ООО Ромашка', statusId: status, currency: 'RUB', responsibleId: '1', cf_region: 'North' }));
    const page = (await admin.get(`/leads/${id}`)).text;
    // Region comes from the lead; Units and the company's ИНН are asked for; the optional field is not.
    expect(page).toContain('name="deal.cf_units"');
    expect(page).toContain('name="company.cf_inn"');
    expect(page).not.toContain('name="deal.cf_region"');
    expect(page).not.toContain('cf_note');

    const refused = await admin.post(`/leads/${id}/convert`, { contact: 'new', company: 'new', deal: '1', 'deal.cf_units': 'many' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('name="deal.cf_units" value="many"');
    expect(refused.text).toContain('id="f-company.cf_inn-error">Please fill this in.');
    expect(refused.text).toContain('id="f-deal.cf_units-error">Enter a number');
    expect(server.ctx.db.all(sql`SELECT id FROM deals UNION ALL SELECT id FROM companies UNION ALL SELECT id FROM contacts`)).toEqual([]);
    expect(server.ctx.db.all(sql`SELECT converted_at FROM leads`)).toEqual([{ converted_at: null }]);

    // Only the records being made are asked for: without a company, its ИНН is not needed.
    const done = await admin.post(`/leads/${id}/convert`, { contact: 'new', company: 'none', deal: '1', 'deal.cf_units': '3', 'company.cf_inn': '' });
    expect(done.status).toBe(303);
    const row = server.ctx.db.all<{ deal_id: number; company_id: number | null }>(sql`SELECT deal_id, company_id FROM leads WHERE id = ${id}`)[0]!;
    expect(row.company_id).toBeNull();
    expect(customOf('deals', row.deal_id)).toEqual({ region: 'North', units: 3 });
  });

  it('the merge offers differing custom values and keeps the chosen one', async () => {
    await define('contact', 'Passport', 'string', { code: 'passport' });
    await admin.get('/contacts/new');
    const kept = idOf(await admin.post('/contacts', { lastName: 'Петров', responsibleId: '1', cf_passport: '1111', saveAnyway: '1' }));
    await admin.get('/contacts/new');
    const other = idOf(await admin.post('/contacts', { lastName: 'Петров', responsibleId: '1', cf_passport: '2222', saveAnyway: '1' }));
    const page = await admin.get(`/duplicates/contact/${kept}/merge/${other}`);
    expect(page.text).toMatch(/<th scope="row">Passport<\/th>/);
    expect(page.text).toContain('name="pick[cf_passport]" value="other"');
    const merged = await admin.post(`/duplicates/contact/${kept}/merge/${other}`, { 'pick[cf_passport]': 'other' });
    expect(merged.status).toBe(303);
    expect(customOf('contacts', kept)).toEqual({ passport: '2222' });
    expect((await admin.get(`/contacts/${kept}`)).text).toMatch(/<strong>Passport<\/strong>: <span class="old">1111<\/span> → <span class="new">2222<\/span>/);
  });
});
