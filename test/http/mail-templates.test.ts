import { describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { makeCompany, makeContact, makeDeal, rows } from '../support/mail.js';

/** Templates: shared and own, placeholders checked when saved and filled from the record when used. */
let server: TestServer;
let admin: Client;
const PASSWORD = 'Mail-pass-123';

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const templateId = (name: string) => rows<{ id: number }>(server.ctx, `SELECT id FROM mail_templates WHERE name = '${name}'`)[0]!.id;

async function manager(email: string) {
  await addUser(server.ctx, { email, password: PASSWORD, fullName: email });
  const c = new Client(server.url);
  await c.signIn(email, PASSWORD);
  return c;
}

describe('mail templates', () => {
  it('refuses unknown placeholders and fills known ones from the record the e-mail is written from', async () => {
    await admin.get('/mail-templates/new');
    const bad = await admin.post('/mail-templates', { name: 'КП', subject: 'Предложение для {{company.tittle}}', body: 'Здравствуйте, {{contact.nmae}}' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Unknown placeholder: {{company.tittle}}.');
    expect(bad.text).toContain('Unknown placeholder: {{contact.nmae}}.');
    expect(bad.text).toContain('value="Предложение для {{company.tittle}}"');
    const ok = await admin.post('/mail-templates', { name: 'КП', subject: 'Предложение: {{deal.title}}', body: 'Здравствуйте, {{contact.firstName}}!\nСумма: {{deal.amount}}, {{company.title}}.\n{{user.signature}}', shared: '1' });
    expect(ok.status).toBe(303);

    await admin.get('/account/mail');
    await admin.post('/account/mail', { fromName: '', signature: 'Анна, отдел продаж' });
    const company = makeCompany(server.ctx, { title: 'ООО Ромашка' });
    const contact = makeContact(server.ctx, { companyIds: [company.id] });
    const deal = makeDeal(server.ctx, { title: 'Поставка серверов', contactId: contact.id, companyId: company.id });
    const page = await admin.get(`/mail/compose?entity=deal&id=${deal.id}&template=${templateId('КП')}`);
    expect(page.text).toContain('value="Предложение: Поставка серверов"');
    expect(page.text).toMatch(/Здравствуйте, Иван!\nСумма: RUB\s150,000\.00, ООО Ромашка\.\nАнна, отдел продаж/);
  });

  it('keeps a user’s own templates to them; shared ones are changed by administrators only', async () => {
    await admin.get('/mail-templates/new');
    await admin.post('/mail-templates', { name: 'Общий', subject: 'Тема', body: 'Текст', shared: '1' });
    const m = await manager('m1@example.com');
    await m.get('/mail-templates/new');
    // "shared" from a user who may not change settings makes their own template.
    await m.post('/mail-templates', { name: 'Мой', subject: 'Тема', body: 'Текст', shared: '1' });
    expect(rows<{ owner_id: number | null }>(server.ctx, "SELECT owner_id FROM mail_templates WHERE name = 'Мой'")[0]!.owner_id).not.toBeNull();
    const list = await m.get('/mail-templates');
    expect(list.text).toContain('Общий');
    expect(list.text).toContain('Мой');
    expect(list.text).not.toContain(`href="/mail-templates/${templateId('Общий')}"`);
    expect((await m.get(`/mail-templates/${templateId('Общий')}`)).status).toBe(403);
    expect((await m.post(`/mail-templates/${templateId('Общий')}/delete`, {})).status).toBe(403);

    const other = await manager('m2@example.com');
    expect((await other.get('/mail-templates')).text).not.toContain('Мой');
    expect((await other.get(`/mail-templates/${templateId('Мой')}`)).status).toBe(404);
    const contact = makeContact(server.ctx, { responsibleId: 3 });
    const page = await other.get(`/mail/compose?entity=contact&id=${contact.id}&template=${templateId('Мой')}`);
    expect(page.text).not.toContain('value="Тема"');

    await m.get('/mail-templates');
    expect((await m.post(`/mail-templates/${templateId('Мой')}/delete`, {})).status).toBe(303);
    expect(rows(server.ctx, "SELECT * FROM mail_templates WHERE name = 'Мой'")).toEqual([]);
  });
});
