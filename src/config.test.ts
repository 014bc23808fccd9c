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
});
