import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { closedPort, startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { makeCompany, makeContact, makeDeal, rows, useSmtp } from '../support/mail.js';
import { MAX_ATTEMPTS } from '../../src/features/mail/outbox.js';

/**
 * Outgoing mail over HTTP against a real SMTP peer: the settings page and its test message with the
 * server's own answer, writing from a record (recipients, copies, attachments, the e-mail activity on
 * every bound record), and a failed send retried by the outbox job and then reported.
 */
let server: TestServer;
let admin: Client;
let peer: SmtpPeer;
const PASSWORD = 'Mail-pass-123';

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});
beforeEach(async () => {
  peer = await startSmtpPeer();
});
afterEach(() => peer.close());

type Activity = { id: number; type: string; subject: string; done_at: number | null; result: string | null; responsible_id: number };
const activities = () => rows<Activity>(server.ctx, 'SELECT * FROM activities ORDER BY id');
const messages = () => rows<{ id: number; status: string; attempts: number; last_error: string | null; next_attempt_at: number | null; message_id: string }>(server.ctx, 'SELECT * FROM mail_messages ORDER BY id');
const bindings = (activityId: number) => rows<{ entity: string; entity_id: number }>(server.ctx, `SELECT entity, entity_id FROM activity_bindings WHERE activity_id = ${activityId} ORDER BY entity`);

async function send(client: Client, fields: Record<string, string | string[]>, files: { field: string; name: string; content: string }[] = []) {
  await client.get(`/mail/compose?entity=${fields.entity}&id=${fields.entityId}`);
  return client.postMultipart('/mail/send', fields, files);
}

