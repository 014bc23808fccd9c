import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db, Sqlite } from './db/connection.js';
import { getSetting, setSetting } from './platform/settings.js';
import type { JobRegistry } from './jobs/registry.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Everything a request, a job or a command needs; built once at start, or per test with a temp database. */
export interface AppContext {
  config: Config;
  db: Db;
  sqlite: Sqlite;
  logger: Logger;
  clock: Clock;
  /** Installation secret (generated on first start): signs CSRF tokens. Re-read after a restore. */
  secret: Buffer;
  jobs: JobRegistry;
}

export function installationSecret(db: Db): Buffer {
  const stored = getSetting(db, 'secret');
  if (stored) return Buffer.from(stored, 'base64');
  const fresh = crypto.randomBytes(32).toString('base64');
  setSetting(db, 'secret', fresh);
  return Buffer.from(getSetting(db, 'secret')!, 'base64');
}
