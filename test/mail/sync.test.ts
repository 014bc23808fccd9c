import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eml } from '../support/eml.js';
import { testContext, type TestClock } from '../support/context.js';
import { setUpCompany, addUser } from '../support/server.js';
import { asUser, makeCompany, makeContact, makeDeal, rows, useSmtp } from '../support/mail.js';
import { startSmtpPeer } from '../support/smtp.js';
import type { AppContext } from '../../src/context.js';
import { createMailbox } from '../../src/features/mailboxes/service.js';
import { syncMailbox } from '../../src/features/mailboxes/sync.js';
import { findMailbox } from '../../src/features/mailboxes/queries.js';
import { sendFromRecord } from '../../src/features/mail/service.js';

/**
 * Reading mailboxes from a real Dovecot: the first window, incremental polls, one message in two
 * folders or two mailboxes, the server going away mid-sync, a new UIDVALIDITY, Russian charsets,
 * unknown senders and exclusions, and replies joining their thread.
 */
let dovecot: Dovecot;
let ctx: AppContext & { clock: TestClock };
const DAY = 24 * 3600_000;
let n = 0;
const id = () => `m${++n}.${Date.now()}@client.test`;

beforeAll(async () => {
  dovecot = await startDovecot({ 'sales@vector.test': 'secret', 'anna@vector.test': 'secret2', 'crm@vector.test': 'secret3' });
});
afterAll(() => dovecot.close());
beforeEach(async () => {
  for (const user of ['sales@vector.test', 'anna@vector.test', 'crm@vector.test']) await dovecot.empty(user);
  ctx = testContext();
  await setUpCompany(ctx);
  useSmtp(ctx, 1);
});
afterEach(() => ctx.sqlite.close());

function connect(user = 'sales@vector.test', password = 'secret', options: Partial<{ collect: '1' | '3' | 'all'; folders: string[]; createLeads: boolean; purpose: 'personal' | 'sendsave'; ownerId: number }> = {}) {
  return createMailbox(ctx, asUser(ctx, 1), {
    address: user,
    host: '127.0.0.1',
    port: dovecot.port,
    security: 'none',
    username: user,
    password,
    folders: options.folders ?? ['INBOX', 'Sent'],
    collect: options.collect ?? '3',
    createLeads: options.createLeads ?? true,
    active: true,
    purpose: options.purpose ?? 'personal',
    ownerId: options.ownerId ?? 1,
  });
}

const sync = async () => {
  const run = await ctx.jobs.run('mail-sync', 'manual');
  return { ...run, counts: run.counts ? (JSON.parse(run.counts) as Record<string, number>) : {} };
};
const messages = () => rows<{ id: number; subject: string; message_id: string; thread_id: string; direction: string; body_text: string; activity_id: number; from_name: string | null }>(ctx, 'SELECT * FROM mail_messages ORDER BY id');
const boundTo = (activityId: number) => rows<{ entity: string; entity_id: number }>(ctx, `SELECT entity, entity_id FROM activity_bindings WHERE activity_id = ${activityId} ORDER BY entity, entity_id`);
const count = (table: string) => rows<{ n: number }>(ctx, `SELECT count(*) AS n FROM ${table}`)[0]!.n;
const fromClient = (subject: string, over: Partial<Parameters<typeof eml>[0]> = {}) => eml({ from: 'Иван Петров <ivan@client.test>', to: 'sales@vector.test', subject, messageId: id(), ...over });

