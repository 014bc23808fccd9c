import { describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createCompany } from '../../src/features/companies/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';

let server: TestServer;
let admin: Client;
const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);
const blankCompany = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

describe('contacts', () => {
  it('creates a contact in a company, finds it by name, company or phone fragment, and records changes', async () => {
    const vector = createCompany(server.ctx, asUser(1), { ...blankCompany, title: 'ООО Вектор', responsibleId: 1 });
    await admin.get(`/contacts/new?company=${vector.id}`);
    expect(admin.lastBody).toMatch(new RegExp(`<input type="checkbox" name="companyIds" value="${vector.id}" checked> ООО Вектор`));
    const bad = await admin.post('/contacts', { lastName: '', firstName: '', responsibleId: '1', companyIds: String(vector.id) });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Enter a last name or a first name.');

    const made = await admin.post('/contacts', {
      lastName: 'Петров',
      firstName: 'Иван',
      middleName: 'Сергеевич',
      position: 'Закупщик',
      responsibleId: '1',
      companyIds: String(vector.id),
      'comms[phone][0][type]': 'mobile',
      'comms[phone][0][value]': '8 (903) 555-12-34',
    });
    expect(made.status).toBe(303);
    const page = await admin.get(made.headers.get('location')!);
    expect(page.text).toContain('Петров Иван Сергеевич');
    expect(page.text).toContain(`href="/companies/${vector.id}">ООО Вектор</a>`);
    expect((await admin.get(`/companies/${vector.id}`)).text).toContain('Петров Иван Сергеевич');
    for (const q of ['петров', 'ИВАН', 'вектор', '555-12', '+7 903']) {
      expect([q, (await admin.get(`/contacts?q=${encodeURIComponent(q)}`)).text.includes('Петров Иван Сергеевич')]).toEqual([q, true]);
    }

    const id = made.headers.get('location')!.split('/').pop()!;
    await admin.get(`/contacts/${id}/edit`);
    expect((await admin.post(`/contacts/${id}`, { lastName: 'Петров', firstName: 'Иван', position: 'Директор', responsibleId: '1' })).status).toBe(303);
    const after = await admin.get(`/contacts/${id}`);
    expect(after.text).toMatch(/Position<\/strong>: <span class="old">Закупщик<\/span> → <span class="new">Директор<\/span>/);
    expect(after.text).toMatch(/Companies<\/strong>: <span class="old">ООО Вектор<\/span> → <span class="new">—<\/span>/);
  });

  it('a manager cannot link a contact to a company they cannot see, nor open a colleague\'s contact', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna' });
    const hidden = createCompany(server.ctx, asUser(1), { ...blankCompany, title: 'Hidden LLC', responsibleId: 1 });
    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    await a.get('/contacts/new');
    expect(a.lastBody).not.toContain('Hidden LLC');
    const res = await a.post('/contacts', { lastName: 'Сидоров', responsibleId: String(anna.id), companyIds: String(hidden.id) });
    expect(res.status).toBe(422);
    await admin.get('/contacts/new');
    const theirs = await admin.post('/contacts', { lastName: 'Админский', responsibleId: '1' });
    expect((await a.get(theirs.headers.get('location')!)).status).toBe(404);
    expect((await a.get('/contacts')).text).not.toContain('Админский');
  });
});
