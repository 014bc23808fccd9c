import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const status = (name: string) => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM lead_statuses WHERE name = ${name}`)[0]!.id;
const lead = (over: Record<string, string> = {}) => ({
  title: 'КП на 20 ноутбуков',
  lastName: 'Кузнецова',
  firstName: 'Мария',
  companyTitle: 'ООО Ромашка',
  position: 'Закупщик',
  statusId: String(status('New')),
  amount: '450 000',
  currency: 'RUB',
  responsibleId: '1',
  comments: 'Просили доставку до пятницы',
  'comms[phone][0][type]': 'mobile',
  'comms[phone][0][value]': '+7 926 111-22-33',
  'comms[phone][1][type]': 'work',
  'comms[phone][1][value]': '8 (495) 222-33-44',
  'comms[email][0][type]': 'work',
  'comms[email][0][value]': 'maria@romashka.ru',
  ...over,
});

describe('leads', () => {
  it('converts a lead into a contact, a company and a deal carrying everything, with links both ways', async () => {
    await admin.get('/leads/new');
    const made = await admin.post('/leads', lead());
    expect(made.status).toBe(303);
    const id = Number(made.headers.get('location')!.split('/').pop());
    const page = await admin.get(`/leads/${id}`);
    expect(page.text).toContain('Convert the lead');

    const converted = await admin.post(`/leads/${id}/convert`, { contact: 'new', company: 'new', deal: '1' });
    expect(converted.status).toBe(303);
    const row = server.ctx.db.all<{ contact_id: number; company_id: number; deal_id: number; converted_at: number; status: string }>(
      sql`SELECT l.contact_id, l.company_id, l.deal_id, l.converted_at, s.name AS status FROM leads l JOIN lead_statuses s ON s.id = l.status_id WHERE l.id = ${id}`,
    )[0]!;
    expect(row.status).toBe('Converted');
    expect(converted.headers.get('location')).toBe(`/deals/${row.deal_id}`);

    const contact = await admin.get(`/contacts/${row.contact_id}`);
    expect(contact.text).toContain('Кузнецова Мария');
    expect(contact.text).toContain('+7 926 111-22-33');
    expect(contact.text).toContain('8 (495) 222-33-44');
    expect(contact.text).toContain('maria@romashka.ru');
    expect(contact.text).toContain('Просили доставку до пятницы');
    expect(contact.text).toContain(`Created by converting: <a href="/leads/${id}">lead #${id}</a>`);
    expect(contact.text).toContain(`href="/companies/${row.company_id}">ООО Ромашка</a>`);
    const deal = await admin.get(`/deals/${row.deal_id}`);
    expect(deal.text).toMatch(/RUB\s450,000\.00/);
    expect(deal.text).toContain(`href="/contacts/${row.contact_id}">Кузнецова Мария</a>`);
    const after = await admin.get(`/leads/${id}`);
    expect(after.text).toContain(`Converted into: <a href="/contacts/${row.contact_id}">contact #${row.contact_id}</a>, <a href="/companies/${row.company_id}">company #${row.company_id}</a>, <a href="/deals/${row.deal_id}">deal #${row.deal_id}</a>`);
    expect(after.text).not.toContain('Convert the lead');
    expect((await admin.post(`/leads/${id}/convert`, { contact: 'new' })).status).toBe(409);
  });

  it('offers to link a lead to the contact and company it matches instead of duplicating them', async () => {
    await admin.get('/leads/new');
    const first = Number((await admin.post('/leads', lead())).headers.get('location')!.split('/').pop());
    await admin.post(`/leads/${first}/convert`, { contact: 'new', company: 'new' });
    // The same person again: the duplicate warning is answered with "save anyway".
    const second = Number((await admin.post('/leads', lead({ title: 'Ещё 5 мониторов', 'comms[phone][0][value]': '8 926 1112233', 'comms[phone][1][value]': '', saveAnyway: '1' }))).headers.get('location')!.split('/').pop());
    const page = await admin.get(`/leads/${second}`);
    const existingContact = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM contacts`)[0]!.id;
    const existingCompany = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM companies`)[0]!.id;
    expect(page.text).toContain(`value="link:${existingContact}" checked`);
    expect(page.text).toContain(`value="link:${existingCompany}" checked`);
    await admin.post(`/leads/${second}/convert`, { contact: `link:${existingContact}`, company: `link:${existingCompany}`, deal: '1' });
    expect(server.ctx.db.all(sql`SELECT id FROM contacts`)).toHaveLength(1);
    expect(server.ctx.db.all(sql`SELECT id FROM companies`)).toHaveLength(1);
    expect(server.ctx.db.all(sql`SELECT contact_id AS c, company_id AS co FROM deals`)).toEqual([{ c: existingContact, co: existingCompany }]);
  });

  it('moves between statuses but reaches "converted" only by converting; refuses to convert into nothing', async () => {
    await admin.get('/leads/new');
    const id = Number((await admin.post('/leads', lead())).headers.get('location')!.split('/').pop());
    expect((await admin.post(`/leads/${id}/status`, { statusId: String(status('In progress')) }, { 'HX-Request': 'true' })).status).toBe(204);
    expect((await admin.post(`/leads/${id}/status`, { statusId: String(status('Converted')) })).status).toBe(422);
    const nothing = await admin.post(`/leads/${id}/convert`, { contact: 'none', company: 'none' });
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('Choose what the lead becomes');
    expect((await admin.get('/leads/kanban')).text).toContain('КП на 20 ноутбуков');
    expect((await admin.get(`/search?q=${encodeURIComponent('ноутбук')}`)).text).toContain('КП на 20 ноутбуков');
  });
});
