import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../support/http-client.js';
import { ADMIN, setUpCompany, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
afterEach(() => server.close());

describe('error pages and health', () => {
  it('404 in the user\'s language, 500 without internals but with a request id', async () => {
    server = await startTestServer();
    await setUpCompany(server.ctx, 'ru');
    const c = new Client(server.url);
    await c.signIn(ADMIN.email, ADMIN.password);
    await c.get('/account');
    await c.post('/account/language', { locale: 'ru' });
    const missing = await c.get('/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Не найдено');
    expect((await c.get('/settings/users/999999')).status).toBe(404);
    expect((await c.get('/settings/users/abc')).status).toBe(404);

    server.ctx.sqlite.exec('DROP TABLE user_departments');
    const broken = await c.get('/settings/departments');
    expect(broken.status).toBe(500);
    expect(broken.text).toContain('На сервере произошла ошибка.');
    const requestId = broken.headers.get('x-request-id')!;
    expect(broken.text).toContain(requestId);
    expect(broken.text).not.toMatch(/user_departments|SqliteError|at \//);
  });

  it('healthz answers ok with the version, and 503 with a reason when the database is gone', async () => {
    server = await startTestServer();
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', db: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    server.ctx.sqlite.close();
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'error', db: expect.stringContaining('not open') });
  });

  it('sends the security headers: CSP with our own scripts only, no sniffing, no framing', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/setup`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>|style="/);
  });

  it('serves static files under content-hashed URLs with a long cache', async () => {
    server = await startTestServer();
    const html = await (await fetch(`${server.url}/setup`)).text();
    const css = /href="(\/static\/[0-9a-f]{10}\/app\.css)"/.exec(html)![1]!;
    const res = await fetch(server.url + css);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-type')).toContain('text/css');
    const htmx = /src="(\/static\/[0-9a-f]{10}\/vendor\/htmx\.min\.js)"/.exec(html)![1]!;
    expect((await fetch(server.url + htmx)).status).toBe(200);
  });
});
