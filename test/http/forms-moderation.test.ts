import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { buildForm, leadsMade, stampOf, submit } from '../support/forms.js';

/** Moderation ("manual transfer", seed 003): submissions wait until a manager deletes junk and sends the rest on. */
let server: TestServer;
let admin: Client;
let anna: Client;
let annaId: number;
let boris: Client;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

beforeEach(async () => {
  annaId = (await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna Petrova' })).id;
  await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-123', fullName: 'Boris Ivanov' });
  anna = new Client(server.url);
  await anna.signIn('anna@example.com', 'Anna-pass-123');
  boris = new Client(server.url);
  await boris.signIn('boris@example.com', 'Boris-pass-123');
});

const waiting = () => server.ctx.db.all<{ id: number; status: string }>(sql`SELECT id, status FROM form_submissions ORDER BY id`);
const send = async (key: string, name: string, phone: string) =>
  expect((await submit(server, key, { firstName: name, phone, consent: '1', _stamp: await stampOf(server, key) })).status).toBe(200);

describe('moderation of web form submissions', () => {
  it('keeps submissions waiting for the responsible manager, who deletes junk and sends the rest to the CRM', async () => {
    const { key } = await buildForm(server, admin, { transfer: 'manual', responsibleIds: String(annaId) });
    await send(key, 'Maria', '+7 916 111-11-11');
    await send(key, 'BUY CHEAP PILLS', '+7 900 000-00-00');
    await send(key, 'Pavel', '+7 916 222-22-22');
    await send(key, 'Olga', '+7 916 333-33-33');
    expect(leadsMade(server)).toEqual([]);

    const list = await anna.get('/leads/inbox');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Waiting: 4');
    expect(list.text).toContain('BUY CHEAP PILLS');
    expect(list.text).toContain('+7 916 222-22-22');
    const [maria, junk, pavel, olga] = waiting().map((s) => s.id) as [number, number, number, number];
    // Someone neither responsible for the form nor allowed to build forms sees none of it.
    expect((await boris.get('/leads/inbox')).text).toContain('None of the forms you are responsible for waits for a check.');
    expect((await boris.post(`/leads/inbox/${maria}/send`, {})).status).toBe(403);

    expect((await anna.post(`/leads/inbox/${junk}/delete`, {})).status).toBe(303);
    const sent = await anna.post(`/leads/inbox/${maria}/send`, { open: '1' });
    expect(sent.status).toBe(303);
    const [lead] = leadsMade(server);
    expect(sent.headers.get('location')).toBe(`/leads/${lead!.id}`);
    expect(lead).toMatchObject({ title: 'Callback — Maria', responsible_id: annaId, created_by: annaId });
    expect((await anna.post(`/leads/inbox/${maria}/send`, {})).status).toBe(409);

    await anna.get('/leads/inbox');
    const bulk = await anna.post('/leads/inbox', { ids: [String(pavel), String(olga)], action: 'send' });
    expect(bulk.status).toBe(303);
    expect((await anna.get('/leads/inbox')).text).toContain('Sent to the CRM: 2');
    expect(leadsMade(server).map((l) => l.first_name)).toEqual(['Maria', 'Pavel', 'Olga']);
    expect(waiting().map((s) => s.status)).toEqual(['sent', 'deleted', 'sent', 'sent']);
    // Junk is erased, not kept.
    expect(server.ctx.db.all<{ values: string }>(sql`SELECT "values" FROM form_submissions WHERE id = ${junk}`)[0]!.values).toBe('{}');
  });

  it('keeps an automatic submission waiting when the CRM now requires a field the form does not ask, with the reason', async () => {
    const { key } = await buildForm(server, admin, { responsibleIds: String(annaId) });
    await admin.get('/settings/fields');
    await admin.post('/settings/fields', { entity: 'lead', label: 'Region', type: 'string', required: '1' });
    await send(key, 'Maria', '+7 916 111-11-11');
    expect(leadsMade(server)).toEqual([]);
    const list = await anna.get('/leads/inbox');
    expect(list.text).toContain('Maria');
    expect(list.text).toContain('Could not be sent at once: the CRM requires Region.');
    const refused = await anna.post(`/leads/inbox/${waiting()[0]!.id}/send`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('could not be sent; nothing was changed');
    expect(refused.text).toContain('Region: Please fill this in.');
    expect(leadsMade(server)).toEqual([]);
  });
});
