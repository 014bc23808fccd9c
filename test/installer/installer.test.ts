import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

/**
 * The installer in a throwaway root with --no-systemd: everything but systemctl and the system user
 * runs for real — files, config, unit, start, health check, upgrade with backup, rollback, uninstall.
 */
const repo = path.resolve(import.meta.dirname, '../..');
const root = tempDir('prosto-install-');
const staging = tempDir('prosto-staging-');

function run(script: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(staging, script), ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

/** The executable under test: the built one, or a stand-in that runs the source tree. */
function stageExecutable(file: string): void {
  const built = process.env.PROSTO_EXECUTABLE ?? path.join(repo, 'build/out/prosto');
  if (process.env.PROSTO_EXECUTABLE && fs.existsSync(built)) fs.copyFileSync(built, file);
  else fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" --import tsx "${path.join(repo, 'src/main.ts')}" "$@"\n`);
  fs.chmodSync(file, 0o755);
}

for (const f of ['install.sh', 'uninstall.sh', 'prosto.service']) fs.copyFileSync(path.join(repo, 'installer', f), path.join(staging, f));
stageExecutable(path.join(staging, 'prosto'));

afterAll(async () => {
  const pidfile = path.join(root, 'run/prosto.pid');
  if (fs.existsSync(pidfile)) {
    try {
      process.kill(Number(fs.readFileSync(pidfile, 'utf8')), 'SIGTERM');
    } catch {
      // already stopped
    }
  }
});

describe('installer', () => {
  it('installs, upgrades with a backup, rolls back a broken upgrade, and uninstalls keeping the data', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const args = ['--root', root, '--no-systemd', '--port', String(port), '--host', '127.0.0.1', '--health-timeout', '40'];

    const install = await run('install.sh', args);
    expect(install.out).toContain(`Open http://127.0.0.1:${port}/setup in a browser`);
    expect(install.code).toBe(0);
    expect(fs.existsSync(path.join(root, 'opt/prosto/prosto'))).toBe(true);
    const conf = fs.readFileSync(path.join(root, 'etc/prosto/prosto.conf'), 'utf8');
    expect(conf).toContain(`port = ${port}`);
    expect(conf).toContain(`data_dir = ${path.join(root, 'var/lib/prosto')}`);
    const unit = fs.readFileSync(path.join(root, 'etc/systemd/system/prosto.service'), 'utf8');
    for (const line of ['User=prosto', 'NoNewPrivileges=true', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/prosto', 'ExecStart=/opt/prosto/prosto --config /etc/prosto/prosto.conf']) {
      expect(unit).toContain(line);
    }
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=/m);
    expect(unit).not.toContain('@');

    // Somebody sets it up and works with it.
    const c = new Client(base);
    await c.get('/setup?lang=en');
    await c.post('/setup', {
      locale: 'en', fullName: 'Anna', email: 'anna@example.com', password: 'Install-test-1', passwordConfirm: 'Install-test-1',
      companyName: 'Vector', timeZone: 'UTC', baseCurrency: 'RUB',
    });
    await c.get('/settings/departments/new');
    expect((await c.post('/settings/departments', { name: 'Installed dept' })).status).toBe(303);

    // The admin edits the config; an upgrade keeps the edit and backs up first.
    fs.appendFileSync(path.join(root, 'etc/prosto/prosto.conf'), '# edited by the admin\n');
    const upgrade = await run('install.sh', args);
    expect(upgrade.code).toBe(0);
    expect(upgrade.out).toContain('Keeping the existing');
    expect(upgrade.out).toMatch(/Backed up the data to .*pre-upgrade-\d{8}-\d{6}\.tar\.gz/);
    expect(fs.readFileSync(path.join(root, 'etc/prosto/prosto.conf'), 'utf8')).toContain('# edited by the admin');
    expect(fs.existsSync(path.join(root, 'opt/prosto/prosto.previous'))).toBe(true);
    const after = new Client(base);
    expect((await after.signIn('anna@example.com', 'Install-test-1')).status).toBe(303);
    expect((await after.get('/settings/departments')).text).toContain('Installed dept');

    // A "newer" executable that cannot serve: the previous one and the data come back.
    const broken = path.join(staging, 'prosto');
    const good = fs.readFileSync(path.join(root, 'opt/prosto/prosto'));
    fs.writeFileSync(broken, '#!/bin/sh\nif [ "$1" = version ]; then echo "Prosto 99.0.0"; exit 0; fi\necho "cannot start" >&2\nexit 1\n');
    const failed = await run('install.sh', [...args, '--health-timeout', '10']);
    expect(failed.code).not.toBe(0);
    expect(failed.out).toContain('putting the previous version back');
    expect(failed.out).toMatch(/Upgrade to Prosto 99\.0\.0 failed; .* is running again with the data as it was/);
    expect(fs.readFileSync(path.join(root, 'opt/prosto/prosto')).equals(good)).toBe(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const again = new Client(base);
    expect((await again.signIn('anna@example.com', 'Install-test-1')).status).toBe(303);
    expect((await again.get('/settings/departments')).text).toContain('Installed dept');

    const keep = await run('uninstall.sh', ['--root', root, '--no-systemd']);
    expect(keep.code).toBe(0);
    expect(fs.existsSync(path.join(root, 'opt/prosto'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'var/lib/prosto/prosto.db'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'etc/prosto/prosto.conf'))).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const purge = await run('uninstall.sh', ['--root', root, '--no-systemd', '--purge']);
    expect(purge.code).toBe(0);
    expect(fs.existsSync(path.join(root, 'var/lib/prosto'))).toBe(false);
  }, 240_000);

  it('refuses clearly without root or an executable', async () => {
    const res = await run('install.sh', ['--binary', '/nonexistent/prosto', '--root', tempDir()]);
    expect(res.code).not.toBe(0);
    expect(res.out).toContain('no Prosto executable at /nonexistent/prosto');
  });
});
