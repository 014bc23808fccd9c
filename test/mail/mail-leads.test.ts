import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { eml } from '../support/eml.js';
import { rows } from '../support/mail.js';

/**
 * Who gets the leads a mailbox makes from strangers' mail: the owner, or the chosen users in turn
 * (the distribution module), an absent one skipped — set on the mailbox page, read from a real Dovecot.
 */
let server: TestServer;
let admin: Client;
let dovecot: Dovecot;
const PASSWORD = 'Mail-pass-123';

beforeAll(async () => {
  dovecot = await startDovecot({ 'sales@vector.test': 'secret' });
});
afterAll(() => dovecot.close());
beforeEach(() => dovecot.empty('sales@vector.test'));
eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const form = (over: Record<string, string | string[]>) => ({ address: 'sales@vector.test', host: '127.0.0.1', port: String(dovecot.port), security: 'none', username: '', password: 'secret', folders: 'INBOX', collect: '3', createLeads: '1', active: '1', ...over });
const leads = () => rows<{ title: string; responsible_id: number }>(server.ctx, 'SELECT title, responsible_id FROM leads ORDER BY id');
let n = 0;
const stranger = (who: string) => eml({ from: `${who} <${who.toLowerCase()}@stranger${++n}.test>`, to: 'sales@vector.test', subject: `Запрос ${n}`, body: 'Сколько стоит?', messageId: `lead${n}.${Date.now()}@stranger.test` });

describe('leads from mail', () => {
  it('go in turn among the chosen users, skipping one who is absent today', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@vector.test', password: PASSWORD, fullName: 'Анна Первая' });
    const boris = await addUser(server.ctx, { email: 'boris@vector.test', password: PASSWORD, fullName: 'Борис Второй' });
    const vera = await addUser(server.ctx, { email: 'vera@vector.test', password: PASSWORD, fullName: 'Вера Третья' });

    const page = await admin.get('/mailboxes/new');
    expect(page.text).toContain('Responsible for leads from this mailbox');
    expect(page.text).toContain('In turn among the chosen users');
    expect(page.text).toContain('Users who are absent today or deactivated are skipped');
    const none = await admin.post('/mailboxes', form({ leadResponsible: 'rotation' }));
    expect(none.status).toBe(422);
    expect(none.text).toContain('Please fill this in.');
    expect(rows(server.ctx, 'SELECT id FROM mailboxes')).toEqual([]);

    expect((await admin.post('/mailboxes', form({ leadResponsible: 'rotation', leadUserIds: [String(anna.id), String(boris.id), String(vera.id)] }))).status).toBe(303);
    const box = rows<{ id: number; lead_responsible: string; lead_user_ids: string }>(server.ctx, 'SELECT * FROM mailboxes')[0]!;
    expect(box).toMatchObject({ lead_responsible: 'rotation', lead_user_ids: JSON.stringify([anna.id, boris.id, vera.id]) });
    const shown = await admin.get(`/mailboxes/${box.id}`);
    expect(shown.text).toContain('name="leadResponsible" value="rotation" checked');
    expect(shown.text).toContain(`name="leadUserIds" value="${boris.id}" checked`);

    // Boris is away until the end of the year: his turns go to the next one.
    server.ctx.db.run(sql`UPDATE users SET absent_until = '2999-12-31' WHERE id = ${boris.id}`);
    for (const who of ['Ольга', 'Пётр', 'Семён']) await dovecot.deliver('sales@vector.test', stranger(who));
    expect((await admin.post('/mailboxes/sync', {})).status).toBe(303);
    expect(leads().map((l) => l.responsible_id)).toEqual([anna.id, vera.id, anna.id]);

    // Back at work, Boris is next after Anna.
    server.ctx.db.run(sql`UPDATE users SET absent_until = NULL WHERE id = ${boris.id}`);
    await dovecot.deliver('sales@vector.test', stranger('Ирина'));
    await admin.post('/mailboxes/sync', {});
    expect(leads().at(-1)!.responsible_id).toBe(boris.id);

    // Back to "the mailbox owner".
    await admin.post(`/mailboxes/${box.id}`, form({ leadResponsible: 'owner', leadUserIds: [String(anna.id)] }));
    await dovecot.deliver('sales@vector.test', stranger('Глеб'));
    await admin.post('/mailboxes/sync', {});
    expect(leads().at(-1)!.responsible_id).toBe(1);
  });

  it('is in Russian too, and refuses colleagues the owner may not give leads to', async () => {
    const maria = await addUser(server.ctx, { email: 'maria@vector.test', password: PASSWORD, fullName: 'Мария Менеджер', role: 'manager' });
    const oleg = await addUser(server.ctx, { email: 'oleg@vector.test', password: PASSWORD, fullName: 'Олег Другой', role: 'manager' });
    const m = new Client(server.url);
    await m.signIn('maria@vector.test', PASSWORD);
    server.ctx.db.run(sql`UPDATE users SET locale = 'ru' WHERE id = ${maria.id}`);
    const page = await m.get('/mailboxes/new');
    expect(page.text).toContain('Ответственный за лиды из этого ящика');
    expect(page.text).toContain('По очереди среди выбранных');
    const refused = await m.post('/mailboxes', form({ leadResponsible: 'rotation', leadUserIds: [String(maria.id), String(oleg.id)] }));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Владелец ящика не может создавать лиды для: Олег Другой.');
    expect((await m.post('/mailboxes', form({ leadResponsible: 'rotation', leadUserIds: [String(maria.id)] }))).status).toBe(303);
  });
});
