import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

/**
 * Bitrix24-compatible incoming webhooks, replayed from request shapes real integrations send. Where
 * each comes from (public sources, read through the project's search of public code and docs):
 *  - FORM_PHP: a PHP site form posting http_build_query() to crm.lead.add.json — repository
 *    Igor123fight/debet.by, php/contact-form1.php (EMAIL keyed "n0", params[REGISTER_SONET_EVENT]=Y);
 *  - DOCS_JSON: the official example of crm.lead.add — bitrix24/b24restdocs,
 *    api-reference/crm/leads/crm-lead-add.md (JSON, PHONE and WEB lists, OPPORTUNITY as a number),
 *    whose "Response Handling" gives the { result, time } answer and { error, error_description } errors;
 *  - DOCS_GET: the HTTPS example on dev.1c-bitrix.ru/rest_help/crm/leads/crm_lead_add.php — the
 *    fields in the query string of a GET (…/crm.lead.add.json?fields[NAME]=Василий&fields[SECOND_NAME]=Петрович…);
 *  - MAKE_JSON: the input a Make.com scenario sent, posted on community.make.com ("Bitrix24 create or
 *    update lead problems"): strings for ids, EMAIL/PHONE items with TYPE_ID, UF_CRM_* custom fields;
 *  - GET_JSON: gist vanholler/9963a5507d315dbb35793c179d06616f — curl …/crm.lead.get.json -d '{"id": 2}';
 *  - LIST_CREST: repository valuelink123/vl, public/crest_master/example/test.php — crm.lead.list with
 *    order { ID: DESC } and select [ID, TITLE, COMMENTS];
 *  - the list answer's shape (result, next, total, time) from b24restdocs crm-lead-list.md.
 */
let server: TestServer;
let admin: Client;
let token = '';

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

async function makeToken(userId: number, name = 'Site'): Promise<string> {
  await admin.get('/settings/integrations');
  const made = await admin.post('/settings/integrations', { name, userId: String(userId) });
  return /data-token>([^<]+)</.exec(made.text)![1]!;
}

beforeEach(async () => {
  token = await makeToken(1);
});

const rest = (method: string, init: { body?: string | URLSearchParams; json?: unknown; query?: string; user?: number; token?: string } = {}) => {
  const url = `${server.url}/rest/${init.user ?? 1}/${init.token ?? token}/${method}${init.query ? `?${init.query}` : ''}`;
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  const headers: Record<string, string> = init.json !== undefined ? { 'content-type': 'application/json' } : typeof init.body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {};
  return fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body }).then(async (res) => ({ status: res.status, json: (await res.json()) as Record<string, any> }));
};

const lead = (id: number) => server.ctx.db.all<Record<string, any>>(sql`SELECT * FROM leads WHERE id = ${id}`)[0]!;
const comms = (id: number, entity = 'lead') => server.ctx.db.all<{ kind: string; type: string; value: string }>(sql`SELECT kind, type, value FROM communications WHERE entity = ${entity} AND entity_id = ${id} ORDER BY kind, sort`);

