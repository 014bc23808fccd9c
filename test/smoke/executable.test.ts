import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort, prostoCommand, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

/**
 * Runs against the built single executable: `npm run build && npm run test:smoke`
 * (vitest.smoke.config.ts sets PROSTO_EXECUTABLE, default build/out/prosto).
 */
const exe = process.env.PROSTO_EXECUTABLE ?? path.resolve('build/out/prosto');

/** Folders src/native.ts unpacks addons into; each is deleted right after loading. */
const nativeFolders = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('prosto-native-'));

describe('the single executable', () => {
  beforeAll(() => {
    if (!fs.existsSync(exe)) throw new Error(`${exe} does not exist: run "npm run build" first`);
    // test/support/cli.ts runs the executable (not the sources) only when this is set.
    expect(prostoCommand()).toEqual({ cmd: exe, args: [] });
  });

  it('prints its version and that of the Node 24 inside', async () => {
    const v = await runProsto(['version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Prosto \d+\.\d+\.\d+/);
    expect(v.stdout).toMatch(/Node\.js v24\./);
    expect(v.stderr).toBe('');
  });

  it('--help exits 0 and lists the commands', async () => {
    const h = await runProsto(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: prosto');
    expect(h.stdout).toContain('serve (default)');
  });

  it('serves /healthz, pages and static files from inside itself, and stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    const port = await freePort();
    const nativeBefore = new Set(nativeFolders());
    const server = await startProsto(['--data', data, '--backup-time', 'off'], port);
    let code: number | null;
    try {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      // A page from the templates (views/ assets) linking the vendored htmx (a static/ asset taken
      // from node_modules), served under its content-hashed URL.
      const setup = await fetch(`http://127.0.0.1:${port}/setup`);
      expect(setup.status).toBe(200);
      const page = await setup.text();
      expect(page).toContain('<html');
      const htmxUrl = /\/static\/[0-9a-f]{10}\/vendor\/htmx\.min\.js/.exec(page)?.[0];
      expect(htmxUrl).toBeDefined();
      const htmx = await fetch(`http://127.0.0.1:${port}${htmxUrl}`);
      expect(htmx.status).toBe(200);
      expect((await htmx.text()).length).toBeGreaterThan(10_000);
      // The database was created and migrated with the addon shipped inside.
      expect(fs.existsSync(path.join(data, 'prosto.db'))).toBe(true);
    } finally {
      code = await server.stop();
    }
    expect(code).toBe(0);
    expect(server.output()).not.toMatch(/Assertion failed|Native stack trace|unexpected error/);
    // The addons were unpacked privately and nothing is left behind.
    expect(nativeFolders().filter((f) => !nativeBefore.has(f))).toEqual([]);
  });

  it('wizard over HTTP → sign in → a record → backup → restore into a new folder → the record is there', async () => {
    const data = tempDir();
    const port = await freePort();
    const first = await startProsto(['--data', data], port);
    const base = `http://127.0.0.1:${port}`;
    const archive = path.join(tempDir(), 'smoke.tar.gz');
    try {
      const c = new Client(base);
      expect((await c.get('/')).headers.get('location')).toBe('/setup');
      await c.get('/setup?lang=en');
      const done = await c.post('/setup', {
        locale: 'en',
        fullName: 'Smoke Admin',
        email: 'smoke@example.com',
        password: 'Smoke-test-42',
        passwordConfirm: 'Smoke-test-42',
        companyName: 'Smoke LLC',
        timeZone: 'Europe/Moscow',
        baseCurrency: 'RUB',
      });
      expect(done.headers.get('location')).toBe('/');
      await c.post('/logout', {});
      // argon2 (its addon shipped inside) verifies the password hashed by the wizard.
      expect((await c.signIn('smoke@example.com', 'Smoke-test-42')).status).toBe(303);
      await c.get('/settings/departments/new');
      expect((await c.post('/settings/departments', { name: 'Отдел продаж' })).status).toBe(303);
      // A report computes in the worker thread, on the SQLite library the executable unpacked for the
      // server; writes go on beside its read-only connection.
      const report = await c.get('/reports/managers');
      expect(report.status).toBe(200);
      expect(report.text).toContain('Deal volume by manager');
      expect((await c.post('/settings/departments', { name: 'Отдел закупок' })).status).toBe(303);
      expect((await c.get('/reports/won')).status).toBe(200);
      // An invoice PDF made inside the executable: pdfkit with the DejaVu font from its assets.
      await c.get('/invoices/new');
      const invoice = await c.post('/invoices', { currency: 'RUB', issuedOn: '2026-03-05', dueOn: '', language: 'ru', layout: 'ru', responsibleId: '1' });
      const invoicePath = invoice.headers.get('location')!;
      await c.post(`${invoicePath}/products`, { 'rows[0][name]': 'Услуга', 'rows[0][quantity]': '1', 'rows[0][price]': '123,45', 'rows[0][vat]': '', op: 'save' });
      const pdf = Buffer.from(await (await fetch(`${base}${invoicePath}/pdf`, { headers: { cookie: c.cookieHeader() } })).arrayBuffer());
      const pdfFile = path.join(tempDir(), 'invoice.pdf');
      fs.writeFileSync(pdfFile, pdf);
      const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' });
      expect(text).toContain('Счёт на оплату');
      expect(text).toContain('Сто двадцать три рубля 45 копеек');
      await c.get('/settings/backups');
      expect((await c.post('/settings/backups', {})).status).toBe(303);
      const backups = fs.readdirSync(path.join(data, 'backups'));
      expect(backups).toHaveLength(1);
      fs.copyFileSync(path.join(data, 'backups', backups[0]!), archive);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const other = tempDir();
    expect((await runProsto(['restore', archive, '--data', other])).code).toBe(0);
    const second = await startProsto(['--data', other], port);
    try {
      const c = new Client(base);
      expect((await c.signIn('smoke@example.com', 'Smoke-test-42')).status).toBe(303);
      expect((await c.get('/settings/departments')).text).toContain('Отдел продаж');
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
