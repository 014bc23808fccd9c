import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Client } from '../support/http-client.js';
import { ADMIN, addUser, setUpCompany, startTestServer, type TestServer } from '../support/server.js';
import { tempDir, testContext } from '../support/context.js';
import { firstReleaseDatabase } from '../support/first-release.js';
import { createBackup, listBackups } from '../../src/features/backup/service.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function company() {
  const server = await startTestServer();
  servers.push(server);
  await setUpCompany(server.ctx);
  const admin = new Client(server.url);
  await admin.signIn(ADMIN.email, ADMIN.password);
  return { server, admin };
}

async function uploadRestore(c: Client, file: Buffer, token = c.csrf) {
  const form = new FormData();
  form.append('_csrf', token);
  form.append('backup', new Blob([new Uint8Array(file)]), 'backup.tar.gz');
  const cookie = ['prosto_csrf', 'prosto_lang'].flatMap((n) => (c.cookie(n) ? [`${n}=${c.cookie(n)}`] : [])).join('; ');
  return fetch(`${c.base}/setup/restore`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
}

describe('backups page', () => {
  it('an administrator backs up while people work, sees it listed and downloads it', async () => {
    const { server, admin } = await company();
    await admin.get('/settings/backups');
    expect(admin.lastBody).toContain('No backups yet.');
    const made = await admin.post('/settings/backups', {});
    expect(made.status).toBe(303);
    const page = await admin.get('/settings/backups');
    expect(page.text).toMatch(/Backup made \(\d+ KB\) and checked\./);
    const href = /href="(\/settings\/backups\/file\/[^"]+)"/.exec(page.text)![1]!;
    const res = await fetch(server.url + href, { headers: { cookie: `prosto_sid=${admin.cookie('prosto_sid')}` } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(zlib.gunzipSync(body).subarray(0, 13).toString()).toBe('manifest.json');
    expect((await admin.get('/settings/backups/file/..%2Fprosto.db')).status).toBe(404);
  });

  it('the scheduled job records its runs and keeps only the newest scheduled backups', async () => {
    const { server, admin } = await company();
    server.ctx.config.backupKeep = 2;
    await admin.get('/settings/backups');
    for (let i = 0; i < 3; i++) {
      await admin.post('/settings/backups/run', {});
      server.ctx.clock.advance(60_000);
    }
    await admin.post('/settings/backups', {});
    const kinds = listBackups(server.ctx.config).map((b) => b.kind);
    expect(kinds.filter((k) => k === 'auto')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'manual')).toHaveLength(1);
    const runs = server.ctx.jobs.lastRuns('backup');
    expect(runs.map((r) => r.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(JSON.parse(runs[0]!.counts!)).toMatchObject({ deleted: 1 });
    expect((await admin.get('/settings/backups')).text).toContain('Last runs');
  });

  it('is for administrators only', async () => {
    const { server } = await company();
    await addUser(server.ctx, { email: 'm@example.com', password: 'Manager-pass-1', fullName: 'Mila' });
    const m = new Client(server.url);
    await m.signIn('m@example.com', 'Manager-pass-1');
    expect((await m.get('/settings/backups')).status).toBe(403);
  });
});

describe('restore from the setup wizard', () => {
  it('a fresh installation restores a backup and its administrator signs in', async () => {
    const { server: old } = await company();
    await addUser(old.ctx, { email: 'boris@example.com', password: 'Boris-pass-1', fullName: 'Борис' });
    const archive = path.join(tempDir(), 'b.tar.gz');
    await createBackup(old.ctx.sqlite, old.ctx.config, Date.now(), { kind: 'manual', dest: archive });

    const fresh = await startTestServer();
    servers.push(fresh);
    const c = new Client(fresh.url);
    await c.get('/setup?lang=en');
    expect(c.lastBody).toContain('Or restore a backup');
    const bad = await uploadRestore(c, Buffer.from('definitely not a backup'));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('This backup cannot be restored: it is not a Prosto backup archive.');
    expect((await uploadRestore(c, fs.readFileSync(archive), 'forged')).status).toBe(403);
    const ok = await uploadRestore(c, fs.readFileSync(archive));
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/login']);
    expect((await c.get('/setup')).status).toBe(404);
    const login = await new Client(fresh.url).signIn('boris@example.com', 'Boris-pass-1');
    expect(login.status).toBe(303);
    expect(fresh.ctx.db.all(sql`SELECT email FROM users ORDER BY id`)).toEqual([{ email: ADMIN.email }, { email: 'boris@example.com' }]);
  });
});

describe('upgrades', () => {
  it('a database made by the first released schema is backed up, migrated, and keeps its data', async () => {
    const dataDir = tempDir();
    firstReleaseDatabase(path.join(dataDir, 'prosto.db'));
    const { openContext } = await import('../../src/boot.js');
    const ctx = await openContext({ ...testContext().config, dataDir, backupDir: path.join(dataDir, 'backups') }, { logLevel: 'silent', claim: 'serve' });
    try {
      expect(listBackups(ctx.config).map((b) => b.kind)).toEqual(['pre-upgrade']);
      expect(ctx.db.all(sql`SELECT email, full_name AS name FROM users ORDER BY id`)).toEqual([
        { email: 'admin@example.com', name: 'Анна Первая' },
        { email: 'boris@example.com', name: 'Борис Второй' },
      ]);
      expect(ctx.db.all(sql`SELECT name FROM departments ORDER BY id`)).toEqual([{ name: 'Продажи' }, { name: 'Розница' }]);
      expect(ctx.db.all(sql`SELECT name FROM company`)).toEqual([{ name: 'ООО Первый релиз' }]);
      // Features that arrived later get their defaults in the company's language.
      expect(ctx.db.all(sql`SELECT name FROM pipelines`)).toEqual([{ name: 'Продажи' }]);
    } finally {
      ctx.close();
    }
    const server = await startTestServer(testContext({ dataDir }));
    servers.push(server);
    expect((await new Client(server.url).signIn('admin@example.com', 'Fixture-pass-1')).status).toBe(303);
  });

  it('a failing migration leaves the database exactly as it was and names the backup', async () => {
    const dataDir = tempDir();
    const db = path.join(dataDir, 'prosto.db');
    firstReleaseDatabase(db);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(db);
    // A table in the way makes the next migration fail half-way.
    raw.exec('CREATE TABLE job_runs (x INTEGER)');
    const before = raw.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all();
    raw.close();
    const { openContext } = await import('../../src/boot.js');
    await expect(openContext({ ...testContext().config, dataDir, backupDir: path.join(dataDir, 'backups') }, { logLevel: 'silent', claim: 'serve' })).rejects.toThrow(
      /migration 0001_job_runs failed: .*the database was left unchanged; a backup taken just before is at .*pre-upgrade\.tar\.gz/,
    );
    const after = new Database(db, { readonly: true });
    expect(after.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all()).toEqual(before);
    after.close();
  });
});
