import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

const ADMIN = ['--email', 'it@example.com', '--name', 'Ivan IT', '--company', 'Vector LLC', '--language', 'en'];

describe('backup and restore commands', () => {
  it('backs up while serving, refuses to restore under a running server, restores into a new folder', async () => {
    const data = tempDir();
    expect((await runProsto(['create-admin', '--data', data, ...ADMIN], 'Server-room-42\n')).code).toBe(0);
    const port = await freePort();
    const server = await startProsto(['--data', data], port);
    const archive = path.join(tempDir(), 'copy.tar.gz');
    try {
      const c = new Client(`http://127.0.0.1:${port}`);
      await c.signIn('it@example.com', 'Server-room-42');
      await c.get('/settings/departments/new');
      expect((await c.post('/settings/departments', { name: 'Отдел продаж' })).status).toBe(303);

      const backup = await runProsto(['backup', archive, '--data', data]);
      expect(backup.stderr).toBe('');
      expect(backup.stdout).toContain(`Backup written to ${archive}`);
      const refused = await runProsto(['restore', archive, '--data', data]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/a Prosto server \(process \d+\) is running on .*; stop it first/);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    const other = tempDir();
    const restored = await runProsto(['restore', archive, '--data', other]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`into ${other}`);
    const again = await startProsto(['--data', other], port);
    try {
      const c = new Client(`http://127.0.0.1:${port}`);
      expect((await c.signIn('it@example.com', 'Server-room-42')).status).toBe(303);
      expect((await c.get('/settings/departments')).text).toContain('Отдел продаж');
    } finally {
      await again.stop();
    }

    const replaced = await runProsto(['restore', archive, '--data', data]);
    expect(replaced.stdout).toMatch(/The database it replaced was kept as .*prosto\.db\.before-restore-/);
    expect(fs.readdirSync(data).some((f) => f.startsWith('prosto.db.before-restore-'))).toBe(true);
  }, 90_000);

  it('says clearly when the file is not a backup or does not exist', async () => {
    const junk = path.join(tempDir(), 'junk.tar.gz');
    fs.writeFileSync(junk, 'junk');
    const bad = await runProsto(['restore', junk, '--data', tempDir()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a Prosto backup archive');
    const missing = await runProsto(['restore', '/nonexistent/x.tar.gz', '--data', tempDir()]);
    expect(missing.stderr).toContain('there is no file /nonexistent/x.tar.gz');
    const nodb = await runProsto(['backup', '--data', tempDir()]);
    expect(nodb.stderr).toContain('there is no database in');
  }, 30_000);
});
