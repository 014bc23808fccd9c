import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { createDepartment } from '../../src/features/departments/service.js';
import { createCompany } from '../../src/features/companies/service.js';
import { toCurrentUser } from '../../src/platform/auth/sessions.js';
import { findUser } from '../../src/features/users/queries.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const company = (over: Record<string, string | string[]> = {}) => ({
  title: 'ООО Вектор',
  typeId: '',
  industryId: '',
  responsibleId: '1',
  legalName: 'Общество с ограниченной ответственностью «Вектор»',
  taxId: '7701234567',
  kpp: '770101001',
  'comms[phone][0][type]': 'work',
  'comms[phone][0][value]': '+7 (916) 123-45-67',
  'comms[phone][1][type]': 'mobile',
  'comms[phone][1][value]': '8 495 000 11 22',
  'comms[email][0][type]': 'work',
  'comms[email][0][value]': 'Info@Vector.ru',
  ...over,
});

const asUser = (id: number) => toCurrentUser(server.ctx.db, findUser(server.ctx.db, id)!);

describe('companies', () => {
  it('validates everything first, then creates with requisites and two phones; history and search follow', async () => {
    await admin.get('/companies/new');
    const bad = await admin.post('/companies', company({ title: '', taxId: '12345', 'comms[phone][1][value]': 'call me' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Please fill this in.');
    expect(bad.text).toContain('Digits only, of the right length.');
    expect(bad.text).toContain('does not look like a phone number');
    expect(bad.text).toContain('value="Info@Vector.ru"');
    expect(server.ctx.db.all(sql`SELECT * FROM companies`)).toEqual([]);

    const made = await admin.post('/companies', company());
    expect(made.status).toBe(303);
    const page = await admin.get(made.headers.get('location')!);
    expect(page.text).toContain('Company ООО Вектор was created.');
    expect(page.text).toContain('+7 (916) 123-45-67');
    expect(page.text).toContain('7701234567');
    expect(page.text).toContain('Created');
    const normalized = server.ctx.db.all<{ normalized: string }>(sql`SELECT normalized FROM communications ORDER BY sort`).map((r) => r.normalized);
    expect(normalized).toEqual(['79161234567', '74950001122', 'info@vector.ru']);

    for (const q of ['916-123', '91612', '(495) 000', 'вектор', 'ВЕКТ', 'info@vector', '7701234']) {
      const found = await admin.get(`/companies?q=${encodeURIComponent(q)}`);
      expect([q, found.text.includes('>ООО Вектор</a>')]).toEqual([q, true]);
    }
    expect((await admin.get('/companies?q=вектр')).text).toContain('Nothing matches');
    expect((await admin.get('/companies?q=ве')).text).toContain('Type at least 3 characters');

    const id = Number(made.headers.get('location')!.split('/').pop());
    await admin.get(`/companies/${id}/edit`);
    expect((await admin.post(`/companies/${id}`, company({ title: 'ООО Вектор Плюс', 'comms[phone][1][value]': '' }))).status).toBe(303);
    const after = await admin.get(`/companies/${id}`);
    expect(after.text).toMatch(/Name<\/strong>: <span class="old">ООО Вектор<\/span> → <span class="new">ООО Вектор Плюс<\/span>/);
    expect(after.text).toMatch(/Phone<\/strong>: <span class="old">\+7 \(916\) 123-45-67, 8 495 000 11 22<\/span> → <span class="new">\+7 \(916\) 123-45-67<\/span>/);
    expect((await admin.get('/companies?q=495000')).text).toContain('Nothing matches');

    expect((await admin.post(`/companies/${id}/delete`, {})).status).toBe(303);
    expect((await admin.get(`/companies/${id}`)).status).toBe(404);
    expect((await admin.get('/companies?q=вектор')).text).toContain('Nothing matches');
  });

  it('pages by key through hundreds of companies without repeating or skipping', async () => {
    const user = asUser(1);
    for (let i = 0; i < 120; i++) {
      createCompany(server.ctx, user, { title: `Компания ${String(i % 7)}`, typeId: null, industryId: null, responsibleId: 1, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] });
    }
    const seen: string[] = [];
    let url: string | null = '/companies?sort=title&dir=desc';
    let pages = 0;
    while (url) {
      const res = await admin.get(url);
      seen.push(...[...res.text.matchAll(/href="\/companies\/(\d+)"/g)].map((m) => m[1]!));
      url = /<a class="btn btn-small" href="([^"]+)"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&') ?? null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
  });

  it('managers see and open only their own companies; a head sees the department; others get 404', async () => {
    const sales = createDepartment(server.ctx, { name: 'Sales', parentId: null, headUserId: null });
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-12', fullName: 'Anna', departmentIds: [sales.id] });
    const boris = await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-12', fullName: 'Boris' });
    await addUser(server.ctx, { email: 'head@example.com', password: 'Head-pass-123', fullName: 'Head', role: 'head', departmentIds: [sales.id] });
    const base = { typeId: null, industryId: null, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] };
    const annas = createCompany(server.ctx, asUser(anna.id), { ...base, title: 'Annas client', responsibleId: anna.id });
    const boriss = createCompany(server.ctx, asUser(boris.id), { ...base, title: 'Boriss client', responsibleId: boris.id });
    expect(() => createCompany(server.ctx, asUser(anna.id), { ...base, title: 'For Boris', responsibleId: boris.id })).toThrow();

    const a = new Client(server.url);
    await a.signIn('anna@example.com', 'Anna-pass-12');
    const list = await a.get('/companies');
    expect(list.text).toContain('Annas client');
    expect(list.text).not.toContain('Boriss client');
    expect((await a.get(`/companies/${boriss.id}`)).status).toBe(404);
    expect((await a.get(`/companies/${boriss.id}/edit`)).status).toBe(404);
    expect((await a.post(`/companies/${boriss.id}/delete`, {})).status).toBe(404);
    expect((await a.get(`/companies?q=${encodeURIComponent('Boriss')}`)).text).not.toContain('Boriss client');
    expect((await a.post(`/companies/${annas.id}/delete`, {})).status).toBe(403);

    const h = new Client(server.url);
    await h.signIn('head@example.com', 'Head-pass-123');
    const headList = await h.get('/companies');
    expect(headList.text).toContain('Annas client');
    expect(headList.text).not.toContain('Boriss client');
  });
});

