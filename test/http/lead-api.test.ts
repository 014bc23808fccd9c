import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { addUser, type TestServer } from '../support/server.js';
import { eachWithAdmin } from '../support/suite.js';
import { buildForm, leadsMade } from '../support/forms.js';

/** POST /api/leads with an integration token (acting as its user) or a form's secret (acting as the form). */
let server: TestServer;
let admin: Client;
let annaId: number;

eachWithAdmin((s, a) => {
  server = s;
  admin = a;
});

beforeEach(async () => {
  annaId = (await addUser(server.ctx, { email: 'anna@example.com', password: 'Anna-pass-123', fullName: 'Anna Petrova' })).id;
});

async function integrationToken(userId: number, name = 'Site feedback'): Promise<string> {
  await admin.get('/settings/integrations');
  const made = await admin.post('/settings/integrations', { name, userId: String(userId) });
  expect(made.status).toBe(201);
  expect(made.text).toContain(`/rest/${userId}/`);
  return /data-token>([^<]+)</.exec(made.text)![1]!;
}

const api = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/leads`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }).then(async (res) => ({ status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> }));

describe('the lead API', () => {
  it('makes a lead as the integration token’s user from JSON, with the page’s UTM data, and tells its responsible', async () => {
    const token = await integrationToken(annaId);
    const res = await api(
      { title: 'Quote for 20 laptops', firstName: 'Maria', lastName: 'Kuznetsova', phone: ['+7 916 123-45-67', '8 495 000-11-22'], email: 'maria@example.com', comments: 'Call after six', source: 'website', page: 'https://shop.example.com/?utm_source=newsletter&utm_campaign=may', referrer: 'https://mail.example.com/' },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ ok: true, entity: 'lead', url: `${server.url}/leads/${res.json.id}` });
    const [lead] = leadsMade(server);
    const website = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM reference_items WHERE name = 'Website'`)[0]!.id;
    expect(lead).toMatchObject({ id: res.json.id, title: 'Quote for 20 laptops', responsible_id: annaId, created_by: annaId, source_id: website });
    expect(server.ctx.db.all<{ value: string }>(sql`SELECT value FROM communications WHERE entity_id = ${lead!.id} AND kind = 'phone' ORDER BY sort`).map((c) => c.value)).toEqual(['+7 916 123-45-67', '8 495 000-11-22']);
    expect(server.ctx.db.all(sql`SELECT channel, source_name, utm_source, utm_campaign, referrer FROM record_origins`)).toEqual([{ channel: 'api', source_name: 'Site feedback', utm_source: 'newsletter', utm_campaign: 'may', referrer: 'https://mail.example.com/' }]);
    // The token acts as Anna, yet Anna hears of the lead: it came from outside.
    expect(server.ctx.db.all(sql`SELECT user_id, kind FROM notifications`)).toEqual([{ user_id: annaId, kind: 'captured' }]);
    expect(server.ctx.db.all<{ last_used_at: number | null }>(sql`SELECT last_used_at FROM integration_tokens`)[0]!.last_used_at).not.toBeNull();
  });

  it('takes a form-encoded body with the token as a field', async () => {
    const token = await integrationToken(annaId);
    const res = await fetch(`${server.url}/api/leads`, { method: 'POST', body: new URLSearchParams({ token, firstName: 'Pavel', phone: '+7 916 000-00-01' }) });
    expect(res.status).toBe(201);
    expect(leadsMade(server)[0]).toMatchObject({ title: 'Site feedback — Pavel', first_name: 'Pavel' });
  });

  it('answers every refusal as JSON: no token, a wrong one, bad values, the user’s rights, an unreadable or too large body', async () => {
    const token = await integrationToken(annaId);
    const auth = { authorization: `Bearer ${token}` };
    expect(await api({ title: 'x' })).toMatchObject({ status: 401, json: { error: 'INVALID_CREDENTIALS', error_description: expect.stringContaining('Authorization: Bearer') } });
    expect((await api({ title: 'x' }, { authorization: 'Bearer nope' })).status).toBe(401);
    const bad = await api({ title: 'x', email: 'not-an-address' }, auth);
    expect(bad).toMatchObject({ status: 400, json: { error: 'VALIDATION_ERROR', fields: { 'comms.email': 'Enter an e-mail address like name@example.com.' } } });
    // Anna is a manager: she may add leads for herself only.
    const outside = await api({ title: 'x', responsibleId: 1 }, auth);
    expect(outside).toMatchObject({ status: 400, json: { fields: { responsibleId: expect.any(String) } } });
    const unreadable = await api('{"title": ', auth);
    expect(unreadable).toMatchObject({ status: 400, json: { error: 'BAD_REQUEST' } });
    const huge = await api({ title: 'x', comments: 'a'.repeat(70_000) }, auth);
    expect(huge).toMatchObject({ status: 413, json: { error: 'TOO_LARGE' } });
    expect(huge.headers.get('content-type')).toContain('application/json');
    expect(leadsMade(server)).toEqual([]);
    // A deactivated user's token stops working.
    server.ctx.db.run(sql`UPDATE users SET is_active = 0 WHERE id = ${annaId}`);
    expect((await api({ title: 'x' }, auth)).status).toBe(401);
  });

  it('sends a form’s fields with the form’s secret: the form decides the responsible and asks for consent', async () => {
    const { id } = await buildForm(server, admin, { responsibleIds: String(annaId) });
    await admin.get(`/leads/forms/${id}`);
    const page = await admin.post(`/leads/forms/${id}/token`, {});
    const secret = /data-token>([^<]+)</.exec(page.text)![1]!;
    expect(secret).toMatch(/^pf_/);
    const auth = { authorization: `Bearer ${secret}` };
    const refused = await api({ firstName: 'Olga', phone: '+7 916 111-22-33' }, auth);
    expect(refused).toMatchObject({ status: 400, json: { fields: { consent: 'Please give your consent to send the form.' } } });
    const made = await api({ firstName: 'Olga', phone: '+7 916 111-22-33', consent: true, page: 'https://landing.example.com/?utm_source=vk' }, auth);
    expect(made.status).toBe(201);
    expect(leadsMade(server)[0]).toMatchObject({ title: 'Callback — Olga', responsible_id: annaId, created_by: null });
    expect(server.ctx.db.all(sql`SELECT channel, utm_source FROM record_origins`)).toEqual([{ channel: 'api', utm_source: 'vk' }]);
    // A new secret replaces the old one.
    await admin.post(`/leads/forms/${id}/token`, {});
    expect((await api({ firstName: 'Olga', phone: '+7 916 111-22-33', consent: true }, auth)).status).toBe(401);
  });

  it('answers a browser’s preflight from another site', async () => {
    const res = await fetch(`${server.url}/api/leads`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});
