import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { makeContact, rows, useSmtp } from '../support/mail.js';

/** Notifications a user asked for by e-mail arrive by e-mail, once each, in their language; the others do not. */
let server: TestServer;
let peer: SmtpPeer;
const PASSWORD = 'Mail-pass-123';

eachWithAdmin((s) => {
  server = s;
});
beforeEach(async () => {
  peer = await startSmtpPeer();
});
afterEach(() => peer.close());

describe('notifications by e-mail', () => {
  it('mails the kinds a user chose, once, with a link to the record', async () => {
    const before = makeContact(server.ctx, { name: ['До', 'Настройки'], responsibleId: 1 });
    expect(before.id).toBeGreaterThan(0);
    const maria = await addUser(server.ctx, { email: 'maria@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const oleg = await addUser(server.ctx, { email: 'oleg@example.com', password: PASSWORD, fullName: 'Олег Другой' });
    const m = new Client(server.url);
    await m.signIn('maria@example.com', PASSWORD);
    await m.get('/notifications');
    expect((await m.post('/notifications/settings', { email: ['assigned', 'reminder'] })).status).toBe(303);
    // Assigned before mail was set up: never mailed.
    makeContact(server.ctx, { name: ['Ранний', 'Контакт'], responsibleId: maria.id });
    server.ctx.config.publicUrl = 'https://crm.vector.test';
    useSmtp(server.ctx, peer.port);

    const contact = makeContact(server.ctx, { name: ['Петров', 'Иван'], responsibleId: maria.id });
    makeContact(server.ctx, { name: ['Олегов', 'Клиент'], responsibleId: oleg.id });
    const run = await server.ctx.jobs.run('notification-mail', 'manual');
    expect(JSON.parse(run.counts!)).toEqual({ queued: 1 });
    expect(JSON.parse((await server.ctx.jobs.run('notification-mail', 'manual')).counts!)).toEqual({ queued: 0 });
    await server.ctx.jobs.run('mail-outbox', 'manual');
    const [got] = await peer.waitFor(1);
    expect(got!.to).toEqual(['maria@example.com']);
    expect(got!.parsed.subject).toContain('Петров Иван');
    expect(got!.parsed.text).toContain(`Open: https://crm.vector.test/contacts/${contact.id}`);
    expect(peer.received).toHaveLength(1);
    // System mail is on no record.
    expect(rows<{ kind: string; activity_id: number | null }>(server.ctx, 'SELECT kind, activity_id FROM mail_messages')).toEqual([{ kind: 'system', activity_id: null }]);
  });
});
