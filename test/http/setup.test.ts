import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
afterEach(() => server?.close());

const valid = {
  locale: 'en',
  fullName: 'Anna Adminova',
  email: 'Anna@Example.com',
  password: 'Tr0ub4dor&3x',
  passwordConfirm: 'Tr0ub4dor&3x',
  companyName: 'Vector LLC',
  legalName: '',
  taxId: '7701234567',
  address: '',
  phone: '',
  timeZone: 'Europe/Moscow',
  baseCurrency: 'RUB — Russian ruble',
};

describe('setup wizard', () => {
  it('sends every page to /setup until it is finished', async () => {
    server = await startTestServer();
    const c = new Client(server.url);
    for (const path of ['/', '/login', '/settings/users', '/nowhere']) {
      const res = await c.get(path);
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/setup']);
    }
    expect((await c.get('/healthz')).status).toBe(200);
  });

  it('shows a clear message per field and keeps what was typed', async () => {
    server = await startTestServer();
    const c = new Client(server.url);
    await c.get('/setup?lang=en');
    const res = await c.post('/setup', { ...valid, email: 'not-an-email', passwordConfirm: 'other', companyName: '', timeZone: 'Mars/Base', baseCurrency: 'XXY' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter an e-mail address like name@example.com.');
    expect(res.text).toContain('The two passwords differ.');
    expect(res.text).toContain('Please fill this in.');
    expect(res.text).toContain('Choose a time zone from the list');
    expect(res.text).toContain('Choose a currency from the list');
    expect(res.text).toContain('value="Anna Adminova"');
    expect(res.text).toContain('value="not-an-email"');
    expect(res.text).not.toContain('Tr0ub4dor');
    const weak = await c.post('/setup', { ...valid, password: '12345678', passwordConfirm: '12345678' });
    expect(weak.text).toContain('This password is too easy to guess');
  });

  it('reports a short password and a too-long name together with the other fields', async () => {
    server = await startTestServer();
    const c = new Client(server.url);
    await c.get('/setup?lang=en');
    const res = await c.post('/setup', { ...valid, password: 'short', passwordConfirm: 'short', companyName: '', fullName: 'А'.repeat(121) });
    expect(res.status).toBe(422);
    for (const message of ['The password needs at least 8 characters.', 'Please fill this in.', 'At most 120 characters.']) expect(res.text).toContain(message);
  });

  it('answers in Russian when Russian is chosen', async () => {
    server = await startTestServer();
    const c = new Client(server.url);
    await c.get('/setup?lang=ru');
    const res = await c.post('/setup', { ...valid, locale: 'ru', fullName: '' });
    expect(res.text).toContain('Заполните это поле.');
  });

  it('signs the administrator in, then /setup is gone', async () => {
    server = await startTestServer();
    const c = new Client(server.url);
    await c.get('/setup');
    const res = await c.post('/setup', valid);
    expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
    const home = await c.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Hello, Anna Adminova');
    expect(home.text).toContain('href="/settings"');
    expect((await c.get('/setup')).status).toBe(404);
    expect((await new Client(server.url).get('/setup')).status).toBe(404);
    const company = server.ctx.db.all<{ name: string; base_currency: string }>(sql`SELECT name, base_currency FROM company`);
    expect(company).toEqual([{ name: 'Vector LLC', base_currency: 'RUB' }]);
  });

  it('two browsers finishing at the same moment make exactly one administrator', async () => {
    server = await startTestServer();
    const a = new Client(server.url);
    const b = new Client(server.url);
    await Promise.all([a.get('/setup'), b.get('/setup')]);
    const [ra, rb] = await Promise.all([
      a.post('/setup', { ...valid, email: 'a@example.com' }),
      b.post('/setup', { ...valid, email: 'b@example.com' }),
    ]);
    const locations = [ra.headers.get('location'), rb.headers.get('location')].sort();
    expect(locations).toEqual(['/', '/login']);
    const users = server.ctx.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM users`);
    expect(users[0]!.n).toBe(1);
  });
});
