import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets at rest (mail passwords): AES-256-GCM under a key kept in a file of the data folder, not in
 * the database, so a copy of the database alone does not give access to anyone's mailbox. The key is
 * made on first use at `files/keys/secrets.key` (mode 0600); being under `files/` it travels in every
 * backup with the database it belongs to, and a restore brings back the key its passwords need
 * (docs/decisions.md, "E-mail"). Losing the key only means typing the mail passwords again.
 */
export const KEY_FILE = path.join('files', 'keys', 'secrets.key');
const VERSION = 'v1';

/** Read at each use, not kept: a restore into the running server (the setup wizard) replaces the file. */
function keyOf(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  let key: Buffer;
  if (fs.existsSync(file)) {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    key = crypto.randomBytes(32);
    try {
      // wx: two processes making the key at once — the second reads the first one's.
      fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch {
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) throw new Error(`the key file ${file} is damaged`);
  return key;
}

export function encryptSecret(dataDir: string, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(dataDir), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/** The plain text, or null when it cannot be read (another key: the key file was lost or replaced). */
export function decryptSecret(dataDir: string, sealed: string): string | null {
  const [version, iv, tag, data] = sealed.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(dataDir), Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
