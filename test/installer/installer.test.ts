import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cli.js';
import { tempDir as makeTempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

/**
 * installer/install.sh and uninstall.sh, run for real:
 * - in a throwaway root (--root DIR --no-systemd, the server a plain background process): install,
 *   upgrade with a backup, two broken upgrades rolled back (through `prosto backup`/`restore`, and
 *   through the copy of the stopped database), refusals, uninstall keeping the data, reinstall, purge;
 * - over HTTPS with the certificate options;
 * - as on a real server (no --root) inside a private mount namespace with /etc, /opt, /var and /run
 *   overlaid, so useradd, chown and the paths are real, and with a fake systemctl (bin/systemctl) that
 *   starts the unit's ExecStart as its User — skipped where mount namespaces are not allowed;
 * - the unit template through `systemd-analyze verify` and `security`, when systemd-analyze exists.
 *
 * The executable: $PROSTO_EXECUTABLE (the smoke suite sets it to the build), else a bash wrapper
 * running the source tree with tsx, so npm test never picks up a stale build.
 */
const repo = path.resolve(import.meta.dirname, '../..');
/** Every temporary folder is removed at the end: they hold copies of a 100+ MB executable. */
const temporary: string[] = [];
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  temporary.push(dir);
  return dir;
}
const installer = path.join(repo, 'installer');
const sandboxScript = path.join(import.meta.dirname, 'sandbox.sh');
const ADMIN = { email: 'a@example.com', password: 'Installer-test-42' };

/** Writes the executable under test to `file`; returns what it is, for the log. */
function stageExecutable(file: string): string {
  const chosen = process.env.PROSTO_EXECUTABLE;
  if (chosen && chosen !== 'source') {
    if (!fs.existsSync(chosen)) throw new Error(`PROSTO_EXECUTABLE=${chosen} does not exist`);
    fs.copyFileSync(chosen, file);
    return chosen;
  }
  // The source tree as an executable. The tsx loader is given by its full address, so the wrapper works
  // from any working folder and for any user (the installer starts it in the data folder).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  fs.writeFileSync(file, `#!/usr/bin/env bash\nexec "${process.execPath}" --import "${tsx}" "${path.join(repo, 'src/main.ts')}" "$@"\n`);
  fs.chmodSync(file, 0o755);
  return 'the source tree (tsx)';
}

const staging = tempDir('prosto-staging-');
for (const f of ['install.sh', 'uninstall.sh', 'prosto.service', 'prosto.conf.example', 'README.md']) {
  fs.copyFileSync(path.join(installer, f), path.join(staging, f));
}
const good = path.join(staging, 'prosto');
const executableUsed = stageExecutable(good);
const version = execFileSync(good, ['version'], { encoding: 'utf8' }).split('\n')[0]!.replace(/^Prosto /, '');
console.log(`installer test: executable under test is ${executableUsed} (Prosto ${version})`);

/** A "newer" executable: an exact copy of the good one under another name. */
function newer(name: string): string {
  const file = path.join(staging, name);
  fs.copyFileSync(good, file);
  fs.chmodSync(file, 0o755);
  return file;
}

function script(name: string, text: string): string {
  const file = path.join(staging, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, 0o755);
  return file;
}

/** A new version that answers `version` but, like a migration gone wrong, damages the database and fails. */
const broken = script(
  'prosto-broken',
  `#!/usr/bin/env bash
if [ "\${1:-}" = version ]; then echo "Prosto 99.0.0"; echo "Node.js v0"; exit 0; fi
conf=""; while [ $# -gt 0 ]; do if [ "$1" = --config ]; then conf=$2; fi; shift; done
data=$(sed -n 's/^data_dir = //p' "$conf")
printf 'not a database' >"$data/prosto.db"
rm -f "$data/prosto.db-wal" "$data/prosto.db-shm"
echo "migration failed" >&2
exit 1
`,
);
/** Not even a program that runs: install.sh must refuse it before touching anything. */
const dead = script('prosto-dead', '#!/usr/bin/env bash\nexit 1\n');

