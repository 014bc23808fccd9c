import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';
import { createCompany } from '../../src/features/companies/service.js';
import { createContact } from '../../src/features/contacts/service.js';

let server: TestServer;
let admin: Client;
let anna: Client;
let annaId: number;

const HX = { 'HX-Request': 'true' };
const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
const blankContact = { middleName: null, position: null, typeId: null, sourceId: null, birthday: null, companyIds: [], comments: null };

beforeEach(async () => {
  server = await startTestServer();
  await setUpCompany(server.ctx);
  admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  await admin.get('/');
  annaId = (await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' })).id;
  anna = new Client(server.url);
  await anna.signIn('anna@example.com', 'Anna-pass-12');
  await anna.get('/');
  const root = toCurrentUser(server.ctx.db, findUser(server.ctx.db, 1)!);
  createCompany(server.ctx, root, { ...blankCompany, title: 'ООО Вектор', taxId: '7701234567', responsibleId: annaId });
  createCompany(server.ctx, root, { ...blankCompany, title: 'АО Вектор-Плюс', responsibleId: 1 });
  createCompany(server.ctx, root, { ...blankCompany, title: 'ИП Сидоров', responsibleId: annaId });
  createContact(server.ctx, root, { ...blankContact, lastName: 'Иванова', firstName: 'Мария', responsibleId: annaId, comms: [{ kind: 'phone', type: 'mobile', value: '+7 916 123-45-67' }] });
  createContact(server.ctx, root, { ...blankContact, lastName: 'Иванов', firstName: 'Олег', responsibleId: 1, comms: [] });
});
afterEach(() => server.close());

const offered = (html: string) => [...html.matchAll(/value="(\d+)"> ([^<]+)/g)].map((m) => m[2]!.trim());
const stage = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;

describe('searchable pickers', () => {
  it('offer only the records the user may read, matched by a fragment of a name, tax ID or phone', async () => {
    const scenarios: { who: Client; path: string; shows: string[] }[] = [
      { who: admin, path: '/pickers/company?name=companyId&companyId_q=ектор', shows: ['АО Вектор-Плюс', 'ООО Вектор'] },
      { who: anna, path: '/pickers/company?name=companyId&companyId_q=ектор', shows: ['ООО Вектор'] },
      { who: anna, path: '/pickers/company?name=companyId&companyId_q=012345', shows: ['ООО Вектор'] },
      { who: admin, path: '/pickers/contact?name=contactId&contactId_q=Иванов', shows: ['Иванов Олег', 'Иванова Мария'] },
      { who: anna, path: '/pickers/contact?name=contactId&contactId_q=Иванов', shows: ['Иванова Мария'] },
      { who: anna, path: '/pickers/contact?name=contactId&contactId_q=916 123', shows: ['Иванова Мария'] },
      { who: anna, path: '/pickers/contact?name=contactId&contactId_q=Олег', shows: [] },
    ];
    for (const s of scenarios) {
      const res = await s.who.get(s.path, HX);
      expect(res.status, s.path).toBe(200);
      expect(offered(res.text).sort(), s.path).toEqual(s.shows.sort());
    }
    const several = await admin.get('/pickers/company?name=companyIds&multiple=1&companyIds_q=Вектор', HX);
    expect(several.text).toContain('type="checkbox" name="companyIds"');
    // Those already chosen (sent along by the picker) are not offered again.
    const vector = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM companies WHERE title = 'ООО Вектор'`)[0]!.id;
    expect(offered((await admin.get(`/pickers/company?name=companyIds&multiple=1&companyIds_q=Вектор&companyIds=${vector}`, HX)).text)).toEqual(['АО Вектор-Плюс']);
    expect((await admin.get('/pickers/company?name=companyId&companyId_q=ек', HX)).text).toContain('Type at least 3 characters to search.');
    expect((await admin.get('/pickers/deal?name=x&x_q=что-то', HX)).status).toBe(404);
  });

  it('the deal form picks by text without JavaScript: one visible match is taken, several or none are refused', async () => {
    await anna.get('/deals/new');
    expect(anna.lastBody).toContain('hx-get="/pickers/company?name=companyId&amp;multiple=0"');
    expect(anna.lastBody).not.toContain('АО Вектор-Плюс');
    const base = { title: 'Поставка', stageId: String(stage()), amount: '10', currency: 'RUB', responsibleId: String(annaId) };

    // Both companies match for the administrator; Anna sees only hers, so for her the text is unambiguous.
    await admin.get('/deals/new');
    const ambiguous = await admin.post('/deals', { ...base, responsibleId: '1', companyId_q: 'Вектор' });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.text).toContain('Several records match &#34;Вектор&#34;');
    expect(offered(ambiguous.text)).toEqual(expect.arrayContaining(['АО Вектор-Плюс', 'ООО Вектор']));

    const none = await anna.post('/deals', { ...base, contactId_q: 'Олег' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Nothing you may see matches &#34;Олег&#34;.');

    const made = await anna.post('/deals', { ...base, companyId_q: 'Вектор', contactId_q: 'Иванова' });
    expect(made.status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT c.title AS company, p.full_name AS contact FROM deals d JOIN companies c ON c.id = d.company_id JOIN contacts p ON p.id = d.contact_id`)).toEqual([
      { company: 'ООО Вектор', contact: 'Иванова Мария' },
    ]);
  });

  it("links a contact to companies by the picker, never to one the user cannot see", async () => {
    const ids = Object.fromEntries(server.ctx.db.all<{ id: number; title: string }>(sql`SELECT id, title FROM companies`).map((c) => [c.title, c.id]));
    await anna.get('/contacts/new');
    const made = await anna.post('/contacts', { lastName: 'Смирнов', responsibleId: String(annaId), companyIds: String(ids['ООО Вектор']), companyIds_q: 'Сидоров' });
    expect(made.status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT c.title FROM contact_companies cc JOIN companies c ON c.id = cc.company_id ORDER BY c.title`)).toEqual([{ title: 'ИП Сидоров' }, { title: 'ООО Вектор' }]);
    const refused = await anna.post('/contacts', { lastName: 'Кузнецов', responsibleId: String(annaId), companyIds: String(ids['АО Вектор-Плюс']) });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('This value is not valid.');
  });
});