describe('mailbox sync against Dovecot', () => {
  it('first collects the last days only, then each new message once', async () => {
    const contact = makeContact(ctx);
    await dovecot.deliverMany('sales@vector.test', [fromClient('Старое письмо')], 'INBOX', new Date(Date.now() - 10 * DAY));
    await dovecot.deliverMany('sales@vector.test', [fromClient('Вчерашнее письмо')], 'INBOX', new Date(Date.now() - DAY));
    connect();
    const first = await sync();
    expect(first.outcome).toBe('ok');
    expect(messages().map((m) => m.subject)).toEqual(['Вчерашнее письмо']);
    expect(boundTo(messages()[0]!.activity_id)).toEqual([{ entity: 'contact', entity_id: contact.id }]);

    expect((await sync()).counts.filed).toBe(0);
    await dovecot.deliver('sales@vector.test', fromClient('Новое письмо'));
    const third = await sync();
    expect(third.counts).toMatchObject({ filed: 1, duplicate: 0 });
    expect(messages().map((m) => m.subject)).toEqual(['Вчерашнее письмо', 'Новое письмо']);
    expect(count('activities')).toBe(2);
    const activity = rows<{ type: string; done_at: number | null; responsible_id: number }>(ctx, `SELECT * FROM activities WHERE id = ${messages()[1]!.activity_id}`)[0]!;
    expect(activity).toMatchObject({ type: 'email', responsible_id: 1 });
    expect(activity.done_at).toBeTypeOf('number');
  });

  it('files at most a set number per run and goes on where it stopped', async () => {
    makeContact(ctx);
    await dovecot.deliverMany('sales@vector.test', Array.from({ length: 5 }, (_, i) => fromClient(`Часть ${i + 1}`)));
    const mailbox = connect('sales@vector.test', 'secret', { folders: ['INBOX', 'Sent'] });
    const first = await syncMailbox(ctx, findMailbox(ctx.db, mailbox.id)!, 3);
    expect(first).toMatchObject({ counts: { filed: 3 }, more: true });
    const second = await syncMailbox(ctx, findMailbox(ctx.db, mailbox.id)!, 3);
    expect(second).toMatchObject({ counts: { filed: 2 }, more: false });
    expect(messages().map((m) => m.subject)).toEqual(['Часть 1', 'Часть 2', 'Часть 3', 'Часть 4', 'Часть 5']);
  });

  it('"all time" collects everything', async () => {
    makeContact(ctx);
    await dovecot.deliverMany('anna@vector.test', [fromClient('Год назад', { to: 'anna@vector.test' })], 'INBOX', new Date(Date.now() - 400 * DAY));
    connect('anna@vector.test', 'secret2', { collect: 'all', folders: ['INBOX'] });
    await sync();
    expect(messages().map((m) => m.subject)).toContain('Год назад');
  });

  it('files a message found in INBOX and Sent, or in two mailboxes, once', async () => {
    makeContact(ctx);
    await addUser(ctx, { email: 'anna@vector.test', password: 'Mail-pass-123', fullName: 'Анна Продажи' });
    const raw = eml({ from: 'Анна Продажи <anna@vector.test>', to: 'ivan@client.test', cc: 'sales@vector.test', subject: 'Одно письмо', messageId: id() });
    await dovecot.createFolder('sales@vector.test', 'Sent');
    await dovecot.deliver('sales@vector.test', raw, 'Sent');
    await dovecot.deliver('sales@vector.test', raw, 'INBOX');
    await dovecot.deliver('anna@vector.test', raw, 'INBOX');
    connect();
    connect('anna@vector.test', 'secret2', { folders: ['INBOX'] });
    const run = await sync();
    expect(run.counts).toMatchObject({ filed: 1, duplicate: 2 });
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatchObject({ subject: 'Одно письмо', direction: 'out' });
    expect(count('activities')).toBe(1);
  });

  it('loses and repeats nothing when the server stops in the middle of a sync', async () => {
    makeContact(ctx);
    const total = 150;
    const raws = Array.from({ length: total }, (_, i) => fromClient(`Письмо ${i + 1}`));
    await dovecot.deliverMany('sales@vector.test', raws, 'INBOX');
    const mailbox = connect('sales@vector.test', 'secret', { folders: ['INBOX'] });
    const watcher = setInterval(() => {
      if (count('mail_messages') >= 10) {
        clearInterval(watcher);
        void dovecot.stop();
      }
    }, 2);
    let broken: Awaited<ReturnType<typeof sync>>;
    try {
      broken = await sync();
    } finally {
      clearInterval(watcher);
      await dovecot.stop();
    }
    expect(broken.outcome).toBe('error');
    const partial = count('mail_messages');
    expect(partial).toBeGreaterThanOrEqual(10);
    expect(partial).toBeLessThan(total);
    expect(rows<{ last_error: string | null }>(ctx, `SELECT last_error FROM mailboxes WHERE id = ${mailbox.id}`)[0]!.last_error).toBeTruthy();

    await dovecot.start();
    const resumed = await sync();
    expect(resumed.outcome).toBe('ok');
    expect(resumed.counts.filed).toBe(total - partial);
    expect(resumed.counts.duplicate).toBe(0);
    expect(count('mail_messages')).toBe(total);
    expect(count('activities')).toBe(total);
    expect(new Set(messages().map((m) => m.subject)).size).toBe(total);
    expect(rows<{ last_error: string | null }>(ctx, `SELECT last_error FROM mailboxes WHERE id = ${mailbox.id}`)[0]!.last_error).toBeNull();
  });

  it('reads a folder again after a UIDVALIDITY change without filing anything twice', async () => {
    makeContact(ctx);
    await dovecot.createFolder('sales@vector.test', 'Sent');
    const first = [eml({ from: 'sales@vector.test', to: 'ivan@client.test', subject: 'Отправлено 1', messageId: id() }), eml({ from: 'sales@vector.test', to: 'ivan@client.test', subject: 'Отправлено 2', messageId: id() })];
    for (const raw of first) await dovecot.deliver('sales@vector.test', raw, 'Sent');
    const mailbox = connect('sales@vector.test', 'secret', { folders: ['Sent'] });
    await sync();
    const before = await dovecot.uidValidity('sales@vector.test', 'Sent');
    expect(rows<{ uid_validity: string }>(ctx, `SELECT uid_validity FROM mailbox_folders WHERE mailbox_id = ${mailbox.id}`)).toEqual([{ uid_validity: before }]);

    // Dovecot hands out UIDVALIDITY from the clock's seconds: a folder made again in the same second could keep it.
    await new Promise((r) => setTimeout(r, 1100));
    await dovecot.recreate('sales@vector.test', 'Sent', [first[1]!, eml({ from: 'sales@vector.test', to: 'ivan@client.test', subject: 'Отправлено 3', messageId: id() })]);
    const after = await dovecot.uidValidity('sales@vector.test', 'Sent');
    expect(after).not.toBe(before);
    const run = await sync();
    expect(run.counts).toMatchObject({ filed: 1, duplicate: 1 });
    expect(messages().map((m) => m.subject)).toEqual(['Отправлено 1', 'Отправлено 2', 'Отправлено 3']);
    expect(rows<{ uid_validity: string; last_uid: number }>(ctx, `SELECT uid_validity, last_uid FROM mailbox_folders WHERE mailbox_id = ${mailbox.id}`)).toEqual([{ uid_validity: after, last_uid: 2 }]);
  });

  it.each(['windows-1251', 'koi8-r'])('decodes %s subjects, names and bodies', async (charset) => {
    makeContact(ctx);
    await dovecot.deliver('sales@vector.test', fromClient('Счёт на оплату и договор', { charset, body: 'Добрый день!\nПришлите, пожалуйста, счёт.' }));
    connect();
    await sync();
    const m = messages().find((x) => x.subject === 'Счёт на оплату и договор')!;
    expect(m.body_text).toBe('Добрый день!\nПришлите, пожалуйста, счёт.');
    expect(m.from_name).toBe('Иван Петров');
  });

  it('makes a lead of an unknown sender, and nothing of excluded, automatic or colleagues’ mail', async () => {
    await addUser(ctx, { email: 'anna@vector.test', password: 'Mail-pass-123', fullName: 'Анна Продажи' });
    const newcomer = id();
    await dovecot.deliver('sales@vector.test', eml({ from: 'Ольга Новая <olga@new.test>', to: 'sales@vector.test', subject: 'Хочу купить сервер', messageId: newcomer, attachment: { filename: 'ТЗ.txt', type: 'text/plain', content: 'Техническое задание' } }));
    await dovecot.deliver('sales@vector.test', eml({ from: 'robot@vector.test', to: 'sales@vector.test', subject: 'Внутренняя рассылка', messageId: id() }));
    await dovecot.deliver('sales@vector.test', eml({ from: 'noreply@shop.test', to: 'sales@vector.test', subject: 'Ваш заказ', messageId: id() }));
    await dovecot.deliver('sales@vector.test', eml({ from: 'MAILER-DAEMON@mx.test', to: 'sales@vector.test', subject: 'Undelivered', messageId: id() }));
    await dovecot.deliver('sales@vector.test', eml({ from: 'vacation@other.test', to: 'sales@vector.test', subject: 'Я в отпуске', messageId: id(), headers: { 'Auto-Submitted': 'auto-replied' } }));
    await dovecot.deliver('sales@vector.test', eml({ from: 'anna@vector.test', to: 'sales@vector.test', subject: 'Коллеге', messageId: id() }));
    connect();
    const run = await sync();
    expect(run.counts).toMatchObject({ lead: 1, excluded: 3, internal: 1, unmatched: 1 });
    const leads = rows<{ id: number; title: string; first_name: string; responsible_id: number; source_id: number | null }>(ctx, 'SELECT * FROM leads');
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ title: 'E-mail from Ольга Новая: Хочу купить сервер', first_name: 'Ольга Новая', responsible_id: 1 });
    expect(rows<{ name: string }>(ctx, `SELECT name FROM reference_items WHERE id = ${leads[0]!.source_id}`)[0]!.name).toBe('E-mail');
    expect(rows<{ value: string }>(ctx, `SELECT value FROM communications WHERE entity = 'lead'`)).toEqual([{ value: 'olga@new.test' }]);
    const m = messages()[0]!;
    expect(boundTo(m.activity_id)).toEqual([{ entity: 'lead', entity_id: leads[0]!.id }]);
    const attachment = rows<{ filename: string; stored_path: string; size: number }>(ctx, 'SELECT * FROM mail_attachments')[0]!;
    expect(attachment.filename).toBe('ТЗ.txt');
    expect(attachment.stored_path).toMatch(/^mail\//);
    expect(fs.readFileSync(path.join(ctx.config.dataDir, 'files', attachment.stored_path), 'utf8')).toBe('Техническое задание');

    // A second letter from her goes to the lead; none is made again.
    await dovecot.deliver('sales@vector.test', eml({ from: 'olga@new.test', to: 'sales@vector.test', subject: 'Ещё вопрос', messageId: id() }));
    await sync();
    expect(count('leads')).toBe(1);
    expect(boundTo(messages()[1]!.activity_id)).toEqual([{ entity: 'lead', entity_id: leads[0]!.id }]);
  });

  it('makes no lead when the mailbox says so', async () => {
    await dovecot.deliver('anna@vector.test', eml({ from: 'stranger@new.test', to: 'anna@vector.test', subject: 'Привет', messageId: id() }));
    connect('anna@vector.test', 'secret2', { folders: ['INBOX'], createLeads: false });
    expect((await sync()).counts).toMatchObject({ unmatched: 1, lead: 0 });
    expect(count('leads')).toBe(0);
  });

  it('files a message under every record with the address and their open deals, and a reply into its thread', async () => {
    const peer = await startSmtpPeer();
    try {
      useSmtp(ctx, peer.port);
      const maria = await addUser(ctx, { email: 'maria@vector.test', password: 'Mail-pass-123', fullName: 'Мария Менеджер' });
      const company = makeCompany(ctx, { email: 'office@romashka.test', responsibleId: maria.id });
      const contact = makeContact(ctx, { companyIds: [company.id] });
      const deal = makeDeal(ctx, { contactId: contact.id, companyId: company.id });
      const sent = await sendFromRecord(ctx, asUser(ctx, 1), { entity: 'contact', entityId: contact.id, reply: null, to: [{ address: 'ivan@client.test', name: null }], cc: [], bcc: [], subject: 'Предложение', body: 'Цены во вложении', format: 'plain' }, []);
      expect(sent.delivery.outcome).toBe('sent');
      // The client answers from another address, copying the company's office.
      const reply = eml({ from: 'Иван <ivan.home@private.test>', to: 'sales@vector.test', cc: 'office@romashka.test', subject: 'Re: Предложение', messageId: id(), inReplyTo: sent.message.messageId, references: [sent.message.messageId] });
      await dovecot.deliver('sales@vector.test', reply);
      connect();
      await sync();
      const [out, back] = messages().filter((m) => m.subject.endsWith('Предложение'));
      expect(back!.thread_id).toBe(out!.thread_id);
      expect(boundTo(back!.activity_id)).toEqual([
        { entity: 'company', entity_id: company.id },
        { entity: 'contact', entity_id: contact.id },
        { entity: 'deal', entity_id: deal.id },
      ]);
      expect(count('leads')).toBe(0);
      // The company's responsible hears of it; the mailbox's owner (also the contact's) has it in the mailbox.
      const told = rows<{ user_id: number; kind: string; entity: string; link: string }>(ctx, "SELECT user_id, kind, entity, link FROM notifications WHERE kind = 'mail'");
      expect(told).toEqual([{ user_id: maria.id, kind: 'mail', entity: 'company', link: `/mail/${back!.id}?record=company:${company.id}` }]);
    } finally {
      await peer.close();
    }
  });

  it('Send&Save files what users copy or forward to the CRM’s address as theirs', async () => {
    const anna = await addUser(ctx, { email: 'anna@vector.test', password: 'Mail-pass-123', fullName: 'Анна Продажи' });
    const contact = makeContact(ctx);
    // A Bcc copy arrives without the Bcc header: only the client is named.
    await dovecot.deliver('crm@vector.test', eml({ from: 'Анна Продажи <anna@vector.test>', to: 'Иван Петров <ivan@client.test>', subject: 'Договор', messageId: id(), headers: { 'Delivered-To': 'crm@vector.test' } }));
    await dovecot.deliver(
      'crm@vector.test',
      eml({ from: 'anna@vector.test', to: 'crm@vector.test', subject: 'Fwd: Заказ', messageId: id(), body: 'Для CRM\n\n---------- Forwarded message ---------\nFrom: Иван Петров <ivan@client.test>\nDate: Mon, 30 Nov 2026\nSubject: Заказ\nTo: <anna@vector.test>\n\nНужно 5 серверов' }),
    );
    connect('crm@vector.test', 'secret3', { folders: ['INBOX'], purpose: 'sendsave' });
    const run = await sync();
    expect(run.counts).toMatchObject({ filed: 2 });
    const [copied, forwarded] = messages();
    expect(copied).toMatchObject({ subject: 'Договор', direction: 'out' });
    expect(forwarded).toMatchObject({ subject: 'Fwd: Заказ', direction: 'in' });
    for (const m of [copied!, forwarded!]) {
      expect(boundTo(m.activity_id)).toEqual([{ entity: 'contact', entity_id: contact.id }]);
      expect(rows<{ responsible_id: number }>(ctx, `SELECT responsible_id FROM activities WHERE id = ${m.activity_id}`)[0]!.responsible_id).toBe(anna.id);
    }
    expect(rows<{ user_id: number }>(ctx, 'SELECT user_id FROM mail_messages').map((r) => r.user_id)).toEqual([anna.id, anna.id]);
    expect(count('leads')).toBe(0);
  });
});
