import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, prostoCommand, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

describe('the single executable', () => {
  it('is the executable, carrying Node 24', async () => {
    expect(prostoCommand().args).toEqual([]);
    const v = await runProsto(['version']);
    expect(v.stdout).toMatch(/Node\.js v24\./);
  });

  it('wizard over HTTP → sign in → a record → backup → restore into a new folder → the record is there', async () => {
    const data = tempDir();
    const port = await freePort();
    const nativeBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('prosto-native-')).length;
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
      expect((await c.signIn('smoke@example.com', 'Smoke-test-42')).status).toBe(303);
      await c.get('/settings/departments/new');
      expect((await c.post('/settings/departments', { name: 'Отдел продаж' })).status).toBe(303);
      await c.get('/settings/backups');
      expect((await c.post('/settings/backups', {})).status).toBe(303);
      const backups = fs.readdirSync(path.join(data, 'backups'));
      expect(backups).toHaveLength(1);
      fs.copyFileSync(path.join(data, 'backups', backups[0]!), archive);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // The addons were unpacked privately and nothing is left behind.
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('prosto-native-')).length).toBe(nativeBefore);

    const other = tempDir();
    expect((await runProsto(['restore', archive, '--data', other])).code).toBe(0);
    const second = await startProsto(['--data', other], port);
    try {
      const c = new Client(base);
      expect((await c.signIn('smoke@example.com', 'Smoke-test-42')).status).toBe(303);
      expect((await c.get('/settings/departments')).text).toContain('Отдел продаж');
    } finally {
      await second.stop();
    }
  });
});
