import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { testContext } from '../support/context.js';

let server: TestServer;
afterEach(() => server?.close());

async function ready() {
  server = await startTestServer();
  await setUpCompany(server.ctx);
  return server;
}

describe('sign in and out', () => {
  it('signs in with the right password, rotating the session and CSRF cookies', async () => {
    await ready();
    const c = new Client(server.url);
    await c.get('/login');
    const csrfBefore = c.cookie('prosto_csrf');
    const res = await c.post('/login', { email: 'ADMIN@example.com ', password: ADMIN.password });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/prosto_sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(c.cookie('prosto_csrf')).not.toBe(csrfBefore);
    expect((await c.get('/')).text).toContain(ADMIN.fullName);
  });

  it('follows ?next= only to local pages', async () => {
    await ready();
    const c = new Client(server.url);
    const first = await c.get('/settings/users');
    expect(first.headers.get('location')).toBe('/login?next=%2Fsettings%2Fusers');
    await c.get('/login');
    expect((await c.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '//evil.example/x' })).headers.get('location')).toBe('/');
    const d = new Client(server.url);
    await d.get('/login');
    expect((await d.post('/login', { email: ADMIN.email, password: ADMIN.password, next: '/settings/users' })).headers.get('location')).toBe('/settings/users');
  });

  it('gives one neutral message for an unknown e-mail and for a wrong password', async () => {
    await ready();
    const c = new Client(server.url);
    const unknown = await c.signIn('nobody@example.com', 'whatever123');
    const wrong = await c.signIn(ADMIN.email, 'wrong password');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    for (const r of [unknown, wrong]) expect(r.text).toContain('Wrong e-mail or password.');
  });

  it('locks an account after repeated failures, with a message saying so, and the right password waits too', async () => {
    await ready();
    const c = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await c.signIn(ADMIN.email, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(c.lastBody).toContain('Too many failed attempts. Signing in is paused for 15 min');
    const right = await c.signIn(ADMIN.email, ADMIN.password);
    expect(right.status).toBe(429);
    server.ctx.clock.advance(16 * 60_000);
    expect((await c.signIn(ADMIN.email, ADMIN.password)).status).toBe(303);
  }, 20_000);

  it('signs out and the old session cookie no longer works', async () => {
    await ready();
    const c = new Client(server.url);
    await c.signIn(ADMIN.email, ADMIN.password);
    const sid = c.cookie('prosto_sid')!;
    await c.get('/');
    expect((await c.post('/logout', {})).headers.get('location')).toBe('/login');
    const res = await fetch(`${server.url}/`, { headers: { cookie: `prosto_sid=${sid}` }, redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/login');
  });

  it('keeps sessions across a restart and ends idle ones', async () => {
    const first = testContext({ config: { sessionIdleMinutes: 30 } });
    server = await startTestServer(first);
    await setUpCompany(first);
    const c = new Client(server.url);
    await c.signIn(ADMIN.email, ADMIN.password);
    await server.close();
    first.sqlite.close();
    // A new process over the same data folder: the session is still valid.
    const second = testContext({ dataDir: first.config.dataDir, config: { sessionIdleMinutes: 30 } });
    server = await startTestServer(second);
    const cookie = `prosto_sid=${c.cookie('prosto_sid')}`;
    expect((await fetch(`${server.url}/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    second.clock.advance(31 * 60_000);
    const idle = await fetch(`${server.url}/`, { headers: { cookie }, redirect: 'manual' });
    expect(idle.headers.get('location')).toBe('/login');
  });

  it('a deactivated user cannot sign in and their open sessions end at once', async () => {
    await ready();
    await addUser(server.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Boris' });
    const boris = new Client(server.url);
    await boris.signIn('boris@example.com', 'Boris-pass-1');
    expect((await boris.get('/')).status).toBe(200);
    const admin = new Client(server.url);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const id = server.ctx.db.all<{ id: number }>(sql`SELECT id FROM users WHERE email = 'boris@example.com'`)[0]!.id;
    await admin.get(`/settings/users/${id}`);
    expect((await admin.post(`/settings/users/${id}/deactivate`, {})).status).toBe(303);
    expect((await boris.get('/')).headers.get('location')).toBe('/login');
    const retry = await boris.signIn('boris@example.com', 'Boris-pass-1');
    expect(retry.status).toBe(401);
    expect(retry.text).toContain('Wrong e-mail or password.');
  });

  it('changes one\'s own password and ends the other sessions', async () => {
    await ready();
    const laptop = new Client(server.url);
    const phone = new Client(server.url);
    await laptop.signIn(ADMIN.email, ADMIN.password);
    await phone.signIn(ADMIN.email, ADMIN.password);
    await laptop.get('/account');
    const wrong = await laptop.post('/account/password', { currentPassword: 'nope', password: 'New-secret-42', passwordConfirm: 'New-secret-42' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('The current password is not right.');
    const ok = await laptop.post('/account/password', { currentPassword: ADMIN.password, password: 'New-secret-42', passwordConfirm: 'New-secret-42' });
    expect(ok.status).toBe(303);
    expect((await laptop.get('/account')).text).toContain('Your password was changed.');
    expect((await phone.get('/')).headers.get('location')).toBe('/login');
    expect((await new Client(server.url).signIn(ADMIN.email, 'New-secret-42')).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without a valid token, from forms and htmx alike', async () => {
    await ready();
    const c = new Client(server.url);
    await c.signIn(ADMIN.email, ADMIN.password);
    await c.get('/account');
    const missing = await c.post('/account/language', { locale: 'ru', _csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('The page has expired.');
    expect((await c.post('/account/language', { locale: 'ru', _csrf: 'forged' })).status).toBe(403);
    const viaHeader = await c.post('/account/language', { locale: 'ru', _csrf: null }, { 'X-CSRF-Token': c.csrf, 'HX-Request': 'true' });
    expect(viaHeader.status).toBe(204);
    expect(viaHeader.headers.get('hx-redirect')).toBe('/account');
  });

  it('refuses sign-in without a token too (login CSRF)', async () => {
    await ready();
    const c = new Client(server.url);
    await c.get('/login');
    expect((await c.post('/login', { email: ADMIN.email, password: ADMIN.password, _csrf: null })).status).toBe(403);
  });
});
