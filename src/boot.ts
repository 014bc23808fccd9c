import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { installationSecret, systemClock, type AppContext } from './context.js';
import { openDatabase } from './db/connection.js';
import { migrate } from './db/migrate.js';
import { seed } from './db/seed.js';
import { createLogger } from './platform/logger.js';

export class StartupError extends Error {}

export function databaseFile(config: Config): string {
  return path.join(config.dataDir, 'prosto.db');
}

/** Makes sure the data folder exists and is writable, with a message that says which folder. */
export function ensureDataDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new StartupError(`the data folder ${dir} cannot be created or written to (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another with --data or fix its permissions`);
  }
}

/** Opens the database, applies pending migrations and seeds, and builds the application context. */
export function openContext(config: Config, options: { logLevel?: string } = {}): AppContext {
  ensureDataDir(config.dataDir);
  const logger = createLogger(options.logLevel ?? config.logLevel);
  const { db, sqlite } = openDatabase(databaseFile(config));
  const applied = migrate(sqlite);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  seed(db, systemClock.now());
  return { config, db, sqlite, logger, clock: systemClock, secret: installationSecret(db) };
}
