import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { startSmtpPeer, type SmtpPeer } from '../support/smtp.js';
import { makeContact, rows, useSmtp } from '../support/mail.js';

/** Mass e-mail from a list selection: rights, per-recipient placeholders, the rate limit, the report, the journal of each record. */
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

describe('mass e-mail', () => {
  it('writes to each selected record it may, at the chosen pace, and reports what happened', async () => {
    useSmtp(server.ctx, peer.port);
    const manager = await addUser(server.ctx, { email: 'manager@example.com', password: PASSWORD, fullName: 'Мария Менеджер' });
    const ivan = makeContact(server.ctx, { name: ['Петров', 'Иван'], email: 'ivan@client.test', responsibleId: manager.id });
    const olga = makeContact(server.ctx, { name: ['Смирнова', 'Ольга'], email: 'olga@client.test', responsibleId: manager.id });
    const gone = makeContact(server.ctx, { name: ['Нет', 'Адреса'], email: 'nobody@client.test', responsibleId: manager.id });
    const silent = makeContact(server.ctx, { name: ['Без', 'Почты'], email: [], responsibleId: manager.id });
    const noreply = makeContact(server.ctx, { name: ['Робот', 'Магазин'], email: 'noreply@shop.test', responsibleId: manager.id });
    const foreign = makeContact(server.ctx, { name: ['Чужой', 'Контакт'], email: 'other@client.test', responsibleId: 1 });
    peer.unknownRecipient('nobody@client.test');

    const m = new Client(server.url);
    await m.signIn('manager@example.com', PASSWORD);
    const list = await m.get('/contacts');
    expect(list.text).toContain('E-mail the selected');
    const ids = [ivan, olga, gone, silent, noreply, foreign].map((c) => `ids=${c.id}`).join('&');
    const form = await m.get(`/mass-mail/new?entity=contact&${ids}&action=assign&_csrf=x`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Recipients: 3 of 5 selected');
    expect(form.text).toContain('Без Почты — <span class="muted">no e-mail address: skipped</span>');
    expect(form.text).toContain('Робот Магазин — <span class="muted">no e-mail address: skipped</span>');
    expect(form.text).not.toContain('Чужой');

    const bad = await m.post('/mass-mail', { entity: 'contact', ids: [String(ivan.id)], subject: 'Привет, {{contact.frstName}}', body: '', perMinute: '0' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Unknown placeholder: {{contact.frstName}}.');
    expect(bad.text).toContain('A whole number from 1 to 600.');

    const started = await m.post('/mass-mail', { entity: 'contact', ids: [ivan, olga, gone, silent, noreply, foreign].map((c) => String(c.id)), subject: 'Акция для {{contact.firstName}}', body: 'Здравствуйте, {{contact.name}}!', perMinute: '2' });
    expect(started.status).toBe(303);
    const campaignId = Number(started.headers.get('location')!.split('/').pop());
    const campaign = rows<{ total: number; skipped: number; per_minute: number }>(server.ctx, `SELECT * FROM mail_campaigns WHERE id = ${campaignId}`)[0]!;
    expect(campaign).toEqual(expect.objectContaining({ total: 3, skipped: 3, per_minute: 2 }));

    // The request started the outbox; at 2 a minute one message waits for the next minute.
    await server.ctx.jobs.run('mail-outbox', 'manual');
    await server.ctx.jobs.run('mail-outbox', 'manual');
    const status = () => rows<{ status: string }>(server.ctx, `SELECT status FROM mail_messages WHERE campaign_id = ${campaignId} ORDER BY id`).map((r) => r.status);
    expect(status().filter((s) => s === 'queued')).toHaveLength(1);
    server.ctx.clock.advance(61_000);
    await server.ctx.jobs.run('mail-outbox', 'manual');
    expect(status()).toEqual(['sent', 'sent', 'failed']);
    const got = peer.received.map((r) => [r.to[0], r.parsed.subject, r.parsed.text?.trim()]);
    expect(got).toEqual([
      ['ivan@client.test', 'Акция для Иван', 'Здравствуйте, Петров Иван!'],
      ['olga@client.test', 'Акция для Ольга', 'Здравствуйте, Смирнова Ольга!'],
    ]);

    const report = await m.get(`/mass-mail/${campaignId}`);
    expect(report.text).toContain('Sent: 2. Could not be sent: 1. Waiting: 0. Skipped: 3.');
    expect(report.text).toContain('550 No such user here');
    expect(report.text).toContain('The mailing is over.');
    const page = await m.get(`/contacts/${olga.id}`);
    expect(page.text).toContain('Акция для Ольга');
    expect(rows(server.ctx, `SELECT * FROM activity_bindings b JOIN activities a ON a.id = b.activity_id WHERE b.entity = 'contact' AND b.entity_id = ${foreign.id}`)).toEqual([]);

    const other = await addUser(server.ctx, { email: 'oleg@example.com', password: PASSWORD, fullName: 'Олег' });
    expect(other.id).toBeGreaterThan(0);
    const o = new Client(server.url);
    await o.signIn('oleg@example.com', PASSWORD);
    expect((await o.get(`/mass-mail/${campaignId}`)).status).toBe(404);
    expect((await admin.get(`/mass-mail/${campaignId}`)).status).toBe(200);
  });
});
