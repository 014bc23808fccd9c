import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { installationSecret, systemClock, type AppContext } from './context.js';
import Database from 'better-sqlite3';
import { openDatabase, type DbHandle } from './db/connection.js';
import { checkDatabaseFile, databaseProblem } from './db/check.js';
import { holdsData, migrate, migrationStatus, MigrationError } from './db/migrate.js';
import { seed } from './db/seed.js';
import { refreshStatistics } from './db/statistics.js';
import { createBackup, removeLeftovers } from './features/backup/service.js';
import { createJobs } from './jobs/index.js';
import { createLogger } from './platform/logger.js';
import { claimDataFolder } from './platform/lock.js';

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

/** A context opened by a command or the server: `close()` closes the database and gives up the data folder. */
export interface OpenedContext extends AppContext {
  close(): void;
}

/**
 * Claims the data folder (src/platform/lock.ts), checks the database file, opens it, applies pending
 * migrations and seeds, and builds the application context. When migrations are pending on a
 * database that already holds data, a backup is taken first; if a migration then fails, the database
 * is unchanged and the error names that backup. A `serve` claim (the server, `migrate`) first clears
 * what an interrupted backup or restore left behind, when no other process uses the folder.
 */
export async function openContext(config: Config, options: { logLevel?: string; claim: 'serve' | 'use' }): Promise<OpenedContext> {
  ensureDataDir(config.dataDir);
  const logger = createLogger(options.logLevel ?? config.logLevel);
  const claim = claimDataFolder(config.dataDir, options.claim, {
    whileAlone: options.claim === 'serve' ? () => removeLeftovers(config, logger) : undefined,
  });
  let handle: DbHandle | undefined;
  try {
    const file = databaseFile(config);
    checkDatabaseFile(file);
    handle = openDatabase(file);
    const { db, sqlite } = handle;
    const status = migrationStatus(sqlite);
    let backup: string | null = null;
    if (status.pending.length > 0 && status.unknown.length === 0 && holdsData(sqlite)) {
      backup = (await createBackup(sqlite, config, systemClock.now(), { kind: 'pre-upgrade' })).file;
      logger.info({ backup, pending: status.pending }, 'backup taken before upgrading the database');
    }
    try {
      const applied = migrate(sqlite, (migration, rows) => logger.info({ migration, rows }, 'migration changed rows'));
      if (applied.length) logger.info({ applied }, 'migrations applied');
    } catch (err) {
      if (err instanceof MigrationError && backup) throw new MigrationError(`${err.message}; a backup taken just before is at ${backup}`);
      throw err;
    }
    seed(db, systemClock.now());
    refreshStatistics(sqlite, { atStart: true });
    const base = { config, db, sqlite, logger, clock: systemClock, secret: installationSecret(db) };
    return {
      ...base,
      jobs: createJobs(base),
      close() {
        sqlite.close();
        claim.release();
      },
    };
  } catch (err) {
    handle?.sqlite.close();
    claim.release();
    throw err instanceof Database.SqliteError ? databaseProblem(databaseFile(config), err) : err;
  }
}
