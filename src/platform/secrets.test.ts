import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_FILE, decryptSecret, encryptSecret } from './secrets.js';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'prosto-secrets-'));

describe('secrets', () => {
  it('round-trips through a key file made in the data folder, readable by its owner only', () => {
    const data = dir();
    const sealed = encryptSecret(data, 'пароль от почты');
    expect(sealed).not.toContain('пароль');
    expect(decryptSecret(data, sealed)).toBe('пароль от почты');
    const stat = fs.statSync(path.join(data, KEY_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(encryptSecret(data, 'x')).not.toBe(encryptSecret(data, 'x'));
  });

  it('cannot be read with another key or when tampered with', () => {
    const a = dir();
    const b = dir();
    const sealed = encryptSecret(a, 'secret');
    encryptSecret(b, 'make the other key');
    expect(decryptSecret(b, sealed)).toBeNull();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other').toString('base64');
    expect(decryptSecret(a, parts.join(':'))).toBeNull();
    expect(decryptSecret(a, 'garbage')).toBeNull();
  });

  it('a key file copied with a backup opens the passwords in another data folder', () => {
    const a = dir();
    const sealed = encryptSecret(a, 'secret');
    const b = dir();
    fs.mkdirSync(path.dirname(path.join(b, KEY_FILE)), { recursive: true });
    fs.copyFileSync(path.join(a, KEY_FILE), path.join(b, KEY_FILE));
    expect(decryptSecret(b, sealed)).toBe('secret');
  });
});