describe('recycle bin', () => {
  it('an administrator restores a deleted company with its history; managers cannot open the bin', async () => {
    const c = createCompany(server.ctx, asUser(1), { title: 'Удалённая', typeId: null, industryId: null, responsibleId: 1, legalName: null, taxId: null, kpp: null, ogrn: null, bankName: null, bankBik: null, bankAccount: null, corrAccount: null, legalAddress: null, address: null, comments: null, comms: [] });
    await admin.get(`/companies/${c.id}`);
    await admin.post(`/companies/${c.id}/delete`, {});
    const bin = await admin.get('/settings/recycle-bin');
    expect(bin.text).toContain('Удалённая');
    const restored = await admin.post('/settings/recycle-bin/restore', { entity: 'company', id: String(c.id) });
    expect(restored.headers.get('location')).toBe(`/companies/${c.id}`);
    const page = await admin.get(`/companies/${c.id}`);
    expect(page.text).toContain('Restored from the recycle bin');
    expect(page.text).toContain('Deleted (moved to the recycle bin)');
    expect((await admin.get('/companies?q=удалён')).text).toContain('Удалённая');
    expect((await admin.get('/settings/recycle-bin')).text).toContain('The recycle bin is empty.');
    await addUser(server.ctx, { email: 'm@example.com', password: 'Manager-pass-1', fullName: 'M' });
    const m = new Client(server.url);
    await m.signIn('m@example.com', 'Manager-pass-1');
    expect((await m.get('/settings/recycle-bin')).status).toBe(403);
  });
});
