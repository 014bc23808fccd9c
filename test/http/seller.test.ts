import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4d70000000049454e44ae426082', 'hex');
const requisites = { legalName: 'ООО «Вектор»', inn: '7707083893', kpp: '773601001', ogrn: '1027700132195', bankName: 'ПАО Сбербанк', bik: '044525225', corrAccount: '30101810400000000225', account: '40702810938000000001', director: 'Иванов И. И.', accountant: 'Петрова А. А.', invoiceTemplate: 'СЧ-{YYYY}-{N}', quoteTemplate: 'КП-{YYYY}-{N}', dueDays: '5' };

describe('seller settings', () => {
  it('saves requisites and templates, names every mistake at once, and keeps the images', async () => {
    await admin.get('/settings/seller');
    const bad = await admin.post('/settings/seller', { ...requisites, inn: '123', bik: '04452522', account: '4070', invoiceTemplate: 'СЧ-{YYYY}', quoteTemplate: '{DD}-{N}' });
    expect(bad.status).toBe(422);
    for (const message of ['An INN has 10 digits', 'A BIK has 9 digits.', 'An account number has 20 digits.', 'Put the counter {N} in the template once', 'Only {YYYY}, {YY}, {MM}, {N}']) expect(bad.text).toContain(message);
    expect(bad.text).toContain('value="ООО «Вектор»"');

    expect((await admin.post('/settings/seller', { ...requisites, inn: '7707 0838 93' })).status).toBe(303);
    expect(server.ctx.db.all(sql`SELECT inn, invoice_template AS t, due_days AS d FROM seller_settings`)).toEqual([{ inn: '7707083893', t: 'СЧ-{YYYY}-{N}', d: 5 }]);

    await admin.get('/settings/seller');
    const form = new FormData();
    form.append('_csrf', admin.csrf);
    form.append('image', new Blob([new Uint8Array(PNG)]), 'stamp.png');
    const up = await fetch(`${server.url}/settings/seller/image?slot=stamp`, { method: 'POST', body: form, headers: { cookie: admin.cookieHeader() }, redirect: 'manual' });
    expect(up.status).toBe(303);
    expect((await admin.get('/settings/seller')).text).toContain('src="data:image/png;base64,');

    const noLink = await admin.post('/settings/seller/methods', { kind: 'link', name: 'Карта', url: 'javascript:alert(1)', active: '1' });
    expect(noLink.status).toBe(422);
    expect(noLink.text).toContain('Enter a web address starting with https://');
    expect((await admin.post('/settings/seller/methods', { kind: 'link', name: 'Оплатить картой', url: 'https://pay.example.com/vector', active: '1' })).status).toBe(303);
    expect((await admin.get('/settings/seller')).text).toContain('value="https://pay.example.com/vector"');

    await addUser(server.ctx, { email: 'mila@example.com', password: 'Pass-word-123', fullName: 'Mila' });
    const mila = new Client(server.url);
    await mila.signIn('mila@example.com', 'Pass-word-123');
    expect((await mila.get('/settings/seller')).status).toBe(403);
  });
});