type Result = { code: number; out: string };

function run(file: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: 170_000, env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, out: stdout + stderr });
    });
    // A script that refuses at once may exit before reading its input: that is not an error of the test.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}
const install = (args: string[], env: Record<string, string> = {}) => run('bash', [path.join(staging, 'install.sh'), ...args], env);
const uninstall = (args: string[]) => run('bash', [path.join(staging, 'uninstall.sh'), ...args]);

async function health(base: string): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killPidFile(file: string): Promise<void> {
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

const roots: string[] = [];
let sandbox: string | undefined;
afterAll(async () => {
  for (const root of roots) await killPidFile(path.join(root, 'run/prosto.pid'));
  if (sandbox) {
    await killPidFile(path.join(sandbox, 'systemctl/prosto.pid'));
    await killPidFile(path.join(sandbox, 'upper/run/prosto.pid'));
    await killPidFile(path.join(sandbox, 'holder.pid'));
  }
  // The sandbox's overlay holds a copied-up /etc/shadow among others: nothing of it should stay behind.
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

/** The config install.sh writes = prosto.conf.example with this port, address and data folder. */
function expectedConfig(port: number, host: string, dataDir: string): string {
  return fs
    .readFileSync(path.join(installer, 'prosto.conf.example'), 'utf8')
    .replace(/^port = 8080$/m, `port = ${port}`)
    .replace(/^host = 0\.0\.0\.0$/m, `host = ${host}`)
    .replace(/^data_dir = \/var\/lib\/prosto$/m, `data_dir = ${dataDir}`);
}

const HARDENING = [
  'User=prosto',
  'Group=prosto',
  'ExecStart=/opt/prosto/prosto --config /etc/prosto/prosto.conf',
  'WorkingDirectory=/var/lib/prosto',
  'Restart=on-failure',
  'NoNewPrivileges=true',
  'ProtectSystem=strict',
  'ReadWritePaths=/var/lib/prosto',
  'ProtectHome=true',
  'PrivateTmp=true',
  'PrivateDevices=true',
  'ProtectKernelTunables=true',
  'ProtectKernelModules=true',
  'ProtectControlGroups=true',
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
  'RestrictNamespaces=true',
  'LockPersonality=true',
  'WantedBy=multi-user.target',
];

describe('installer', () => {
  it('installs, upgrades with a backup, rolls back broken upgrades, refuses a dead executable, uninstalls and purges', async () => {
    const root = tempDir('prosto-install-');
    roots.push(root);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const args = ['--root', root, '--no-systemd', '--port', String(port), '--host', '127.0.0.1', '--health-timeout', '60'];
    const conf = path.join(root, 'etc/prosto/prosto.conf');
    const data = path.join(root, 'var/lib/prosto');
    const exe = path.join(root, 'opt/prosto/prosto');
    const pidfile = path.join(root, 'run/prosto.pid');

    // --- first install (health checked through bash's /dev/tcp, as on a server without curl or wget)
    const first = await install(args, { PROSTO_HTTP_CLIENT: 'bash' });
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain(`Open http://127.0.0.1:${port}/setup in a browser`);
    expect(first.out).toContain('the system user \'prosto\' is not created');
    expect(fs.readFileSync(exe).equals(fs.readFileSync(good))).toBe(true);
    expect(fs.statSync(exe).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(conf, 'utf8')).toBe(expectedConfig(port, '127.0.0.1', data));
    expect(fs.statSync(conf).mode & 0o777).toBe(0o640);
    const unit = fs.readFileSync(path.join(root, 'etc/systemd/system/prosto.service'), 'utf8');
    for (const line of HARDENING) expect(unit.split('\n')).toContain(line);
    expect(unit).toMatch(/^CapabilityBoundingSet=$/m);
    expect(unit).toMatch(/^AmbientCapabilities=$/m);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute/m);
    expect(unit).not.toContain('@');
    expect(fs.statSync(data).mode & 0o777).toBe(0o750);
    expect(fs.existsSync(path.join(data, 'prosto.db'))).toBe(true);
    expect(alive(Number(fs.readFileSync(pidfile, 'utf8')))).toBe(true);
    expect(await health(base)).toEqual({ status: 200, body: { status: 'ok', version, db: 'ok' } });
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    expect(home.headers.get('location')).toBe('/setup');

    // --- setup finished from the command line while stopped; the admin edits the config
    await killPidFile(pidfile);
    const admin = await run(exe, ['create-admin', '--config', conf, '--email', ADMIN.email, '--name', 'A', '--company', 'C', '--language', 'en'], {}, `${ADMIN.password}\n`);
    expect(admin.code, admin.out).toBe(0);
    fs.appendFileSync(conf, '# edited by the admin\n');

    // --- upgrade to a "newer" executable: config kept, backup taken, previous executable kept
    const upgrade = await install([...args, '--binary', newer('prosto-1.1')]);
    expect(upgrade.code, upgrade.out).toBe(0);
    expect(upgrade.out).toContain(`Keeping the existing ${conf}`);
    const archive = /Backed up the data to (\S+pre-upgrade-\d{8}-\d{6}\.tar\.gz)\./.exec(upgrade.out)?.[1];
    expect(archive, upgrade.out).toBeTruthy();
    expect(path.dirname(archive!)).toBe(path.join(data, 'backups'));
    expect(fs.statSync(archive!).size).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(root, 'opt/prosto/prosto.previous')).equals(fs.readFileSync(good))).toBe(true);
    expect(fs.readFileSync(conf, 'utf8')).toContain('# edited by the admin');
    expect(upgrade.out).toContain(`is running at http://127.0.0.1:${port}/`);
    expect(upgrade.out).not.toContain('/setup');
    expect((await health(base)).status).toBe(200);
    const c = new Client(base);
    expect((await c.signIn(ADMIN.email, ADMIN.password)).status).toBe(303);
    await c.get('/settings/departments/new');
    expect((await c.post('/settings/departments', { name: 'Made after the upgrade' })).status).toBe(303);

    const dataIntact = async () => {
      expect(await health(base)).toEqual({ status: 200, body: { status: 'ok', version, db: 'ok' } });
      const again = new Client(base);
      expect((await again.signIn(ADMIN.email, ADMIN.password)).status).toBe(303);
      expect((await again.get('/settings/departments')).text).toContain('Made after the upgrade');
    };

    // --- a broken upgrade: rolled back through `prosto backup` / `prosto restore`
    const before = fs.readFileSync(exe);
    const failed = await install([...args, '--binary', broken, '--health-timeout', '30']);
    expect(failed.code, failed.out).not.toBe(0);
    expect(failed.out).toContain(`ROLLING BACK: Prosto 99.0.0 did not become healthy; putting Prosto ${version} and the data from before the upgrade back`);
    expect(failed.out).toMatch(/Restored the data from \S+pre-upgrade-\d{8}-\d{6}\.tar\.gz/);
    expect(failed.out).toContain(`UPGRADE FAILED and was rolled back: Prosto ${version} is running again with the data as it was before the upgrade`);
    expect(fs.readFileSync(exe).equals(before)).toBe(true);
    await dataIntact();

    // --- an executable whose `backup` fails: the upgrade to it works (its predecessor backs up) ...
    const noBackup = script('prosto-no-backup', `#!/usr/bin/env bash\nif [ "\${1:-}" = backup ]; then echo "backup is not available" >&2; exit 1; fi\nexec "${newer('prosto-1.2-inner')}" "$@"\n`);
    const toNoBackup = await install([...args, '--binary', noBackup]);
    expect(toNoBackup.code, toNoBackup.out).toBe(0);
    // ... and the next, broken, upgrade falls back to copying the stopped database, and rolls back from it.
    const failed2 = await install([...args, '--binary', broken, '--health-timeout', '30']);
    expect(failed2.code, failed2.out).not.toBe(0);
    expect(failed2.out).toContain("'prosto backup' did not work (backup is not available); copying the stopped database instead.");
    const copy = /Backed up the data to (\S+pre-upgrade-\d{8}-\d{6}\.db)\./.exec(failed2.out)?.[1];
    expect(copy, failed2.out).toBeTruthy();
    expect(fs.readFileSync(copy!).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(failed2.out).toContain('UPGRADE FAILED and was rolled back');
    expect(fs.readFileSync(exe, 'utf8')).toContain('backup is not available');
    await dataIntact();

    // --- an executable that does not run at all is refused before anything is stopped
    const refused = await install([...args, '--binary', dead]);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('does not run on this machine or is not Prosto');
    expect(refused.out).toContain('nothing was changed');
    expect(fs.readFileSync(exe, 'utf8')).toContain('backup is not available');
    expect((await health(base)).status).toBe(200);

    // --- uninstall keeps settings, data and backups; installing again picks them up
    const removed = await uninstall(['--root', root, '--no-systemd']);
    expect(removed.code, removed.out).toBe(0);
    expect(fs.existsSync(path.join(root, 'opt/prosto'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'etc/systemd/system/prosto.service'))).toBe(false);
    expect(fs.existsSync(pidfile)).toBe(false);
    expect(fs.readFileSync(conf, 'utf8')).toContain('# edited by the admin');
    expect(fs.existsSync(path.join(data, 'prosto.db'))).toBe(true);
    expect(fs.existsSync(archive!)).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const reinstall = await install(args, { PROSTO_HTTP_CLIENT: 'wget' });
    expect(reinstall.code, reinstall.out).toBe(0);
    expect(reinstall.out).toContain(`is running at http://127.0.0.1:${port}/`);
    await dataIntact();

    const purged = await uninstall(['--root', root, '--no-systemd', '--purge']);
    expect(purged.code, purged.out).toBe(0);
    for (const gone of ['opt/prosto', 'etc/prosto', 'var/lib/prosto', 'etc/systemd/system/prosto.service']) {
      expect(fs.existsSync(path.join(root, gone)), gone).toBe(false);
    }
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 240_000);

  it('refuses clearly: not root, no executable, --root without --no-systemd, a busy port, bad options', async () => {
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'bash'] : ['bash'];
    const notRoot = await run(asNobody[0]!, [...asNobody.slice(1), path.join(installer, 'install.sh')]);
    expect(notRoot.code).not.toBe(0);
    expect(notRoot.out).toContain('install.sh: run it as root');

    const root = tempDir('prosto-refuse-');
    const missing = await install(['--root', root, '--no-systemd', '--binary', '/nonexistent/prosto']);
    expect(missing.code).not.toBe(0);
    expect(missing.out).toContain('no Prosto executable at /nonexistent/prosto');

    const noFlag = await install(['--root', root]);
    expect(noFlag.code).not.toBe(0);
    expect(noFlag.out).toContain('--root needs --no-systemd');

    for (const bad of [['--port', 'http'], ['--port', '70000'], ['--port'], ['--tls-cert', '/etc/hostname'], ['--frobnicate']]) {
      const res = await install(['--root', root, '--no-systemd', ...bad]);
      expect(res.code, bad.join(' ')).not.toBe(0);
      expect(res.out, bad.join(' ')).toMatch(/^install\.sh: /m);
    }

    const busy = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    try {
      const port = (busy.address() as net.AddressInfo).port;
      const res = await install(['--root', root, '--no-systemd', '--host', '127.0.0.1', '--port', String(port)]);
      expect(res.code).not.toBe(0);
      expect(res.out).toContain(`something is already listening on port ${port}`);
      expect(fs.existsSync(path.join(root, 'opt/prosto'))).toBe(false);
      expect(fs.existsSync(path.join(root, 'etc/prosto'))).toBe(false);
    } finally {
      busy.close();
    }
  }, 60_000);

  it('prosto.conf.example lists only settings the executable knows', async () => {
    const dir = tempDir('prosto-conf-');
    // Every commented-out setting switched on, with the folders moved into the temp folder.
    const text = fs
      .readFileSync(path.join(installer, 'prosto.conf.example'), 'utf8')
      .replace(/^# ([a-z_]+ = .*)$/gm, '$1')
      .replaceAll('/var/lib/prosto', path.join(dir, 'data'));
    expect(text).toMatch(/^session_idle_minutes = /m);
    const conf = path.join(dir, 'all.conf');
    fs.writeFileSync(conf, text);
    const res = await run(good, ['migrate', '--config', conf]);
    expect(res.code, res.out).toBe(0);
  }, 60_000);

  const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  it.skipIf(!analyze)('the unit passes systemd-analyze verify, with and without the low-port capability', () => {
    const root = tempDir('prosto-verify-');
    fs.mkdirSync(path.join(root, 'opt/prosto'), { recursive: true });
    fs.writeFileSync(path.join(root, 'opt/prosto/prosto'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
    // The targets a service depends on, so verify can load it inside the root.
    const units = path.join(root, 'usr/lib/systemd/system');
    fs.mkdirSync(units, { recursive: true });
    for (const f of fs.readdirSync('/usr/lib/systemd/system')) {
      const from = path.join('/usr/lib/systemd/system', f);
      if (f.endsWith('.target') && fs.lstatSync(from).isFile()) fs.copyFileSync(from, path.join(units, f));
    }
    const template = fs.readFileSync(path.join(installer, 'prosto.service'), 'utf8');
    for (const caps of ['', 'CAP_NET_BIND_SERVICE']) {
      fs.writeFileSync(path.join(root, 'etc/systemd/system/prosto.service'), template.replaceAll('@CAPABILITIES@', caps));
      const verify = spawnSync('systemd-analyze', ['verify', `--root=${root}`, 'prosto.service'], { encoding: 'utf8' });
      expect(verify.status, verify.stderr).toBe(0);
      expect(verify.stdout + verify.stderr).toBe('');
      const security = spawnSync('systemd-analyze', ['security', '--offline=true', `--root=${root}`, 'prosto.service'], { encoding: 'utf8' });
      const exposure = /Overall exposure level for prosto\.service: ([\d.]+)/.exec(security.stdout)?.[1];
      console.log(`installer test: systemd-analyze security exposure ${exposure} (capabilities: ${caps || 'none'})`);
      expect(Number(exposure)).toBeLessThan(4);
    }
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  it.skipIf(!openssl)('installs with a TLS certificate and checks the service over HTTPS', async () => {
    const root = tempDir('prosto-tls-');
    roots.push(root);
    const cert = path.join(root, 'cert.pem');
    const key = path.join(root, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const port = await freePort();
    const args = ['--root', root, '--no-systemd', '--port', String(port), '--host', '127.0.0.1', '--tls-cert', cert, '--tls-key', key];
    const res = await install(args, { PROSTO_HTTP_CLIENT: 'openssl' });
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain(`Open https://127.0.0.1:${port}/setup in a browser`);
    const conf = fs.readFileSync(path.join(root, 'etc/prosto/prosto.conf'), 'utf8');
    expect(conf).toMatch(new RegExp(`^tls_cert = ${cert}$`, 'm'));
    expect(conf).toMatch(new RegExp(`^tls_key = ${key}$`, 'm'));
    const status = await new Promise<number>((resolve, reject) => {
      https.get(`https://127.0.0.1:${port}/healthz`, { rejectUnauthorized: false }, (r) => resolve(r.statusCode!)).on('error', reject);
    });
    expect(status).toBe(200);
    // An upgrade reads the scheme from the kept config (curl this time).
    const upgrade = await install(['--root', root, '--no-systemd', '--binary', newer('prosto-tls-new')]);
    expect(upgrade.code, upgrade.out).toBe(0);
    expect(upgrade.out).toContain(`Waiting for https://127.0.0.1:${port}/healthz`);
    expect((await uninstall(['--root', root, '--no-systemd', '--purge'])).code).toBe(0);
  }, 120_000);

  /** Can this machine give the test a private mount namespace with overlays? (root, unshare, nsenter) */
  function sandboxPossible(): boolean {
    if (process.getuid?.() !== 0) return false;
    const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', 'd=$(mktemp -d) && mkdir $d/u $d/w && mount -t overlay overlay -o lowerdir=/opt,upperdir=$d/u,workdir=$d/w /opt; r=$?; umount /opt 2>/dev/null; rm -rf $d; exit $r'], { stdio: 'ignore' });
    return probe.status === 0 && spawnSync('nsenter', ['--version']).status === 0;
  }
  const canSandbox = sandboxPossible();
  if (!canSandbox) console.log('installer test: no mount namespaces here; the real-layout install with useradd is skipped');

  it.skipIf(!canSandbox)('installs as on a real server: system user, owners, systemctl calls, the service running as prosto', async () => {
    sandbox = tempDir('prosto-sandbox-');
    const dir = sandbox;
    const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
    const holder = spawn(sandboxScript, ['start', dir], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    holder.unref();
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      holder.on('exit', (code) => reject(new Error(`sandbox.sh start exited with ${code}`)));
    });
    holder.stdout!.destroy();
    const inside = (cmd: string[]) => run(sandboxScript, ['run', dir, ...cmd]);
    const upper = (p: string) => path.join(dir, 'upper', p);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;

    const res = await inside(['bash', path.join(staging, 'install.sh'), '--port', String(port), '--host', '127.0.0.1']);
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain("Created the system user 'prosto'.");
    expect(res.out).toContain(`Open http://127.0.0.1:${port}/setup in a browser`);
    expect(res.out).not.toContain('systemd-analyze verify says'); // verify ran on the real path and was clean

    const passwd = fs.readFileSync(upper('etc/passwd'), 'utf8');
    const entry = /^prosto:x:(\d+):(\d+):[^:]*:\/var\/lib\/prosto:\/usr\/sbin\/nologin$/m.exec(passwd);
    expect(entry, 'a prosto system user with no login').toBeTruthy();
    const [uid, gid] = [Number(entry![1]), Number(entry![2])];
    expect(uid).toBeLessThan(1000);
    expect(fs.readFileSync('/etc/passwd', 'utf8')).not.toMatch(/^prosto:/m); // nothing leaked outside

    const stat = (p: string) => fs.statSync(upper(p));
    expect([stat('opt/prosto/prosto').uid, stat('opt/prosto/prosto').mode & 0o777]).toEqual([0, 0o755]);
    expect([stat('etc/prosto/prosto.conf').uid, stat('etc/prosto/prosto.conf').gid, stat('etc/prosto/prosto.conf').mode & 0o777]).toEqual([0, gid, 0o640]);
    expect([stat('var/lib/prosto').uid, stat('var/lib/prosto').mode & 0o777]).toEqual([uid, 0o750]);
    expect(stat('var/lib/prosto/prosto.db').uid).toBe(uid);
    expect(fs.readFileSync(upper('etc/prosto/prosto.conf'), 'utf8')).toBe(expectedConfig(port, '127.0.0.1', '/var/lib/prosto'));
    expect(fs.existsSync(upper('etc/systemd/system/prosto.service'))).toBe(true);
    expect(fs.existsSync(upper('opt/prosto/README.md'))).toBe(true);

    const calls = () => fs.readFileSync(path.join(dir, 'systemctl/calls'), 'utf8').trim().split('\n');
    expect(calls()).toEqual(['daemon-reload', 'enable --quiet prosto', 'restart prosto']);
    const pid = Number(fs.readFileSync(path.join(dir, 'systemctl/prosto.pid'), 'utf8'));
    expect(fs.readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\t${uid}\\t`, 'm'));
    expect((await health(base)).status).toBe(200);

    // An upgrade through systemctl: stop, backup (made by root, then handed to prosto), restart.
    const upgrade = await inside(['bash', path.join(staging, 'install.sh'), '--binary', newer('prosto-sandbox-new')]);
    expect(upgrade.code, upgrade.out).toBe(0);
    expect(calls().slice(3)).toEqual(['stop prosto', 'daemon-reload', 'enable --quiet prosto', 'restart prosto']);
    const backups = fs.readdirSync(upper('var/lib/prosto/backups'));
    expect(backups).toHaveLength(1);
    expect(stat(`var/lib/prosto/backups/${backups[0]}`).uid).toBe(uid);
    expect((await health(base)).status).toBe(200);

    const purge = await inside(['bash', path.join(staging, 'uninstall.sh'), '--purge']);
    expect(purge.code, purge.out).toBe(0);
    expect(purge.out).toContain("Removed the system user 'prosto'.");
    expect(calls().slice(7)).toEqual(['disable --now --quiet prosto', 'reset-failed prosto', 'daemon-reload']);
    expect(fs.readFileSync(upper('etc/passwd'), 'utf8')).not.toMatch(/^prosto:/m);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    const inNamespace = await inside(['bash', '-c', 'ls -d /opt/prosto /etc/prosto /var/lib/prosto 2>&1 || true']);
    expect(inNamespace.out.match(/No such file or directory/g)).toHaveLength(3);

    // Certificates the service could not use are refused before anything is written.
    const tlsArgs = (cert: string, key: string) => ['bash', path.join(staging, 'install.sh'), '--port', String(port), '--tls-cert', cert, '--tls-key', key];
    await inside(['bash', '-c', 'mkdir -p /var/tmp/t /etc/prosto-tls && for d in /var/tmp/t /etc/prosto-tls; do echo c >$d/cert.pem; echo k >$d/key.pem; done; chmod 600 /etc/prosto-tls/key.pem']);
    const hidden = await inside(tlsArgs('/var/tmp/t/cert.pem', '/var/tmp/t/key.pem'));
    expect(hidden.code).not.toBe(0);
    expect(hidden.out).toContain('the service cannot see /var/tmp/t/cert.pem');
    const unreadable = await inside(tlsArgs('/etc/prosto-tls/cert.pem', '/etc/prosto-tls/key.pem'));
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.out).toContain('the prosto user cannot read /etc/prosto-tls/key.pem');
    expect((await inside(['bash', '-c', 'test -e /etc/prosto || test -e /opt/prosto || echo untouched'])).out).toContain('untouched');

    // --no-systemd on a real layout: the plain process runs as the prosto user too.
    const plain = await inside(['bash', path.join(staging, 'install.sh'), '--no-systemd', '--port', String(port), '--host', '127.0.0.1']);
    expect(plain.code, plain.out).toBe(0);
    const plainPid = Number(fs.readFileSync(upper('run/prosto.pid'), 'utf8'));
    const plainUid = /^prosto:x:(\d+):/m.exec(fs.readFileSync(upper('etc/passwd'), 'utf8'))![1];
    expect(fs.readFileSync(`/proc/${plainPid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\t${plainUid}\\t`, 'm'));
    expect((await health(base)).status).toBe(200);
    expect((await inside(['bash', path.join(staging, 'uninstall.sh'), '--no-systemd', '--purge'])).code).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    await run(sandboxScript, ['stop', dir]);
    // tsx (when the source tree stands in for the executable) leaves a cache for the sandbox's user.
    for (const cache of new Set([`tsx-${uid}`, `tsx-${plainUid}`])) {
      if (!tmpBefore.has(cache)) fs.rmSync(path.join(os.tmpdir(), cache), { recursive: true, force: true });
    }
  }, 120_000);
});
