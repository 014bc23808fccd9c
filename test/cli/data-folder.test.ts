import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { claimDataFolder } from '../../src/platform/lock.js';
import { freePort, prostoCommand, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

const ADMIN = ['--email', 'it@example.com', '--name', 'Ivan IT', '--company', 'Vector LLC', '--language', 'en'];
const PASSWORD = 'Server-room-42';

async function installation(): Promise<string> {
  const data = tempDir();
  const made = await runProsto(['create-admin', '--data', data, ...ADMIN], `${PASSWORD}\n`);
  expect(made.code, made.stderr).toBe(0);
  return data;
}

async function addDepartment(port: number, name: string): Promise<number> {
  const c = new Client(`http://127.0.0.1:${port}`);
  await c.signIn('it@example.com', PASSWORD);
  await c.get('/settings/departments/new');
  return (await c.post('/settings/departments', { name })).status;
}

function departments(data: string): string[] {
  const db = new Database(path.join(data, 'prosto.db'), { readonly: true });
  try {
    return db.prepare('SELECT name FROM departments ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}

function untilExit(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve())));
}

describe('one server per data folder', () => {
  it('a second server refuses and the first keeps its lock; restore is refused while any server runs; kill -9 frees the folder', async () => {
    const data = await installation();
    const archive = path.join(tempDir(), 'before.tar.gz');
    expect((await runProsto(['backup', archive, '--data', data])).code).toBe(0);
    const port = await freePort();
    const first = await startProsto(['--data', data, '--backup-time', 'off'], port);
    try {
      const second = await runProsto(['--data', data, '--port', String(await freePort()), '--host', '127.0.0.1']);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`prosto: a Prosto server (process ${first.child.pid}) is already running on ${data}; stop it first`);
      expect(second.stderr).not.toContain('    at ');

      // The refused start neither took the pid file nor the lock: restore is still refused, writes still land.
      expect(fs.readFileSync(path.join(data, 'prosto.pid'), 'utf8').trim()).toBe(String(first.child.pid));
      const refused = await runProsto(['restore', archive, '--data', data]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`a Prosto server (process ${first.child.pid}) is running on ${data}; stop it first`);
      expect(await addDepartment(port, 'Acknowledged after the refusals')).toBe(303);
      expect(departments(data)).toContain('Acknowledged after the refusals');
      expect((await runProsto(['migrate', '--data', data])).stderr).toContain('is already running on');
      // Commands that only use the folder work beside the server.
      const backup = await runProsto(['backup', path.join(tempDir(), 'beside.tar.gz'), '--data', data]);
      expect(backup.code, backup.stderr).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
      await untilExit(first.child);
    }

    // A lock never outlives its process: a new server starts at once after kill -9.
    const next = await startProsto(['--data', data, '--backup-time', 'off'], port);
    try {
      expect(await addDepartment(port, 'After the crash')).toBe(303);
      expect((await runProsto(['restore', archive, '--data', data])).stderr).toContain(`a Prosto server (process ${next.child.pid}) is running`);
    } finally {
      expect(await next.stop()).toBe(0);
    }
    expect(fs.existsSync(path.join(data, 'prosto.pid'))).toBe(false);
    expect(departments(data)).toEqual(expect.arrayContaining(['Acknowledged after the refusals', 'After the crash']));
    const restored = await runProsto(['restore', archive, '--data', data]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(departments(data)).not.toContain('After the crash');
  }, 120_000);

  it('while a restore holds the folder, neither a server nor a command starts; a server beside a command starts', async () => {
    const data = await installation();
    const restoring = claimDataFolder(data, 'replace');
    try {
      const server = await runProsto(['--data', data, '--port', String(await freePort()), '--host', '127.0.0.1']);
      expect(server.code).toBe(1);
      expect(server.stderr).toContain(`prosto: a restore is in progress on ${data}; try again when it has finished`);
      const reset = await runProsto(['reset-password', 'it@example.com', '--data', data], 'Another-pass-77\n');
      expect(reset.code).toBe(1);
      expect(reset.stderr).toContain('a restore is in progress');
    } finally {
      restoring.release();
    }
    const using = claimDataFolder(data, 'use');
    try {
      const port = await freePort();
      const server = await startProsto(['--data', data, '--backup-time', 'off'], port);
      expect(await server.stop()).toBe(0);
      const restore = await runProsto(['restore', path.join(data, 'none.tar.gz'), '--data', data]);
      expect(restore.stderr).toContain('there is no file');
    } finally {
      using.release();
    }
  }, 60_000);
});

describe('restore is atomic', () => {
  it('killed at random moments, it always leaves either the old or the new database, complete', async () => {
    const data = await installation();
    // Some bulk, so that unpacking, checking and swapping take a while to be killed in.
    const raw = new Database(path.join(data, 'prosto.db'));
    raw.prepare('INSERT INTO departments (name, created_at) VALUES (?, ?)').run('NEW', Date.now());
    const insert = raw.prepare('INSERT INTO audit_log (at, kind, details) VALUES (?, ?, ?)');
    raw.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(i, 'bulk', crypto.randomBytes(600).toString('base64'));
    })();
    raw.close();
    const archive = path.join(tempDir(), 'new.tar.gz');
    expect((await runProsto(['backup', archive, '--data', data])).code).toBe(0);
    const old = new Database(path.join(data, 'prosto.db'));
    old.prepare("UPDATE departments SET name = 'OLD' WHERE name = 'NEW'").run();
    old.close();
    const oldCopy = path.join(tempDir(), 'old.db');
    fs.copyFileSync(path.join(data, 'prosto.db'), oldCopy);

    const { cmd, args } = prostoCommand();
    const restoreOnce = (delay: number | null) => {
      const child = spawn(cmd, [...args, 'restore', archive, '--data', data], { stdio: 'ignore' });
      const started = Date.now();
      const done = untilExit(child).then(() => Date.now() - started);
      if (delay !== null) setTimeout(() => child.kill('SIGKILL'), delay);
      return done;
    };
    const full = await restoreOnce(null);
    const outcomes = { OLD: 0, NEW: 0 };
    for (let round = 0; round < 20; round++) {
      for (const f of fs.readdirSync(data)) if (f.startsWith('prosto.db')) fs.rmSync(path.join(data, f), { recursive: true });
      fs.copyFileSync(oldCopy, path.join(data, 'prosto.db'));
      await restoreOnce(Math.random() * full);
      const db = new Database(path.join(data, 'prosto.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const marker = db.prepare("SELECT name FROM departments WHERE name IN ('OLD', 'NEW')").pluck().get() as 'OLD' | 'NEW';
      expect(['OLD', 'NEW']).toContain(marker);
      outcomes[marker]++;
      if (marker === 'NEW') expect(db.prepare("SELECT count(*) FROM audit_log WHERE kind = 'bulk'").pluck().get()).toBe(20_000);
      db.close();
    }
    // What the interrupted restores left is gone after the next start, and never counts as a backup.
    const port = await freePort();
    const server = await startProsto(['--data', data, '--backup-time', 'off'], port);
    expect(await server.stop()).toBe(0);
    expect(fs.readdirSync(data).filter((f) => f.startsWith('.restore-'))).toEqual([]);
    console.log(`restore killed 20 times within its ${full} ms: old database ${outcomes.OLD} times, new ${outcomes.NEW} times, never partial`);
  }, 240_000);
});

describe('clear messages about the database file', () => {
  const start = (data: string) => runProsto(['--data', data, '--port', '0', '--host', '127.0.0.1']);
  const snapshot = (data: string) =>
    Object.fromEntries(
      fs
        .readdirSync(data)
        .filter((f) => f.startsWith('prosto.db'))
        .map((f) => [f, crypto.createHash('sha256').update(fs.readFileSync(path.join(data, f))).digest('hex')]),
    );

  it('a file that is not SQLite, another program\'s database and a damaged one are refused, unchanged', async () => {
    const junk = tempDir();
    fs.writeFileSync(path.join(junk, 'prosto.db'), 'These are my notes, not a database. '.repeat(200));
    const foreign = tempDir();
    const other = new Database(path.join(foreign, 'prosto.db'));
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)");
    other.close();
    const damaged = await installation();
    const file = fs.openSync(path.join(damaged, 'prosto.db'), 'r+');
    // Page 1 after its 100-byte header holds the schema: scribble over it.
    fs.writeSync(file, crypto.randomBytes(3000), 0, 3000, 100);
    fs.closeSync(file);

    for (const [data, message] of [
      [junk, `the database file ${path.join(junk, 'prosto.db')} is not a Prosto database (it is not an SQLite database at all)`],
      [foreign, `the database file ${path.join(foreign, 'prosto.db')} is not a Prosto database (it holds other tables: invoices)`],
      [damaged, `the database file ${path.join(damaged, 'prosto.db')} is damaged`],
    ] as const) {
      const before = snapshot(data);
      for (const run of [() => start(data), () => runProsto(['migrate', '--data', data])]) {
        const result = await run();
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`prosto: ${message}`);
        expect(result.stderr).toContain('restore a backup with "prosto restore <backup file>"');
        expect(result.stderr).not.toContain('    at ');
      }
      expect(snapshot(data)).toEqual(before);
    }
  }, 90_000);

  it('a database file the server may not write is named, and left alone', async () => {
    const data = await installation();
    const db = path.join(data, 'prosto.db');
    fs.chmodSync(db, 0o444);
    fs.chmodSync(data, 0o777);
    const before = snapshot(data);
    const { cmd, args } = prostoCommand();
    // root may write any file; the server then runs as an ordinary user, as the installed service does.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(cmd, [...args, '--data', data, '--port', '0', '--host', '127.0.0.1'], { ...asUser, env: { ...process.env, HOME: data } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`prosto: the database file ${db} cannot be written: permission denied`);
    expect(snapshot(data)).toEqual(before);
  }, 60_000);

  it('a database or backup made by a newer version names the version its migrations record', async () => {
    const data = await installation();
    const raw = new Database(path.join(data, 'prosto.db'));
    raw.prepare('INSERT INTO __prosto_migrations (tag, applied_at, version) VALUES (?, ?, ?)').run('0999_from_the_future', Date.now(), '9.9.9');
    raw.close();
    const started = await start(data);
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/this database was written by Prosto 9\.9\.9, a newer version than this one \(\d+\.\d+\.\d+\)/);
    const archive = path.join(tempDir(), 'future.tar.gz');
    expect((await runProsto(['backup', archive, '--data', data])).code).toBe(0);
    const restored = await runProsto(['restore', archive, '--data', tempDir()]);
    expect(restored.code).toBe(1);
    expect(restored.stderr).toContain('the backup was made by Prosto 9.9.9, a newer version than this one');
  }, 60_000);

  it('a bad config value names its file and line; binary junk is not echoed', async () => {
    const dir = tempDir();
    const conf = path.join(dir, 'prosto.conf');
    fs.writeFileSync(conf, `data_dir = ${dir}/data\nport = 80a\n`);
    const bad = await runProsto(['--config', conf]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`prosto: invalid setting ${conf}:2: port = "80a"`);
    fs.writeFileSync(conf, Buffer.concat([Buffer.from('\x1b[2J\x07'), crypto.randomBytes(64), Buffer.from([0])]));
    const junk = await runProsto(['--config', conf]);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toBe(`prosto: ${conf} is not a text file (it holds binary data); a config file has one "key = value" per line\n`);
  }, 30_000);
});