describe('Bitrix24-compatible webhooks', () => {
  it('FORM_PHP: takes a PHP site form posted as http_build_query, and answers { result, time }', async () => {
    const body = 'fields%5BTITLE%5D=%D0%9B%D0%B8%D0%B4+%D1%81+%D0%BD%D0%B0%D1%88%D0%B5%D0%B3%D0%BE+%D1%81%D0%B0%D0%B9%D1%82%D0%B0&fields%5BNAME%5D=%D0%9C%D0%B5%D0%B3%D0%B0%D0%BD+%D0%A4%D0%BE%D0%BA%D1%81'
      + '&fields%5BEMAIL%5D%5Bn0%5D%5BVALUE%5D=megan%40example.com&fields%5BEMAIL%5D%5Bn0%5D%5BVALUE_TYPE%5D=WORK&fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B7+123+456-78-99&fields%5BPHONE%5D%5B0%5D%5BVALUE_TYPE%5D=MOBILE'
      + '&fields%5BCOMMENTS%5D=%D0%9A%D0%BE%D0%BC%D0%BC%D0%B5%D0%BD%D1%82%D0%B0%D1%80%D0%B8%D0%B9&params%5BREGISTER_SONET_EVENT%5D=Y';
    const res = await rest('crm.lead.add.json', { body });
    expect(res.status).toBe(200);
    expect(res.json.result).toEqual(expect.any(Number));
    expect(res.json.time).toMatchObject({ start: expect.any(Number), finish: expect.any(Number), duration: expect.any(Number), date_start: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/) });
    expect(lead(res.json.result)).toMatchObject({ title: 'Лид с нашего сайта', first_name: 'Меган Фокс', comments: 'Комментарий', responsible_id: 1 });
    expect(comms(res.json.result)).toEqual([{ kind: 'email', type: 'work', value: 'megan@example.com' }, { kind: 'phone', type: 'mobile', value: '+7 123 456-78-99' }]);
  });

  it('DOCS_JSON: takes the official JSON example, and crm.lead.get (GET_JSON) answers it in Bitrix24’s names', async () => {
    const add = await rest('crm.lead.add', {
      json: { fields: { TITLE: 'LLC Titov', NAME: 'Gleb', SECOND_NAME: 'Yegorovich', LAST_NAME: 'Titov', STATUS_ID: 'NEW', OPENED: 'Y', ASSIGNED_BY_ID: 1, CURRENCY_ID: 'USD', OPPORTUNITY: 12500, PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }], WEB: [{ VALUE: 'www.mysite.com', VALUE_TYPE: 'WORK' }] }, params: { REGISTER_SONET_EVENT: 'Y' } },
    });
    expect(add.status).toBe(200);
    const id = add.json.result as number;
    expect(lead(id)).toMatchObject({ title: 'LLC Titov', last_name: 'Titov', first_name: 'Gleb', middle_name: 'Yegorovich', currency: 'USD', amount_minor: 1_250_000, everyone: 1 });
    const got = await rest('crm.lead.get.json', { json: { id } });
    expect(got.status).toBe(200);
    expect(got.json.result).toMatchObject({
      ID: String(id), TITLE: 'LLC Titov', NAME: 'Gleb', SECOND_NAME: 'Yegorovich', LAST_NAME: 'Titov', STATUS_ID: 'NEW', STATUS_SEMANTIC_ID: 'P',
      CURRENCY_ID: 'USD', OPPORTUNITY: '12500.00', OPENED: 'Y', HAS_PHONE: 'Y', HAS_EMAIL: 'N', ASSIGNED_BY_ID: '1',
      PHONE: [{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '555888', TYPE_ID: 'PHONE' }],
      WEB: [{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: 'www.mysite.com', TYPE_ID: 'WEB' }],
      DATE_CREATE: expect.stringMatching(/\+03:00$/),
    });
  });

  it('DOCS_GET: takes the fields in the query string of a GET', async () => {
    const query = 'fields[NAME]=Василий&fields[SECOND_NAME]=Петрович&fields[LAST_NAME]=Пупкин&fields[PHONE][0][VALUE]=%2B7 916 123-45-67&fields[PHONE][0][VALUE_TYPE]=WORK&fields[SOURCE_ID]=WEB&fields[UTM_SOURCE]=yandex';
    const res = await rest('crm.lead.add.json', { query: encodeURI(query).replace(/%25/g, '%') });
    expect(res.status).toBe(200);
    const id = res.json.result as number;
    const website = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM reference_items WHERE list = 'source' AND name = 'Website'`)[0]!.id;
    expect(lead(id)).toMatchObject({ title: 'Василий Пупкин', first_name: 'Василий', middle_name: 'Петрович', last_name: 'Пупкин', source_id: website });
    expect(comms(id)).toEqual([{ kind: 'phone', type: 'work', value: '+7 916 123-45-67' }]);
    expect(server.ctx.db.all(sql`SELECT channel, source_name, utm_source FROM record_origins`)).toEqual([{ channel: 'rest', source_name: 'Site', utm_source: 'yandex' }]);
    // Its responsible hears of it though the webhook acts as them.
    expect(server.ctx.db.all(sql`SELECT user_id, kind FROM notifications`)).toEqual([{ user_id: 1, kind: 'captured' }]);
  });

  it('MAKE_JSON: maps UF_CRM_* to custom fields by code, takes string ids, leaves an unknown source out', async () => {
    await admin.get('/settings/fields');
    await admin.post('/settings/fields', { entity: 'lead', label: 'Order number', code: 'order_no', type: 'string' });
    const code = server.ctx.db.all<{ code: string }>(sql`SELECT code FROM custom_fields`)[0]!.code;
    const res = await rest('crm.lead.add.json', {
      json: { fields: { NAME: 'Test lead', EMAIL: [{ VALUE: 'lead@example.com', TYPE_ID: 'EMAIL', VALUE_TYPE: 'WORK' }], PHONE: [{ VALUE: '+49 30 1234567', TYPE_ID: 'PHONE', VALUE_TYPE: 'WORK' }], COMMENTS: 'test', LAST_NAME: 'Lead', ORIGIN_ID: 'iD 456789', SOURCE_ID: '10', STATUS_ID: 'NEW', COMPANY_TITLE: 'test company', ASSIGNED_BY_ID: '1', [`UF_CRM_${code.toUpperCase()}`]: '456789', UF_CRM_1549442019: '1340', SOURCE_DESCRIPTION: ' ' } },
    });
    expect(res.status).toBe(200);
    const row = lead(res.json.result);
    expect(row).toMatchObject({ first_name: 'Test lead', last_name: 'Lead', company_title: 'test company', source_id: null });
    expect(JSON.parse(row.custom)).toEqual({ [code]: '456789' });
    const got = await rest('crm.lead.get', { json: { id: res.json.result } });
    expect(got.json.result[`UF_CRM_${code.toUpperCase()}`]).toBe('456789');
  });

  it('LIST_CREST: lists leads with order, select, filter and paging by 50, within the token user’s rights', async () => {
    for (let i = 1; i <= 52; i++) await rest('crm.lead.add', { json: { fields: { TITLE: `Lead ${i}`, COMMENTS: `c${i}`, PHONE: i === 7 ? '8 (916) 700-00-07' : undefined } } });
    const list = await rest('crm.lead.list', { json: { order: { ID: 'DESC' }, select: ['ID', 'TITLE', 'COMMENTS'] } });
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ total: 52, next: 50, time: expect.any(Object) });
    expect(list.json.result).toHaveLength(50);
    expect(Object.keys(list.json.result[0])).toEqual(['ID', 'TITLE', 'COMMENTS']);
    expect(list.json.result[0]).toMatchObject({ TITLE: 'Lead 52', COMMENTS: 'c52' });
    const second = await rest('crm.lead.list', { json: { order: { ID: 'DESC' }, start: 50 } });
    expect(second.json.result.map((l: { TITLE: string }) => l.TITLE)).toEqual(['Lead 2', 'Lead 1']);
    expect(second.json.next).toBeUndefined();
    const byPhone = await rest('crm.lead.list', { query: 'filter[PHONE]=%2B79167000007&select[]=ID&select[]=TITLE' });
    expect(byPhone.json).toMatchObject({ total: 1, result: [{ TITLE: 'Lead 7' }] });
    const like = await rest('crm.lead.list', { json: { filter: { '%TITLE': 'Lead 5', '!STATUS_ID': 'CONVERTED' } } });
    expect(like.json.result.map((l: { TITLE: string }) => l.TITLE)).toEqual(['Lead 5', 'Lead 50', 'Lead 51', 'Lead 52']);
    const refused = await rest('crm.lead.list', { json: { filter: { UF_CRM_NOPE: 1 } } });
    expect(refused).toMatchObject({ status: 400, json: { error: 'INVALID_ARG_VALUE', error_description: expect.stringContaining('UF_CRM_NOPE') } });

    // A manager's token sees only the manager's leads.
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna' });
    const annaToken = await makeToken(anna.id, 'Anna site');
    const own = await rest('crm.lead.add', { user: anna.id, token: annaToken, json: { fields: { TITLE: 'Anna’s lead' } } });
    const hers = await rest('crm.lead.list', { user: anna.id, token: annaToken, json: {} });
    expect(hers.json).toMatchObject({ total: 1, result: [{ ID: String(own.json.result), TITLE: 'Anna’s lead', ASSIGNED_BY_ID: String(anna.id) }] });
    expect(await rest('crm.lead.get', { user: anna.id, token: annaToken, json: { id: 1 } })).toMatchObject({ status: 400, json: { error: 'NOT_FOUND', error_description: 'Not found' } });
    // Adding a lead for a colleague is beyond a manager's "add" scope.
    const outOfScope = await rest('crm.lead.add', { user: anna.id, token: annaToken, json: { fields: { TITLE: 'For the boss', ASSIGNED_BY_ID: 1 } } });
    expect(outOfScope).toMatchObject({ status: 400, json: { error: 'INVALID_ARG_VALUE', error_description: expect.stringContaining('ASSIGNED_BY_ID: ') } });
    expect(await rest('crm.deal.list', { user: anna.id, token: annaToken, query: 'filter[ID]=1' })).toMatchObject({ status: 200, json: { total: 0, result: [] } });
  });

  it('updates a lead: plain fields, a status by code, and phones by Bitrix24’s ID rules', async () => {
    const id = (await rest('crm.lead.add', { json: { fields: { TITLE: 'Old', PHONE: [{ VALUE: '+7 916 000-00-01', VALUE_TYPE: 'WORK' }, { VALUE: '+7 916 000-00-02', VALUE_TYPE: 'HOME' }] } } })).json.result as number;
    const phones = (await rest('crm.lead.get', { json: { id } })).json.result.PHONE as { ID: string }[];
    const res = await rest('crm.lead.update.json', { body: new URLSearchParams({ id: String(id), 'fields[TITLE]': 'New', 'fields[STATUS_ID]': 'IN_PROCESS', 'fields[PHONE][0][ID]': phones[0]!.ID, 'fields[PHONE][0][VALUE]': '+7 916 999-99-99', 'fields[PHONE][1][ID]': phones[1]!.ID, 'fields[PHONE][1][DELETE]': 'Y', 'fields[PHONE][2][VALUE]': '+7 495 111-11-11', 'fields[PHONE][2][VALUE_TYPE]': 'MOBILE' }) });
    expect(res).toMatchObject({ status: 200, json: { result: true } });
    const got = (await rest('crm.lead.get', { json: { id } })).json.result;
    expect(got).toMatchObject({ TITLE: 'New', STATUS_ID: 'IN_PROCESS' });
    expect(comms(id)).toEqual([{ kind: 'phone', type: 'work', value: '+7 916 999-99-99' }, { kind: 'phone', type: 'mobile', value: '+7 495 111-11-11' }]);
    const history = server.ctx.db.all<{ field: string; new_value: string }>(sql`SELECT field, new_value FROM history WHERE entity = 'lead' AND entity_id = ${id} AND kind = 'changed' ORDER BY id`);
    expect(history.map((h) => h.field)).toEqual(['title', 'status', 'phone']);
  });

  it('adds a contact and a deal for it, and lists deals with stage and pipeline codes', async () => {
    const contact = await rest('crm.contact.add.json', { json: { fields: { NAME: 'Maria', LAST_NAME: 'Kuznetsova', POST: 'Buyer', PHONE: [{ VALUE: '+7 916 123-45-67', VALUE_TYPE: 'MOBILE' }], EMAIL: [{ VALUE: 'maria@example.com', VALUE_TYPE: 'WORK' }] } } });
    expect(contact.status).toBe(200);
    const contactId = contact.json.result as number;
    expect(server.ctx.db.all(sql`SELECT full_name, position FROM contacts WHERE id = ${contactId}`)).toEqual([{ full_name: 'Kuznetsova Maria', position: 'Buyer' }]);
    const deal = await rest('crm.deal.add.json', { json: { fields: { TITLE: '20 laptops', STAGE_ID: 'PREPARATION', CATEGORY_ID: 0, OPPORTUNITY: '450000.50', CURRENCY_ID: 'RUB', CONTACT_ID: contactId, COMMENTS: 'By Friday' }, params: { REGISTER_SONET_EVENT: 'Y' } } });
    expect(deal.status).toBe(200);
    const row = server.ctx.db.all<Record<string, any>>(sql`SELECT d.*, s.name AS stage FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = ${deal.json.result}`)[0]!;
    expect(row).toMatchObject({ title: '20 laptops', amount_minor: 45_000_050, contact_id: contactId, stage: 'Qualification', comments: 'By Friday' });
    const listed = await rest('crm.deal.list', { json: { filter: { CONTACT_ID: contactId }, select: ['ID', 'TITLE', 'STAGE_ID', 'CATEGORY_ID', 'OPPORTUNITY'] } });
    expect(listed.json).toMatchObject({ total: 1, result: [{ ID: String(deal.json.result), TITLE: '20 laptops', STAGE_ID: 'PREPARATION', CATEGORY_ID: '0', OPPORTUNITY: '450000.50' }] });
    const won = await rest('crm.deal.add', { json: { fields: { TITLE: 'Won one', STAGE_ID: 'WON' } } });
    expect((await rest('crm.deal.list', { json: { filter: { STAGE_ID: 'WON' } } })).json.result.map((d: { ID: string }) => d.ID)).toEqual([String(won.json.result)]);
  });

  it('answers errors in Bitrix24’s shape: wrong credentials, unknown method, missing fields, bad values', async () => {
    expect(await rest('crm.lead.add', { token: 'wrong', json: { fields: { TITLE: 'x' } } })).toMatchObject({ status: 401, json: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' } });
    // The token is bound to user 1: another user id in the address does not open it.
    expect((await rest('crm.lead.add', { user: 2, json: { fields: { TITLE: 'x' } } })).status).toBe(401);
    expect(await rest('crm.lead.delete', { json: { id: 1 } })).toMatchObject({ status: 404, json: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
    expect(await rest('crm.lead.add', { json: { TITLE: 'fields missing' } })).toMatchObject({ status: 400, json: { error: 'INVALID_ARG_VALUE' } });
    expect(await rest('crm.lead.get', { json: {} })).toMatchObject({ status: 400, json: { error: 'INVALID_ARG_VALUE', error_description: expect.stringContaining('ID is not defined or invalid') } });
    const bad = await rest('crm.lead.add', { json: { fields: { TITLE: 'x', EMAIL: [{ VALUE: 'not an address' }] } } });
    expect(bad).toMatchObject({ status: 400, json: { error: 'INVALID_ARG_VALUE', error_description: expect.stringContaining('EMAIL: ') } });
    const unreadable = await fetch(`${server.url}/rest/1/${token}/crm.lead.add.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fields": {' });
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toMatchObject({ error: 'BAD_REQUEST' });
    expect(server.ctx.db.all(sql`SELECT id FROM leads`)).toEqual([]);
  });
});
