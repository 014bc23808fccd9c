import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, runProsto, startProsto } from '../support/cli.js';
import { tempDir } from '../support/context.js';
import { Client } from '../support/http-client.js';

describe('command line', () => {
  it('prints versions and help, and refuses unknown flags and commands clearly', async () => {
    const version = await runProsto(['version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^Prosto \d+\.\d+\.\d+\nNode\.js v\d+/);
    const help = await runProsto(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('reset-password <email>');
    const flag = await runProsto(['--prot', '80']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--prot'");
    const cmd = await runProsto(['frobnicate']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('unknown command "frobnicate"');
  });

  it('create-admin finishes setup without a browser, once; reset-password changes the password', async () => {
    const data = tempDir();
    const args = ['--data', data, '--email', 'it@example.com', '--name', 'Ivan IT', '--company', 'Vector LLC', '--language', 'en'];
    const weak = await runProsto(['create-admin', ...args], 'qwerty\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password: The password needs at least 8 characters.');
    const made = await runProsto(['create-admin', ...args], 'Server-room-42\n');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const again = await runProsto(['create-admin', ...args], 'Server-room-42\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Setup has already been completed');
    const reset = await runProsto(['reset-password', 'it@example.com', '--data', data], 'Another-secret-7\n');
    expect(reset.code).toBe(0);
    const nobody = await runProsto(['reset-password', 'nobody@example.com', '--data', data], 'Another-secret-7\n');
    expect(nobody.stderr).toContain('there is no user with the e-mail nobody@example.com');

    const port = await freePort();
    const server = await startProsto(['--data', data], port);
    try {
      const c = new Client(`http://127.0.0.1:${port}`);
      expect((await c.signIn('it@example.com', 'Another-secret-7')).headers.get('location')).toBe('/');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it('prints the wizard address while setup is pending, and says so when the port is taken', async () => {
    const port = await freePort();
    const data = tempDir();
    const server = await startProsto(['--data', data], port);
    try {
      expect(server.output()).toContain(`Open http://127.0.0.1:${port}/setup`);
      const clash = await runProsto(['--data', tempDir(), '--host', '127.0.0.1', '--port', String(port)]);
      expect(clash.code).toBe(1);
      expect(clash.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(data, 'prosto.db'))).toBe(true);
  }, 60_000);

  it('says which data folder cannot be written', async () => {
    const parent = tempDir();
    const file = path.join(parent, 'not-a-folder');
    fs.writeFileSync(file, '');
    const res = await runProsto(['migrate', '--data', path.join(file, 'data')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`the data folder ${path.join(file, 'data')} cannot be created or written to`);
  });
});
