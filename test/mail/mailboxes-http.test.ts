import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eml } from '../support/eml.js';
import { makeContact, rows, useSmtp } from '../support/mail.js';
import { startSmtpPeer } from '../support/smtp.js';

/** Settings → Mailboxes over HTTP: who sees and changes which mailbox, the connection check, reading now, and a message on the contact. */
let server: TestServer;
let admin: Client;
let dovecot: Dovecot;
const PASSWORD = 'Mail-pass-123';

beforeAll(async () => {
  dovecot = await startDovecot({ 'sales@vector.test': 'secret', 'maria@vector.test': 'maria-secret' });
});
afterAll(() => dovecot.close());
beforeEach(() => dovecot.empty('sales@vector.test'));
eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const form = (over: Record<string, string>) => ({ host: '127.0.0.1', port: String(dovecot.port), security: 'none', username: '', folders: 'INBOX\nSent', collect: '3', createLeads: '1', active: '1', ...over });

describe('mailboxes', () => {
  it('a user connects their own mailbox; others do not see it; an administrator sees all', async () => {
    const maria = await addUser(server.ctx, { email: 'maria@vector.test', password: PASSWORD, fullName: 'Мария Менеджер' });
    await addUser(server.ctx, { email: 'oleg@vector.test', password: PASSWORD, fullName: 'Олег Другой' });
    const m = new Client(server.url);
    await m.signIn('maria@vector.test', PASSWORD);
    await m.get('/mailboxes/new');
    const missing = await m.post('/mailboxes', form({ address: 'maria@vector.test', password: '', folders: '' }));
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Name at least one folder.');
    const noPassword = await m.post('/mailboxes', form({ address: 'maria@vector.test', password: '' }));
    expect(noPassword.text).toContain('Please fill this in.');
    // A manager cannot make the Send&Save mailbox or give theirs to someone else.
    expect((await m.post('/mailboxes', form({ address: 'maria@vector.test', password: 'maria-secret', purpose: 'sendsave' }))).status).toBe(403);
    const ok = await m.post('/mailboxes', form({ address: 'maria@vector.test', password: 'maria-secret', ownerId: '1' }));
    expect(ok.status).toBe(303);
    const box = rows<{ id: number; owner_id: number; password_enc: string; purpose: string; collect_days: number }>(server.ctx, 'SELECT * FROM mailboxes')[0]!;
    expect(box).toMatchObject({ owner_id: maria.id, purpose: 'personal', collect_days: 3 });
    expect(box.password_enc).not.toContain('maria-secret');

    const check = await m.post(`/mailboxes/${box.id}/test`, {});
    expect(check.text).toContain('Signed in. Folders on the server:');
    expect(check.text).toContain('INBOX');

    const o = new Client(server.url);
    await o.signIn('oleg@vector.test', PASSWORD);
    expect((await o.get('/mailboxes')).text).not.toContain('maria@vector.test');
    expect((await o.get(`/mailboxes/${box.id}`)).status).toBe(404);
    expect((await o.post(`/mailboxes/${box.id}/delete`, {})).status).toBe(404);
    expect((await admin.get('/mailboxes')).text).toContain('maria@vector.test');

    await m.get(`/mailboxes/${box.id}`);
    await m.post(`/mailboxes/${box.id}`, form({ address: 'maria@vector.test', password: 'wrong' }));
    const refused = await m.post(`/mailboxes/${box.id}/test`, {});
    expect(refused.text).toContain('The server refused:');
    expect(refused.text).toMatch(/AUTHENTICATIONFAILED|Authentication failed/);
  });

  it('reading now files a message on the contact, shown on the contact’s page', async () => {
    const contact = makeContact(server.ctx);
    await dovecot.deliver('sales@vector.test', eml({ from: 'Иван Петров <ivan@client.test>', to: 'sales@vector.test', subject: 'Вопрос по счёту', body: 'Когда будет счёт?', messageId: `q${Date.now()}@client.test` }));
    await admin.get('/mailboxes/new');
    await admin.post('/mailboxes', form({ address: 'sales@vector.test', password: 'secret', folders: 'INBOX' }));
    const synced = await admin.post('/mailboxes/sync', {});
    expect(synced.status).toBe(303);
    const list = await admin.get('/mailboxes');
    expect(list.text).toContain('Mailboxes read.');
    const card = await admin.get(`/mail/record/contact/${contact.id}`);
    expect(card.text).toContain('Вопрос по счёту');
    expect(card.text).toContain('From Иван Петров');
    const id = rows<{ id: number }>(server.ctx, 'SELECT id FROM mail_messages')[0]!.id;
    const thread = await admin.get(`/mail/${id}?record=contact:${contact.id}`);
    expect(thread.text).toContain('Когда будет счёт?');
    expect(thread.text).toContain(`/mail/compose?entity=contact&id=${contact.id}&reply=${id}`);
  });

  it('a reply from the record goes out with the threading headers and joins the thread', async () => {
    const peer = await startSmtpPeer();
    try {
      useSmtp(server.ctx, peer.port);
      const contact = makeContact(server.ctx);
      const original = `orig${Date.now()}@client.test`;
      await dovecot.deliver('sales@vector.test', eml({ from: 'Иван Петров <ivan@client.test>', to: 'sales@vector.test', subject: 'Сроки поставки', body: 'Успеете к пятнице?', messageId: original, references: ['root@client.test'] }));
      await admin.get('/mailboxes/new');
      await admin.post('/mailboxes', form({ address: 'sales@vector.test', password: 'secret', folders: 'INBOX' }));
      await admin.post('/mailboxes/sync', {});
      const id = rows<{ id: number }>(server.ctx, `SELECT id FROM mail_messages WHERE message_id = '${original}'`)[0]!.id;

      const compose = await admin.get(`/mail/compose?entity=contact&id=${contact.id}&reply=${id}`);
      expect(compose.text).toContain('value="Re: Сроки поставки"');
      expect(compose.text).toContain('value="ivan@client.test" checked');
      expect(compose.text).toContain('&gt; Успеете к пятнице?');
      const sent = await admin.postMultipart('/mail/send', { entity: 'contact', entityId: String(contact.id), reply: String(id), to: 'ivan@client.test', subject: 'Re: Сроки поставки', body: 'Успеем.' });
      expect(sent.status).toBe(303);
      const [got] = await peer.waitFor(1);
      expect(got!.parsed.inReplyTo).toBe(`<${original}>`);
      expect(got!.parsed.references).toEqual(['<root@client.test>', `<${original}>`]);
      const thread = rows<{ thread_id: string }>(server.ctx, 'SELECT DISTINCT thread_id FROM mail_messages');
      expect(thread).toEqual([{ thread_id: 'root@client.test' }]);
      const page = await admin.get(`/mail/${id}`);
      expect(page.text).toContain('Успеете к пятнице?');
      expect(page.text).toContain('Успеем.');
      const card = await admin.get(`/mail/record/contact/${contact.id}`);
      expect(card.text).toMatch(/>Сроки поставки<\/a>\s*<span class="chip">2<\/span>/);
    } finally {
      await peer.close();
    }
  });
});
