import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { buildForm, builderPost, leadsMade, stampOf, submit } from '../support/forms.js';
import { updateUser } from '../../src/features/users/queries.js';
import { spamPolicy } from '../../src/features/forms/spam.js';

let server: TestServer;
let admin: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

const visitor = { firstName: 'Maria', phone: '+7 916 123-45-67', email: 'maria@example.com', comments: 'Call after 18:00', consent: '1', _page: 'https://shop.example.com/promo?utm_source=yandex&utm_medium=cpc&utm_campaign=spring', _referrer: 'https://ya.ru/' };
const rejections = () => Object.fromEntries(server.ctx.db.all<{ reason: string; count: number }>(sql`SELECT reason, count FROM form_rejections`).map((r) => [r.reason, r.count]));

describe('web forms: builder, hosted page and submissions', () => {
  it('turns a hosted-page submission into a lead with its source, page and UTM data, and tells the responsible', async () => {
    const anna = await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna Petrova' });
    const webform = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM reference_items WHERE list = 'source' AND name = 'Web form'`)[0]!.id;
    const { key } = await buildForm(server, admin, { responsibleIds: String(anna.id), sourceId: String(webform) });
    const page = await fetch(`${server.url}/forms/${key}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Call me back');
    expect(html).toContain('name="phone"');
    expect(html).toContain('I agree to the processing of my personal data');

    const stamp = /name="_stamp" value="([^"]+)"/.exec(html)![1]!;
    server.ctx.clock.advance(5_000);
    const sent = await submit(server, key, { ...visitor, _stamp: stamp });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Thank you! We have received your request');

    const [lead] = leadsMade(server);
    expect(lead).toMatchObject({ title: 'Callback — Maria', first_name: 'Maria', responsible_id: anna.id, source_id: webform, created_by: null, comments: 'Call after 18:00' });
    const comms = server.ctx.db.all<{ kind: string; value: string }>(sql`SELECT kind, value FROM communications WHERE entity = 'lead' AND entity_id = ${lead!.id} ORDER BY kind`);
    expect(comms).toEqual([{ kind: 'email', value: 'maria@example.com' }, { kind: 'phone', value: '+7 916 123-45-67' }]);
    const origin = server.ctx.db.all<Record<string, unknown>>(sql`SELECT * FROM record_origins`)[0]!;
    expect(origin).toMatchObject({ entity: 'lead', entity_id: lead!.id, channel: 'form', source_name: 'Callback', utm_source: 'yandex', utm_medium: 'cpc', utm_campaign: 'spring', referrer: 'https://ya.ru/', page_url: visitor._page });
    const notes = server.ctx.db.all<{ user_id: number; kind: string; params: string }>(sql`SELECT user_id, kind, params FROM notifications`);
    expect(notes).toEqual([{ user_id: anna.id, kind: 'captured', params: JSON.stringify({ source: 'Callback', title: 'Callback — Maria' }) }]);
    const history = server.ctx.db.all<{ kind: string; user_id: number | null }>(sql`SELECT kind, user_id FROM history WHERE entity = 'lead'`);
    expect(history).toEqual([{ kind: 'created', user_id: null }]);
    const shown = await admin.get(`/leads/${lead!.id}`);
    expect(shown.text).toContain('Where it came from');
    expect(shown.text).toMatch(/<dt>Web form<\/dt><dd>Callback<\/dd>/);
    expect(shown.text).toMatch(/<dt>utm_campaign<\/dt><dd>spring<\/dd>/);
  });

  it('refuses a submission without consent, with a missing required field or a wrong phone, keeping what was typed', async () => {
    const { key } = await buildForm(server, admin);
    const stamp = await stampOf(server, key);
    const refused = await submit(server, key, { ...visitor, consent: '', phone: '12', firstName: '', _stamp: stamp });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Please give your consent to send the form.');
    expect(refused.text).toContain('Please fill this in.');
    expect(refused.text).toContain('Enter a phone number');
    expect(refused.text).toContain('value="maria@example.com"');
    // Corrected at once, it is not "too fast": its fill time began when it was first shown.
    expect(refused.text).toContain(`name="_stamp" value="${stamp}"`);
    expect((await submit(server, key, { ...visitor, _stamp: stamp })).status).toBe(200);
    expect(leadsMade(server)).toHaveLength(1);
  });

  it('answers a robot that filled the honeypot as a person, and a form sent too fast or with a forged stamp with a message; none make anything', async () => {
    const { key } = await buildForm(server, admin);
    const stamp = await stampOf(server, key);
    const trapped = await submit(server, key, { ...visitor, _stamp: stamp, [spamPolicy.honeypot]: 'http://spam.example' });
    expect(trapped.status).toBe(200);
    expect(trapped.text).toContain('Thank you!');
    const fresh = /name="_stamp" value="([^"]+)"/.exec(await fetch(`${server.url}/forms/${key}`).then((r) => r.text()))![1]!;
    const fast = await submit(server, key, { ...visitor, _stamp: fresh });
    expect(fast.status).toBe(422);
    expect(fast.text).toContain('The form was sent too quickly');
    const forged = await submit(server, key, { ...visitor, _stamp: `${Date.now() - 60_000}.AAAAAAAAAAAAAAAAAAAAAA` });
    expect(forged.status).toBe(422);
    expect(leadsMade(server)).toEqual([]);
    expect(rejections()).toEqual({ honeypot: 1, tooFast: 1, expired: 1 });
  });

  it('limits submissions per address and counts the refused ones', async () => {
    const { key, id } = await buildForm(server, admin);
    const stamp = await stampOf(server, key);
    for (let i = 0; i < spamPolicy.perAddress; i++) expect((await submit(server, key, { ...visitor, phone: `+7 916 000-00-${String(i).padStart(2, '0')}`, _stamp: stamp })).status).toBe(200);
    const limited = await submit(server, key, { ...visitor, _stamp: stamp });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many submissions from your address');
    expect(leadsMade(server)).toHaveLength(spamPolicy.perAddress);
    expect(rejections()).toEqual({ rateLimit: 1 });
    const list = await admin.get('/leads/forms');
    expect(list.text).toMatch(new RegExp(`data-form="${id}"[\\s\\S]*?<td>${spamPolicy.perAddress}</td>[\\s\\S]*?<td>0</td>[\\s\\S]*?<td>1</td>`));
    server.ctx.clock.advance(spamPolicy.windowMs);
    expect((await submit(server, key, { ...visitor, _stamp: await stampOf(server, key) })).status).toBe(200);
  });

  it('distributes leads in turn among three users and skips the one absent today', async () => {
    const team: number[] = [];
    for (const name of ['Anna', 'Boris', 'Vera']) team.push((await addUser(server.ctx, { email: `${name.toLowerCase()}@example.com`, password: `${name}-pass-123`, fullName: name })).id);
    const { key } = await buildForm(server, admin, { responsibleMode: 'rotation', responsibleIds: team.map(String) });
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await submit(server, key, { ...visitor, _stamp: await stampOf(server, key) })).status).toBe(200);
    };
    await send(4);
    const today = new Date(server.ctx.clock.now() + 3 * 3_600_000).toISOString().slice(0, 10);
    updateUser(server.ctx.db, team[1]!, { absentUntil: today });
    await send(3);
    const [anna, boris, vera] = team as [number, number, number];
    expect(leadsMade(server).map((l) => l.responsible_id)).toEqual([anna, boris, vera, anna, vera, anna, vera]);
  });

  it('makes a contact and a deal in the chosen pipeline, and joins a second deal of the same phone to that contact', async () => {
    const pipeline = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM pipelines`)[0]!.id;
    const { key } = await buildForm(server, admin, { creates: 'contactDeal', pipelineId: String(pipeline) }, [
      { target: 'lastName', type: 'text', label: 'Surname', required: true },
      { target: 'phone', type: 'phone', label: 'Phone', required: true },
      { target: 'comments', type: 'textarea', label: 'What do you need?' },
    ]);
    expect((await submit(server, key, { lastName: 'Kuznetsova', phone: '8 (916) 123-45-67', comments: '20 laptops', consent: '1', _stamp: await stampOf(server, key) })).status).toBe(200);
    expect((await submit(server, key, { lastName: 'Kuznetsova M.', phone: '+7 916 1234567', comments: 'Also monitors', consent: '1', _stamp: await stampOf(server, key) })).status).toBe(200);
    const contacts = server.ctx.db.all<{ id: number; full_name: string }>(sql`SELECT id, full_name FROM contacts`);
    expect(contacts).toHaveLength(1);
    const deals = server.ctx.db.all<{ title: string; contact_id: number; pipeline_id: number; comments: string }>(sql`SELECT title, contact_id, pipeline_id, comments FROM deals ORDER BY id`);
    expect(deals).toEqual([
      { title: 'Callback — Kuznetsova', contact_id: contacts[0]!.id, pipeline_id: pipeline, comments: '20 laptops' },
      { title: 'Callback — Kuznetsova M.', contact_id: contacts[0]!.id, pipeline_id: pipeline, comments: 'Also monitors' },
    ]);
    expect(leadsMade(server)).toEqual([]);
  });

  it('checks the builder: targets used twice, a type the target does not take, required custom fields, the policy', async () => {
    await admin.get('/settings/fields');
    await admin.post('/settings/fields', { entity: 'lead', label: 'Region', type: 'string', required: '1' });
    await admin.get('/leads/forms/new');
    const refused = await admin.post('/leads/forms', builderPost({ policyText: '' }, [
      { target: 'phone', type: 'phone', label: 'Phone' },
      { target: 'phone', type: 'email', label: 'Phone again' },
    ]));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Another row already fills this field.');
    expect(refused.text).toContain('This field cannot be of this type.');
    expect(refused.text).toContain('The CRM requires these fields, so the form must fill them (a hidden field will do): Region.');
    expect(refused.text).toContain('Give the policy text or the address of its page.');
    const code = server.ctx.db.all<{ code: string }>(sql`SELECT code FROM custom_fields`)[0]!.code;
    const made = await admin.post('/leads/forms', builderPost({}, [
      { target: 'phone', type: 'phone', label: 'Phone', required: true },
      { target: `cf_${code}`, type: 'hidden', value: 'Moscow' },
    ]));
    expect(made.status).toBe(303);
  });

  it('lets only administrators and roles allowed to build forms reach the builder; an inactive form is not available', async () => {
    await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna' });
    const anna = new Client(server.url);
    await anna.signIn('anna@example.com', 'Anna-pass-123');
    expect((await anna.get('/leads/forms')).status).toBe(403);
    const { key, id } = await buildForm(server, admin, { active: null });
    expect((await fetch(`${server.url}/forms/${key}`)).status).toBe(404);
    const preview = await admin.get(`/forms/${key}?preview=1`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Preview: the form is not sent.');
    const manager = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM roles WHERE code = 'manager'`)[0]!.id;
    await admin.get(`/settings/roles/${manager}`);
    server.ctx.db.run(sql`UPDATE roles SET may_edit_forms = 1 WHERE id = ${manager}`);
    expect((await anna.get(`/leads/forms/${id}`)).status).toBe(200);
  });
});
