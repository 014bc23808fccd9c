import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import path from 'node:path';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { openDatabase } from '../../src/db/connection.js';
import { nextSeq } from '../../src/features/documents/queries.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const idFrom = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
const stage = () => server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
const doc = (id: number) => server.ctx.db.all<{ number: string; status: string; total: number; paid: number; deal: number | null; quote: number | null; requisites: string | null }>(
  sql`SELECT number, status, total_minor AS total, paid_minor AS paid, deal_id AS deal, quote_id AS quote, requisites FROM documents WHERE id = ${id}`,
)[0]!;
const row = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`rows[${i}][${k}]`, v]));

async function dealWithRows(client = admin, responsibleId = '1') {
  await client.get('/deals/new');
  const id = idFrom(await client.post('/deals', { title: 'Поставка', stageId: String(stage()), amount: '', currency: 'RUB', responsibleId }));
  await client.post(`/deals/${id}/products`, { ...row(0, { name: 'Сервер', quantity: '2', price: '50 000', vat: '2000', vatIncluded: '1' }), op: 'save' });
  return id;
}

describe('quotes and invoices', () => {
  it('makes an invoice from a deal with its rows, client and currency; numbers it by the template; the deal shows it and its history', async () => {
    await admin.get('/settings/seller');
    await admin.post('/settings/seller', { invoiceTemplate: 'СЧ-{YYYY}-{N:3}', quoteTemplate: 'КП-{N}', dueDays: '3' });
    const dealId = await dealWithRows();
    await admin.get(`/deals/${dealId}`);
    const made = await admin.post(`/deals/${dealId}/documents`, { kind: 'invoice' });
    expect(made.headers.get('location')).toMatch(/^\/invoices\/\d+$/);
    const id = idFrom(made);
    const year = new Date().getFullYear();
    expect(doc(id)).toMatchObject({ number: `СЧ-${year}-001`, status: 'draft', total: 10000000, deal: dealId });
    expect(server.ctx.db.all(sql`SELECT name, total_minor AS t FROM product_rows WHERE entity = 'invoice' AND entity_id = ${id}`)).toEqual([{ name: 'Сервер', t: 10000000 }]);
    const second = idFrom(await admin.post(`/deals/${dealId}/documents`, { kind: 'invoice' }));
    expect(doc(second).number).toBe(`СЧ-${year}-002`);

    const page = await admin.get(`/invoices/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/RUB\s100,000\.00/);
    const dealPage = await admin.get(`/deals/${dealId}`);
    expect(dealPage.text).toContain(`Invoice СЧ-${year}-001`);
    expect(dealPage.text).toContain(`Invoice СЧ-${year}-001 made`);

    // Statuses: sent freezes the requisites; payments make it partly paid, then paid; the deal's history says so.
    await admin.post(`/invoices/${id}/status`, { status: 'sent' });
    expect(doc(id).status).toBe('sent');
    expect(JSON.parse(doc(id).requisites!).seller.name).toBe('ООО Вектор');
    expect((await admin.post(`/invoices/${id}/status`, { status: 'paid' })).status).toBe(422);
    await admin.post(`/invoices/${id}/payments`, { paidOn: '2026-03-01', amount: '40 000' });
    expect(doc(id)).toMatchObject({ status: 'partly_paid', paid: 4000000 });
    const bad = await admin.post(`/invoices/${id}/payments`, { paidOn: '2026-03-01', amount: '-5' });
    expect(bad.status).toBe(303);
    expect(doc(id).paid).toBe(4000000);
    await admin.post(`/invoices/${id}/paid`, {});
    expect(doc(id)).toMatchObject({ status: 'paid', paid: 10000000 });
    expect((await admin.get(`/invoices/${id}/products`)).status).toBe(409);
    const history = (await admin.get(`/deals/${dealId}`)).text;
    expect(history).toContain(`Invoice СЧ-${year}-001: Partly paid`);
    expect(history).toContain(`Invoice СЧ-${year}-001: Paid`);
    expect(history).toMatch(/Payment of RUB\s40,000\.00 on invoice/);
    const paymentId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM payments WHERE document_id = ${id} ORDER BY id LIMIT 1`)[0]!.id;
    await admin.get(`/invoices/${id}`);
    await admin.post(`/invoices/${id}/payments/${paymentId}/delete`, {});
    expect(doc(id)).toMatchObject({ status: 'partly_paid', paid: 6000000 });
  });

  it('an invoice made from a quote keeps the link; one is made by hand too; a sent invoice past its due day is marked overdue', async () => {
    const dealId = await dealWithRows();
    await admin.get(`/deals/${dealId}`);
    const quote = idFrom(await admin.post(`/deals/${dealId}/documents`, { kind: 'quote' }));
    expect(doc(quote).number).toMatch(/^Q-\d{4}-1$/);
    await admin.get(`/quotes/${quote}`);
    const invoice = idFrom(await admin.post(`/quotes/${quote}/invoice`, {}));
    expect(doc(invoice)).toMatchObject({ quote, deal: dealId, total: 10000000 });
    expect((await admin.get(`/invoices/${invoice}`)).text).toContain(`href="/quotes/${quote}"`);
    expect((await admin.get(`/quotes/${quote}`)).text).toContain(`href="/invoices/${invoice}"`);

    await admin.get(`/invoices/${invoice}/edit`);
    const late = { currency: 'RUB', issuedOn: '2026-01-10', dueOn: '2026-01-15', language: 'ru', layout: 'ru', responsibleId: '1' };
    const before = await admin.post(`/invoices/${invoice}`, { ...late, dueOn: '2026-01-01' });
    expect(before.status).toBe(422);
    expect(before.text).toContain('This day is before the document’s date.');
    await admin.post(`/invoices/${invoice}`, late);
    await admin.post(`/invoices/${invoice}/status`, { status: 'sent' });
    expect((await admin.get(`/invoices/${invoice}`)).text).toContain('badge badge-danger');
    const overdue = await admin.get('/invoices?f.overdue=yes');
    expect(overdue.text).toContain(doc(invoice).number);

    await admin.get('/invoices/new');
    const byHand = await admin.post('/invoices', { ...late, dueOn: '', notes: 'Основание: договор № 12' });
    expect(byHand.status).toBe(303);
    const handId = idFrom(byHand);
    expect(doc(handId)).toMatchObject({ status: 'draft', total: 0, deal: null });
    await admin.post(`/invoices/${handId}/products`, { ...row(0, { name: 'Консультация', quantity: '3', price: '1500', vat: '' }), op: 'save' });
    expect(doc(handId).total).toBe(450000);
  });

  it('numbers stay distinct when two are made at once, also from two connections', async () => {
    const dealId = await dealWithRows();
    await admin.get(`/deals/${dealId}`);
    const made = await Promise.all([1, 2, 3, 4].map(() => admin.post(`/deals/${dealId}/documents`, { kind: 'invoice' })));
    const numbers = made.map((res) => doc(idFrom(res)).number);
    expect(new Set(numbers).size).toBe(4);

    const other = openDatabase(path.join(server.ctx.config.dataDir, 'prosto.db'));
    const year = new Date().getFullYear();
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push(nextSeq(server.ctx.db, 'invoice', year), nextSeq(other.db, 'invoice', year));
    other.sqlite.close();
    expect(new Set(seqs).size).toBe(10);
    expect(Math.min(...seqs)).toBe(5);
  });

  it("rights: a manager sees and changes only their own quotes and invoices", async () => {
    await addUser(server.ctx, { email: 'anna@example.com', password: 'Pass-word-123', fullName: 'Anna' });
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Pass-word-123', fullName: 'Boris' });
    const anna = new Client(server.url);
    await anna.signIn('anna@example.com', 'Pass-word-123');
    const boris = new Client(server.url);
    await boris.signIn('boris@example.com', 'Pass-word-123');
    const annaId = String(server.ctx.db.all<{ id: number }>(sql`SELECT id FROM users WHERE email = 'anna@example.com'`)[0]!.id);
    const dealId = await dealWithRows(anna, annaId);
    await anna.get(`/deals/${dealId}`);
    const invoice = idFrom(await anna.post(`/deals/${dealId}/documents`, { kind: 'invoice' }));
    const number = doc(invoice).number;
    expect((await anna.get('/invoices')).text).toContain(number);

    expect((await boris.get('/invoices')).text).not.toContain(number);
    expect((await boris.get(`/invoices?q=${encodeURIComponent(number)}`)).text).not.toContain(`href="/invoices/${invoice}"`);
    for (const path of [`/invoices/${invoice}`, `/invoices/${invoice}/edit`, `/invoices/${invoice}/products`]) expect((await boris.get(path)).status, path).toBe(404);
    await boris.get('/invoices');
    for (const path of [`/invoices/${invoice}/status`, `/invoices/${invoice}/payments`, `/invoices/${invoice}/link`]) expect((await boris.post(path, { status: 'sent', paidOn: '2026-01-01', amount: '1' })).status, path).toBe(404);
    expect((await boris.post(`/deals/${dealId}/documents`, { kind: 'invoice' })).status).toBe(404);
    expect(doc(invoice)).toMatchObject({ status: 'draft', paid: 0 });
  });
});
