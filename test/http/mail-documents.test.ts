import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { tempDir } from '../support/context.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { asUser, makeContact, rows, useSmtp } from '../support/mail.js';
import { createDeal } from '../../src/features/deals/service.js';
import { createFromDeal } from '../../src/features/documents/service.js';
import { formatter } from '../../src/platform/format.js';

/**
 * "Send by e-mail" on a quote or invoice against a real SMTP peer: the compose form with the PDF
 * attached (made on the server), the client's addresses and subject filled in, template placeholders
 * of the document, the e-mail activity on the deal and client, and a draft that becomes "sent" once
 * the server takes the message. Only who may read the document may attach it.
 */
let server: TestServer;
let admin: Client;
let peer: SmtpPeer;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});
beforeEach(async () => {
  peer = await startSmtpPeer();
});
afterEach(() => peer.close());

const idFrom = (res: Response) => Number(res.headers.get('location')!.split('/').pop());
const row = (i: number, r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [`rows[${i}][${k}]`, v]));
const decoded = (html: string) => html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

function pdfText(pdf: Buffer): string {
  const file = path.join(tempDir('prosto-mail-pdf-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\u00a0|\u202f/g, ' ');
}

/** A deal of the company "Ромашка" (office@romashka.test) and its contact, 12 345,67 ₽ of goods, and its draft invoice. */
async function dealWithInvoice() {
  await admin.get('/settings/seller');
  await admin.post('/settings/seller', { legalName: 'ООО «Вектор»', inn: '7707083893', kpp: '773601001', bankName: 'ПАО Сбербанк', bik: '044525225', corrAccount: '30101810400000000225', account: '40702810938000000001', director: 'Иванов И. И.', accountant: 'Петрова А. А.', invoiceTemplate: 'СЧ-{YYYY}-{N}', quoteTemplate: 'КП-{N}', dueDays: '5' });
  await admin.get('/companies/new');
  const company = idFrom(await admin.post('/companies', { title: 'Ромашка', legalName: 'ООО «Ромашка»', 'comms[email][0][type]': 'work', 'comms[email][0][value]': 'office@romashka.test', responsibleId: '1' }));
  const contact = makeContact(server.ctx, { email: 'ivan@client.test', companyIds: [company] });
  const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
  await admin.get('/deals/new');
  const deal = idFrom(await admin.post('/deals', { title: 'Поставка', stageId: String(stageId), currency: 'RUB', responsibleId: '1', companyId: String(company), contactId: String(contact.id) }));
  await admin.post(`/deals/${deal}/products`, {
    ...row(0, { name: 'Монитор Samsung', quantity: '2', unitCode: '796', price: '5000', discount: '10', discountKind: 'percent', vat: '2000', vatIncluded: '1' }),
    ...row(1, { name: 'Настройка рабочего места', quantity: '1', unitCode: '356', price: '3345,67', vat: '2000', vatIncluded: '1' }),
    op: 'save',
  });
  await admin.get(`/deals/${deal}`);
  const invoice = idFrom(await admin.post(`/deals/${deal}/documents`, { kind: 'invoice' }));
  const doc = server.ctx.db.all<{ number: string; status: string; issued_on: string; due_on: string }>(sql`SELECT number, status, issued_on, due_on FROM documents WHERE id = ${invoice}`)[0]!;
  return { company, contact: contact.id, deal, invoice, ...doc };
}

describe('sending a document by e-mail', () => {
  it('mails the invoice PDF to the client, fills the template’s placeholders, logs it on the deal and makes the draft "sent"', async () => {
    useSmtp(server.ctx, peer.port);
    const d = await dealWithInvoice();
    expect(d.status).toBe('draft');

    // The button on the invoice page and on the deal's documents card.
    const link = `/mail/compose?entity=deal&amp;id=${d.deal}&amp;document=invoice%3A${d.invoice}`;
    expect((await admin.get(`/invoices/${d.invoice}`)).text).toContain(`${link}&amp;back=%2Finvoices%2F${d.invoice}" id="send-by-mail">Send by e-mail</a>`);
    expect((await admin.get(`/deals/${d.deal}`)).text).toContain(`${link}&amp;back=%2Fdeals%2F${d.deal}"`);

    const form = await admin.get(`/mail/compose?entity=deal&id=${d.deal}&document=invoice:${d.invoice}&back=/invoices/${d.invoice}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="documents" value="invoice:${d.invoice}" checked> Счёт ${d.number}.pdf`);
    expect(form.text).toContain('data-remove-chip');
    expect(form.text).toContain('value="office@romashka.test" checked');
    expect(form.text).toContain('value="ivan@client.test" checked');
    // A roubles invoice is in Russian: so is the letter that carries it.
    expect(form.text).toContain(`value="Счёт № ${d.number}"`);
    expect(form.text.replace(/\u00a0|\u202f/g, ' ')).toContain(`Направляем счёт № ${d.number} на сумму 12 345,67 ₽.`);

    // A template with the document's placeholders; money and dates in the writer's language (English here).
    await admin.get('/mail-templates/new');
    expect((await admin.get('/mail-templates/new')).text).toContain('{{invoice.dueDate}}</code></dt><dd>the day the invoice is to be paid by');
    expect((await admin.post('/mail-templates', { name: 'Счёт', subject: 'Invoice № {{invoice.number}} of {{invoice.date}}', body: 'Total {{invoice.total}}, due {{invoice.dueDate}}. Deal: {{deal.title}}.' })).status).toBe(303);
    const template = rows<{ id: number }>(server.ctx, 'SELECT id FROM mail_templates')[0]!.id;
    const fmt = formatter('en', 'Europe/Moscow');
    const subject = `Invoice № ${d.number} of ${fmt.day(d.issued_on)}`;
    const body = `Total ${fmt.money(1234567, 'RUB')}, due ${fmt.day(d.due_on)}. Deal: Поставка.`;
    const templated = await admin.get(`/mail/compose?entity=deal&id=${d.deal}&document=invoice:${d.invoice}&template=${template}&back=/invoices/${d.invoice}`);
    expect(templated.text).toContain(`name="document" value="invoice:${d.invoice}"`);
    expect(decoded(templated.text)).toContain(`value="${subject}"`);
    expect(decoded(templated.text)).toContain(body);
    expect(templated.text).toContain(`name="documents" value="invoice:${d.invoice}" checked`);

    // A form sent back with an error keeps the document attached.
    const missing = await admin.postMultipart('/mail/send', { entity: 'deal', entityId: String(d.deal), to: 'office@romashka.test', subject: '', body, documents: `invoice:${d.invoice}` });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain(`name="documents" value="invoice:${d.invoice}" checked> Счёт ${d.number}.pdf`);

    const sent = await admin.postMultipart('/mail/send', { entity: 'deal', entityId: String(d.deal), to: ['office@romashka.test', 'ivan@client.test'], subject, body, format: 'plain', documents: `invoice:${d.invoice}`, back: `/invoices/${d.invoice}` });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/invoices/${d.invoice}`);
    const [got] = await peer.waitFor(1);
    expect(got!.to.sort()).toEqual(['ivan@client.test', 'office@romashka.test']);
    expect(got!.parsed.subject).toBe(subject);
    expect(got!.parsed.text).toContain(body);
    expect(got!.parsed.text).not.toContain('{{');
    const [pdf] = got!.parsed.attachments;
    expect(pdf!.filename).toBe(`Счёт ${d.number}.pdf`);
    expect(pdf!.contentType).toBe('application/pdf');
    const text = pdfText(pdf!.content);
    expect(text).toContain(`Счёт на оплату № ${d.number}`);
    expect(text).toContain('Всего к оплате:');
    expect(text).toContain('12 345,67');

    // Draft → sent, recorded as a status change in the invoice's and the deal's history.
    expect(rows<{ status: string }>(server.ctx, `SELECT status FROM documents WHERE id = ${d.invoice}`)[0]!.status).toBe('sent');
    expect(rows<{ field: string; old_value: string; new_value: string }>(server.ctx, `SELECT field, old_value, new_value FROM history WHERE entity = 'invoice' AND entity_id = ${d.invoice} AND field = 'status'`)).toEqual([{ field: 'status', old_value: 'Draft', new_value: 'Sent' }]);
    const page = await admin.get(`/invoices/${d.invoice}`);
    expect(page.text).toContain('status-sent');

    // The e-mail activity is on the deal, its contact and its company; the PDF is kept with the message.
    const activity = rows<{ id: number; done_at: number | null }>(server.ctx, "SELECT id, done_at FROM activities WHERE type = 'email'")[0]!;
    expect(activity.done_at).toBeTypeOf('number');
    expect(rows<{ entity: string; entity_id: number }>(server.ctx, `SELECT entity, entity_id FROM activity_bindings WHERE activity_id = ${activity.id} ORDER BY entity`)).toEqual([
      { entity: 'company', entity_id: d.company },
      { entity: 'contact', entity_id: d.contact },
      { entity: 'deal', entity_id: d.deal },
    ]);
    expect((await admin.get(`/deals/${d.deal}`)).text).toContain(`href="/mail/activity/${activity.id}">${subject.replace(/&/g, '&amp;')}</a>`);
    expect(rows<{ filename: string; document_id: number }>(server.ctx, 'SELECT filename, document_id FROM mail_attachments')).toEqual([{ filename: `Счёт ${d.number}.pdf`, document_id: d.invoice }]);
  });

  it('a quote goes the same way, with its own subject and file name', async () => {
    useSmtp(server.ctx, peer.port);
    const d = await dealWithInvoice();
    await admin.get(`/deals/${d.deal}`);
    const quote = idFrom(await admin.post(`/deals/${d.deal}/documents`, { kind: 'quote' }));
    const number = rows<{ number: string }>(server.ctx, `SELECT number FROM documents WHERE id = ${quote}`)[0]!.number;
    expect((await admin.get(`/quotes/${quote}`)).text).toContain(`document=quote%3A${quote}`);
    const form = await admin.get(`/mail/compose?entity=deal&id=${d.deal}&document=quote:${quote}`);
    expect(form.text).toContain(`value="Коммерческое предложение № ${number}"`);
    expect(form.text).toContain(`name="documents" value="quote:${quote}" checked> Коммерческое предложение ${number}.pdf`);
    await admin.postMultipart('/mail/send', { entity: 'deal', entityId: String(d.deal), to: 'office@romashka.test', subject: `КП ${number}`, body: '', documents: `quote:${quote}` });
    const [got] = await peer.waitFor(1);
    expect(got!.parsed.attachments[0]!.filename).toBe(`Коммерческое предложение ${number}.pdf`);
    expect(rows<{ status: string }>(server.ctx, `SELECT status FROM documents WHERE id = ${quote}`)[0]!.status).toBe('sent');
  });

  it('without the chip the message goes without the PDF, and the invoice stays a draft; a refused send leaves it a draft until a retry gets through', async () => {
    useSmtp(server.ctx, peer.port);
    const d = await dealWithInvoice();
    await admin.get(`/mail/compose?entity=deal&id=${d.deal}&document=invoice:${d.invoice}`);
    await admin.postMultipart('/mail/send', { entity: 'deal', entityId: String(d.deal), to: 'office@romashka.test', subject: 'Без вложения', body: 'Текст' });
    const [got] = await peer.waitFor(1);
    expect(got!.parsed.attachments).toEqual([]);
    expect(rows<{ status: string }>(server.ctx, `SELECT status FROM documents WHERE id = ${d.invoice}`)[0]!.status).toBe('draft');

    peer.refuse({ code: 451, message: 'Try again later' });
    await admin.get(`/mail/compose?entity=deal&id=${d.deal}&document=invoice:${d.invoice}`);
    expect((await admin.postMultipart('/mail/send', { entity: 'deal', entityId: String(d.deal), to: 'office@romashka.test', subject: 'Счёт', body: '', documents: `invoice:${d.invoice}` })).status).toBe(303);
    expect(rows<{ status: string }>(server.ctx, `SELECT status FROM documents WHERE id = ${d.invoice}`)[0]!.status).toBe('draft');
    expect(rows<{ status: string }>(server.ctx, 'SELECT status FROM mail_messages ORDER BY id DESC LIMIT 1')[0]!.status).toBe('retry');

    // The outbox job's retry gets through a minute later: the same PDF goes, and only now is the invoice sent.
    peer.refuse(null);
    server.ctx.clock.advance(61_000);
    await server.ctx.jobs.run('mail-outbox', 'manual');
    const [, retried] = await peer.waitFor(2);
    expect(retried!.parsed.attachments.map((a) => a.filename)).toEqual([`Счёт ${d.number}.pdf`]);
    expect(rows<{ status: string }>(server.ctx, `SELECT status FROM documents WHERE id = ${d.invoice}`)[0]!.status).toBe('sent');
  });

  it('a manager outside the invoice’s scope may not attach it (403), nor open it (404)', async () => {
    useSmtp(server.ctx, peer.port);
    const PASSWORD = 'Pass-word-123';
    const anna = await addUser(server.ctx, { email: 'anna@vector.test', password: PASSWORD, fullName: 'Анна', role: 'manager' });
    const boris = await addUser(server.ctx, { email: 'boris@vector.test', password: PASSWORD, fullName: 'Борис', role: 'manager' });
    const stageId = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM stages ORDER BY sort LIMIT 1`)[0]!.id;
    const dealOf = (id: number, contactId: number) => createDeal(server.ctx, asUser(server.ctx, id), { title: `Deal ${id}`, stageId, amount: '100', currency: 'RUB', probability: null, typeId: null, sourceId: null, expectedClose: null, contactId, companyId: null, responsibleId: id, everyone: false, comments: null });
    const annaContact = makeContact(server.ctx, { email: 'client-a@client.test', responsibleId: anna.id });
    const borisContact = makeContact(server.ctx, { name: ['Сидоров', 'Олег'], email: 'client-b@client.test', responsibleId: boris.id });
    const annaDeal = dealOf(anna.id, annaContact.id);
    const borisDeal = dealOf(boris.id, borisContact.id);
    const invoice = createFromDeal(server.ctx, asUser(server.ctx, anna.id), 'invoice', annaDeal.id);

    const a = new Client(server.url);
    await a.signIn('anna@vector.test', PASSWORD);
    expect((await a.get(`/invoices/${invoice.id}`)).text).toContain('id="send-by-mail"');
    expect((await a.get(`/mail/compose?entity=deal&id=${annaDeal.id}&document=invoice:${invoice.id}`)).text).toContain('value="client-a@client.test" checked');

    const b = new Client(server.url);
    await b.signIn('boris@vector.test', PASSWORD);
    expect((await b.get(`/invoices/${invoice.id}`)).status).toBe(404);
    expect((await b.get(`/mail/compose?entity=deal&id=${borisDeal.id}&document=invoice:${invoice.id}`)).status).toBe(403);
    expect((await b.get(`/mail/compose?entity=deal&id=${borisDeal.id}`)).status).toBe(200);
    const refused = await b.postMultipart('/mail/send', { entity: 'deal', entityId: String(borisDeal.id), to: 'client-b@client.test', subject: 'Чужой счёт', body: '', documents: `invoice:${invoice.id}` });
    expect(refused.status).toBe(403);
    expect(peer.received).toEqual([]);
    expect(rows(server.ctx, 'SELECT id FROM mail_messages')).toEqual([]);
    expect(rows<{ status: string }>(server.ctx, `SELECT status FROM documents WHERE id = ${invoice.id}`)[0]!.status).toBe('draft');
  });
});
