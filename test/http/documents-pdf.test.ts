import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { tempDir } from '../support/context.js';
import type { TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const idFrom = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
const row = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`rows[${i}][${k}]`, v]));

/** The PDF's text as poppler's pdftotext reads it back. */
function textOf(pdf: Buffer): string {
  const file = path.join(tempDir('prosto-pdf-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\u00a0|\u202f/g, ' ');
}

async function invoice() {
  await admin.get('/settings/seller');
  await admin.post('/settings/seller', {
    legalName: 'ООО «Вектор»', inn: '7707083893', kpp: '773601001', bankName: 'ПАО Сбербанк', bik: '044525225', corrAccount: '30101810400000000225',
    account: '40702810938000000001', director: 'Иванов И. И.', accountant: 'Петрова А. А.', invoiceTemplate: 'СЧ-{YYYY}-{N}', quoteTemplate: 'КП-{N}', dueDays: '5',
  });
  await admin.get('/companies/new');
  const company = idFrom(await admin.post('/companies', { title: 'Ромашка', legalName: 'ООО «Ромашка»', taxId: '5001234567', kpp: '500101001', responsibleId: '1' }));
  const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  await admin.get('/deals/new');
  const deal = idFrom(await admin.post('/deals', { title: 'Поставка', stageId: String(stageId), currency: 'RUB', responsibleId: '1', companyId: String(company) }));
  // 2 × 5 000,00 − 10 % = 9 000,00 and 3 345,67 with VAT 20 % included: 12 345,67 in all.
  await admin.post(`/deals/${deal}/products`, {
    ...row(0, { name: 'Монитор Samsung', quantity: '2', unitCode: '796', price: '5000', discount: '10', discountKind: 'percent', vat: '2000', vatIncluded: '1' }),
    ...row(1, { name: 'Настройка рабочего места', quantity: '1', unitCode: '356', price: '3345,67', vat: '2000', vatIncluded: '1' }),
    op: 'save',
  });
  await admin.get(`/deals/${deal}`);
  return idFrom(await admin.post(`/deals/${deal}/documents`, { kind: 'invoice' }));
}

describe('invoice PDF', () => {
  it('prints the Russian "Счёт на оплату" with both parties, VAT lines, the total and the amount in words', async () => {
    const id = await invoice();
    const res = await admin.get(`/invoices/${id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const number = server.ctx.db.all<{ n: string }>(sql`SELECT number AS n FROM documents WHERE id = ${id}`)[0]!.n;
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Счёт ${number}.pdf`)}`);
    const pdf = Buffer.from(await (await fetch(`${server.url}/invoices/${id}/pdf`, { headers: { cookie: admin.cookieHeader() } })).arrayBuffer());
    expect(execFileSync('pdffonts', ['-'], { input: pdf, encoding: 'utf8' })).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes/);
    const text = textOf(pdf);
    for (const expected of [
      `Счёт на оплату № ${number} от`, 'Банк получателя', 'ПАО Сбербанк', '044525225', '40702810938000000001', 'ИНН 7707083893', 'КПП 773601001',
      'Поставщик (Исполнитель):', 'ООО «Вектор»', 'Покупатель (Заказчик):', 'ООО «Ромашка», ИНН 5001234567, КПП 500101001',
      'Монитор Samsung', 'Настройка рабочего места', 'шт', 'ч', 'Итого:', 'В том числе НДС 20%:', '2 057,61', 'Всего к оплате:', '12 345,67',
      'Всего наименований 2, на сумму 12 345,67 руб.', 'Двенадцать тысяч триста сорок пять рублей 67 копеек', 'Руководитель', 'Иванов И. И.', 'Бухгалтер', 'Петрова А. А.',
    ]) expect(text).toContain(expected);
  });

  it('prints the international layout in English; the public link opens it signed out until it is revoked', async () => {
    const id = await invoice();
    await admin.get(`/invoices/${id}/edit`);
    const doc = server.ctx.db.all<{ issued: string; due: string; company: number }>(sql`SELECT issued_on AS issued, due_on AS due, company_id AS company FROM documents WHERE id = ${id}`)[0]!;
    await admin.post(`/invoices/${id}`, { currency: 'RUB', issuedOn: doc.issued, dueOn: doc.due, language: 'en', layout: 'intl', responsibleId: '1', companyId: String(doc.company) });
    const pdf = Buffer.from(await (await fetch(`${server.url}/invoices/${id}/pdf`, { headers: { cookie: admin.cookieHeader() } })).arrayBuffer());
    const text = textOf(pdf);
    for (const expected of ['Invoice СЧ-', 'Bill to', 'ООО «Ромашка»', 'Including VAT 20%', 'Total due:', '12,345.67 RUB', 'Twelve thousand three hundred forty-five roubles and 67 kopecks']) expect(text).toContain(expected);

    await admin.get(`/invoices/${id}`);
    await admin.post(`/invoices/${id}/link`, {});
    const token = server.ctx.db.all<{ t: string }>(sql`SELECT public_token AS t FROM documents WHERE id = ${id}`)[0]!.t;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await admin.get(`/invoices/${id}`)).text).toContain(`/p/${token}`);

    const client = new Client(server.url);
    const page = await client.get(`/p/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Twelve thousand three hundred forty-five roubles and 67 kopecks');
    expect(page.text).toContain(`href="/p/${token}/pdf"`);
    const download = await fetch(`${server.url}/p/${token}/pdf`);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(textOf(Buffer.from(await download.arrayBuffer()))).toContain('12,345.67 RUB');
    expect((await client.get(`/invoices/${id}/pdf`)).status).toBe(303);
    expect((await client.get(`/p/${token.slice(0, -1)}x`)).status).toBe(404);

    await admin.post(`/invoices/${id}/link/delete`, {});
    expect((await client.get(`/p/${token}`)).status).toBe(404);
    expect((await fetch(`${server.url}/p/${token}/pdf`)).status).toBe(404);
  });

  it('the printable page shows the same figures', async () => {
    const id = await invoice();
    const page = await admin.get(`/invoices/${id}/print`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Всего к оплате');
    expect(page.text.replace(/\u00a0|\u202f/g, ' ')).toContain('12 345,67');
    expect(page.text).toContain('Двенадцать тысяч триста сорок пять рублей 67 копеек');
  });
});
