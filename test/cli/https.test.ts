import { execFileSync } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';
import { freePort } from '../support/cli.js';
import { tempDir } from '../support/context.js';

function get(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += String(d)));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('HTTPS', () => {
  it('serves TLS with the configured certificate; cookies become Secure', async () => {
    const dir = tempDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const port = await freePort();
    const config = loadConfig({ flags: { data: path.join(dir, 'data'), host: '127.0.0.1', port: String(port), 'tls-cert': cert, 'tls-key': key, 'log-level': 'silent' } });
    const server = await startServer(config);
    try {
      expect(server.url).toBe(`https://127.0.0.1:${port}`);
      const health = await get(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.headers['strict-transport-security']).toBeTruthy();
      const setup = await get(`${server.url}/setup`);
      expect(String(setup.headers['set-cookie'])).toMatch(/prosto_csrf=[^;]+;.*Secure/);
      expect(String(setup.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await server.close();
    }
  });
});
