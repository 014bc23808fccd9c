import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfigFile } from './config.js';

function file(text: string): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prosto-conf-')), 'prosto.conf');
  fs.writeFileSync(f, text);
  return f;
}

describe('config', () => {
  it('uses defaults when nothing is given', () => {
    const c = loadConfig({ configFile: file('') });
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe(path.resolve('prosto-data'));
    expect(c.reportRunner).toBe('thread');
  });

  it('applies defaults < file < environment < flags', () => {
    const conf = file('port = 9000\nhost = 10.0.0.1\ndata_dir = /srv/from-file\n# comment\n');
    const fromFile = loadConfig({ configFile: conf });
    expect([fromFile.port, fromFile.host, fromFile.dataDir]).toEqual([9000, '10.0.0.1', '/srv/from-file']);
    const fromEnv = loadConfig({ configFile: conf, env: { PROSTO_PORT: '9100', PROSTO_DATA_DIR: '/srv/env' } });
    expect([fromEnv.port, fromEnv.host, fromEnv.dataDir]).toEqual([9100, '10.0.0.1', '/srv/env']);
    const fromFlags = loadConfig({ configFile: conf, env: { PROSTO_PORT: '9100' }, flags: { port: '9200', host: '127.0.0.1' } });
    expect([fromFlags.port, fromFlags.host, fromFlags.dataDir]).toEqual([9200, '127.0.0.1', '/srv/from-file']);
  });

  it('takes the config file from --config or PROSTO_CONFIG', () => {
    const conf = file('port = 9300\n');
    expect(loadConfig({ env: { PROSTO_CONFIG: conf } }).port).toBe(9300);
    expect(loadConfig({ flags: { config: conf } }).port).toBe(9300);
  });

  it('rejects unknown keys, bad values and half a TLS setup with a clear message', () => {
    expect(() => parseConfigFile('prot = 1', 'x.conf')).toThrow(/x.conf:1: unknown setting "prot"/);
    expect(() => loadConfig({ configFile: file(''), flags: { port: 'abc' } })).toThrow(ConfigError);
    expect(() => loadConfig({ configFile: file(''), flags: { port: '70000' } })).toThrow(/port/);
    expect(() => loadConfig({ configFile: file('tls_cert = /a.pem') })).toThrow(/TLS needs both/);
  });

  it('a bad value names the file and line it came from, or the flag or variable', () => {
    const conf = file('# Prosto\nhost = 127.0.0.1\n\nport = eighty\n');
    expect(() => loadConfig({ configFile: conf })).toThrow(`invalid setting ${conf}:4: port = "eighty"`);
    expect(() => loadConfig({ configFile: file(''), env: { PROSTO_BACKUP_KEEP: '0' } })).toThrow('invalid setting environment variable PROSTO_BACKUP_KEEP = "0"');
    expect(() => loadConfig({ configFile: file(''), flags: { 'backup-time': '25:00' } })).toThrow('invalid setting --backup-time = "25:00": expected HH:MM or off');
    expect(loadConfig({ configFile: file('report_runner = inline\n') }).reportRunner).toBe('inline');
    expect(() => loadConfig({ configFile: file(''), env: { PROSTO_REPORT_RUNNER: 'pool' } })).toThrow('invalid setting environment variable PROSTO_REPORT_RUNNER = "pool"');
  });

  it('never echoes binary junk from a config file raw', () => {
    const binary = file('port = 1\n\u0000\u0001\u00ff\u0007ELF');
    expect(() => loadConfig({ configFile: binary })).toThrow(`${binary} is not a text file (it holds binary data)`);
    const junk = file('\u001b[31mred\u0007 = 1');
    let message = '';
    try {
      loadConfig({ configFile: junk });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`${junk}:1: unknown setting "\\u{1b}[31mred\\u{7}"`);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    const broken = path.join(path.dirname(junk), 'broken.conf');
    fs.writeFileSync(broken, Buffer.from([0x70, 0x6f, 0xff, 0xfe, 0x72, 0x74]));
    expect(() => loadConfig({ configFile: broken })).toThrow(`${broken}:1: expected "key = value", found "po\\u{fffd}\\u{fffd}rt"`);
  });
});