describe('mail settings', () => {
  const form = { smtpHost: '127.0.0.1', smtpSecurity: 'none', smtpUser: '', smtpPassword: '', fromEmail: 'sales@vector.test', exclusions: 'noreply@\nvector.test', maxAttachmentMb: '5' };

  it('is for administrators, checks what is typed and keeps the password encrypted', async () => {
    await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const m = new Client(server.url);
    await m.signIn('manager@example.com', PASSWORD);
    expect((await m.get('/settings/mail')).status).toBe(403);

    const page = await admin.get('/settings/mail');
    expect(page.text).toContain('Outgoing mail (SMTP)');
    expect(page.text).toContain('noreply@');
    const bad = await admin.post('/settings/mail', { ...form, smtpPort: '70000', fromEmail: 'nope', exclusions: 'vector.test\nnot a domain' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('A port number from 1 to 65535.');
    expect(bad.text).toContain('Enter an e-mail address like name@example.com.');
    expect(bad.text).toContain('Not an address or a domain: not a domain.');
    expect(rows(server.ctx, 'SELECT * FROM mail_settings')).toEqual([]);

    const ok = await admin.post('/settings/mail', { ...form, smtpPort: String(peer.port), smtpUser: 'sales', smtpPassword: 'очень-секретно' });
    expect(ok.status).toBe(303);
    const stored = rows<{ smtp_password_enc: string }>(server.ctx, 'SELECT smtp_password_enc FROM mail_settings')[0]!;
    expect(stored.smtp_password_enc).not.toContain('секретно');
    expect(fs.readFileSync(path.join(server.ctx.config.dataDir, 'prosto.db')).includes(Buffer.from('очень-секретно'))).toBe(false);
    const again = await admin.get('/settings/mail');
    expect(again.text).toContain('A password is stored (encrypted).');
    expect(again.text).not.toContain('очень-секретно');
  });

  it('sends a test message with the settings as typed and shows what the server answered', async () => {
    await admin.get('/settings/mail');
    const accepted = await admin.post('/settings/mail/test', { ...form, smtpPort: String(peer.port), testTo: 'admin@example.com' });
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain('The server accepted the message:');
    expect(accepted.text).toContain('250 Ok: queued as TEST1');
    const [got] = await peer.waitFor(1);
    expect(got!.to).toEqual(['admin@example.com']);
    expect(got!.parsed.subject).toBe('Test message from Prosto CRM');
    expect(rows(server.ctx, 'SELECT * FROM mail_settings')).toEqual([]);

    peer.refuse({ code: 550, message: 'Relaying denied' });
    const refused = await admin.post('/settings/mail/test', { ...form, smtpPort: String(peer.port), testTo: 'admin@example.com' });
    expect(refused.text).toContain('The server did not accept the message:');
    expect(refused.text).toContain('550 Relaying denied');

    const nobody = await admin.post('/settings/mail/test', { ...form, smtpPort: String(await closedPort()), testTo: 'admin@example.com' });
    expect(nobody.text).toContain('ECONNREFUSED');
  });

  it('refuses a wrong login with the server’s words', async () => {
    const guarded = await startSmtpPeer({ auth: { user: 'sales', password: 'right' } });
    try {
      await admin.get('/settings/mail');
      const wrong = await admin.post('/settings/mail/test', { ...form, smtpPort: String(guarded.port), smtpUser: 'sales', smtpPassword: 'wrong', testTo: 'admin@example.com' });
      expect(wrong.text).toContain('535');
      const right = await admin.post('/settings/mail/test', { ...form, smtpPort: String(guarded.port), smtpUser: 'sales', smtpPassword: 'right', testTo: 'admin@example.com' });
      expect(right.text).toContain('250 Ok');
    } finally {
      await guarded.close();
    }
  });

  it('keeps each user’s name and signature', async () => {
    await admin.get('/account/mail');
    expect((await admin.post('/account/mail', { fromName: 'Анна из Вектора', signature: 'С уважением,\nАнна' })).status).toBe(303);
    const page = await admin.get('/account/mail');
    expect(page.text).toContain('Анна из Вектора');
    expect(page.text).toContain('С уважением,\nАнна');
  });
});

describe('writing from a record', () => {
  it('sends to the record’s address with copies and an attachment, logged on every bound record', async () => {
    useSmtp(server.ctx, peer.port);
    const company = makeCompany(server.ctx, { email: 'office@romashka.test' });
    const contact = makeContact(server.ctx, { companyIds: [company.id] });
    const deal = makeDeal(server.ctx, { contactId: contact.id, companyId: company.id });
    await admin.get('/account/mail');
    await admin.post('/account/mail', { fromName: 'Анна из Вектора', signature: '-- \nАнна, отдел продаж' });

    const form = await admin.get(`/mail/compose?entity=deal&id=${deal.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="ivan@client.test" checked');
    expect(form.text).toContain('value="office@romashka.test" >');
    expect(form.text).toContain('Анна, отдел продаж');

    const res = await send(admin, { entity: 'deal', entityId: String(deal.id), to: ['ivan@client.test', 'office@romashka.test'], toOther: 'Бухгалтерия <buh@romashka.test>', cc: 'boss@client.test', bcc: 'archive@client.test', subject: 'Коммерческое предложение', body: 'Добрый день!\nВо вложении — **наши цены**.', format: 'rich' }, [{ field: 'attachments', name: 'Цены 2026.txt', content: 'Сервер — 150 000 ₽' }]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/deals/${deal.id}`);
    const [got] = await peer.waitFor(1);
    expect(got!.to.sort()).toEqual(['archive@client.test', 'boss@client.test', 'buh@romashka.test', 'ivan@client.test', 'office@romashka.test']);
    expect(got!.parsed.subject).toBe('Коммерческое предложение');
    expect(got!.parsed.from!.value[0]).toEqual({ address: 'sales@vector.test', name: 'Анна из Вектора' });
    expect(got!.raw).not.toMatch(/^Bcc:/m);
    expect(got!.parsed.html).toContain('<strong>наши цены</strong>');
    expect(got!.parsed.text).toContain('Во вложении — наши цены.');
    expect(got!.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['Цены 2026.txt', 'Сервер — 150 000 ₽']]);
    const stored = messages()[0]!;
    expect(got!.parsed.messageId).toBe(`<${stored.message_id}>`);

    const [activity] = activities();
    expect(activity).toMatchObject({ type: 'email', subject: 'Коммерческое предложение', responsible_id: 1 });
    expect(activity!.done_at).toBeTypeOf('number');
    expect(bindings(activity!.id)).toEqual([
      { entity: 'company', entity_id: company.id },
      { entity: 'contact', entity_id: contact.id },
      { entity: 'deal', entity_id: deal.id },
    ]);
    for (const page of [`/deals/${deal.id}`, `/contacts/${contact.id}`, `/companies/${company.id}`]) {
      expect((await admin.get(page)).text).toContain(`href="/mail/activity/${activity!.id}">Коммерческое предложение</a>`);
    }
    const card = await admin.get(`/mail/record/contact/${contact.id}`);
    expect(card.text).toContain('Коммерческое предложение');
    const thread = await admin.get(`/mail/${stored.id}`);
    expect(thread.text).toContain('Accepted by the server: 250 Ok: queued as TEST1');
    expect(thread.text).toContain('Цены 2026.txt');
    const attachmentId = rows<{ id: number }>(server.ctx, 'SELECT id FROM mail_attachments')[0]!.id;
    const file = await admin.get(`/mail/attachments/${attachmentId}`);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.text).toBe('Сервер — 150 000 ₽');
  });

  it('refuses bad addresses, a missing subject and oversized attachments, saving nothing', async () => {
    useSmtp(server.ctx, peer.port);
    const contact = makeContact(server.ctx, { email: [] });
    const bad = await send(admin, { entity: 'contact', entityId: String(contact.id), toOther: 'ivan@, ok@client.test', subject: '', body: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Not an e-mail address: ivan@.');
    expect(bad.text).toContain('Please fill this in.');
    expect(bad.text).toContain('The record has no e-mail address');
    const none = await send(admin, { entity: 'contact', entityId: String(contact.id), subject: 'Тема', body: 'x' });
    expect(none.text).toContain('Choose or type at least one address.');
    const big = await send(admin, { entity: 'contact', entityId: String(contact.id), toOther: 'ok@client.test', subject: 'Тема', body: 'x' }, [{ field: 'attachments', name: 'big.bin', content: 'x'.repeat(1024 * 1024 + 10) }]);
    expect(big.status).toBe(413);
    expect(big.text).toContain('The attachments are larger than a message may carry.');
    expect(messages()).toEqual([]);
    expect(activities()).toEqual([]);
    expect(fs.readdirSync(path.join(server.ctx.config.dataDir, 'tmp', 'uploads'))).toEqual([]);
  });

  it('is for those who may edit the record, and the message for those who may read one of its records', async () => {
    useSmtp(server.ctx, peer.port);
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    await addUser(server.ctx, { email: 'other@example.com', password: PASSWORD, fullName: 'Олег Другой' });
    const mine = makeContact(server.ctx, { responsibleId: manager.id });
    const m = new Client(server.url);
    await m.signIn('manager@example.com', PASSWORD);
    expect((await send(m, { entity: 'contact', entityId: String(mine.id), to: 'ivan@client.test', subject: 'Привет', body: 'x' })).status).toBe(303);
    const id = messages()[0]!.id;
    const o = new Client(server.url);
    await o.signIn('other@example.com', PASSWORD);
    expect((await o.get(`/mail/compose?entity=contact&id=${mine.id}`)).status).toBe(404);
    expect((await o.get(`/mail/${id}`)).status).toBe(404);
    expect((await o.get(`/mail/record/contact/${mine.id}`)).status).toBe(404);
    expect((await m.get(`/mail/${id}`)).status).toBe(200);
    await o.get('/');
    expect((await o.postMultipart('/mail/send', { entity: 'contact', entityId: String(mine.id), to: 'ivan@client.test', subject: 'x', body: 'x' })).status).toBe(404);
    expect((await admin.postMultipart('/mail/send', { _csrf: 'forged', entity: 'contact', entityId: String(mine.id), to: 'ivan@client.test', subject: 'x' })).status).toBe(403);
  });
});

describe('the outbox', () => {
  it('keeps a message the server could not take, retries it with growing pauses and then reports it', async () => {
    useSmtp(server.ctx, peer.port);
    const contact = makeContact(server.ctx);
    peer.refuse({ code: 451, message: 'Try again later' });
    const res = await send(admin, { entity: 'contact', entityId: String(contact.id), to: 'ivan@client.test', subject: 'Счёт', body: 'x' });
    expect(res.status).toBe(303);
    expect(messages()[0]).toMatchObject({ status: 'retry', attempts: 1, last_error: '451 Try again later' });
    const [activity] = activities();
    expect(activity).toMatchObject({ done_at: null, result: '451 Try again later' });
    const page = await admin.get(`/contacts/${contact.id}`);
    expect(page.text).toContain('Not sent yet: <code>451 Try again later</code>');

    // Not due yet: the job leaves it.
    await server.ctx.jobs.run('mail-outbox', 'manual');
    expect(messages()[0]!.attempts).toBe(1);
    const pauses: number[] = [];
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const before = messages()[0]!;
      pauses.push(before.next_attempt_at! - server.ctx.clock.now());
      server.ctx.clock.advance(before.next_attempt_at! - server.ctx.clock.now() + 1);
      await server.ctx.jobs.run('mail-outbox', 'manual');
      expect(messages()[0]!.attempts).toBe(attempt);
    }
    expect(pauses.map((ms) => Math.round(ms / 60_000))).toEqual([1, 5, 15, 60, 180]);
    expect(messages()[0]).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(peer.received).toEqual([]);
    const notes = rows<{ user_id: number; kind: string; link: string }>(server.ctx, 'SELECT user_id, kind, link FROM notifications');
    expect(notes).toEqual([{ user_id: 1, kind: 'mail', link: `/mail/${messages()[0]!.id}` }]);
    const thread = await admin.get(`/mail/${messages()[0]!.id}`);
    expect(thread.text).toContain('Could not be sent');
    expect(thread.text).toContain('451 Try again later');

    // "Send again" once the server is back.
    peer.refuse(null);
    const again = await admin.post(`/mail/${messages()[0]!.id}/retry`, {});
    expect(again.status).toBe(303);
    await peer.waitFor(1);
    expect(messages()[0]).toMatchObject({ status: 'sent' });
    expect(activities()[0]!.done_at).toBeTypeOf('number');
  });

  it('does not retry what the server refuses for good, and sends when the server comes back', async () => {
    useSmtp(server.ctx, peer.port);
    const contact = makeContact(server.ctx);
    peer.refuse({ code: 550, message: 'No such user here' });
    await send(admin, { entity: 'contact', entityId: String(contact.id), to: 'ivan@client.test', subject: 'Первое', body: 'x' });
    expect(messages()[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 No such user here' });

    useSmtp(server.ctx, await closedPort());
    peer.refuse(null);
    await send(admin, { entity: 'contact', entityId: String(contact.id), to: 'ivan@client.test', subject: 'Второе', body: 'x' });
    expect(messages()[1]!.status).toBe('retry');
    expect(messages()[1]!.last_error).toContain('ECONNREFUSED');
    useSmtp(server.ctx, peer.port);
    server.ctx.clock.advance(61_000);
    const run = await server.ctx.jobs.run('mail-outbox', 'manual');
    expect(JSON.parse(run.counts!)).toEqual({ sent: 1, retry: 0, failed: 0 });
    expect((await peer.waitFor(1))[0]!.parsed.subject).toBe('Второе');
  });
});
