import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema/index.js';
import { loadAddon } from '../native.js';

export type Db = BetterSQLite3Database<typeof schema>;
export type Sqlite = Database.Database;

export interface DbHandle {
  sqlite: Sqlite;
  db: Db;
}

/**
 * Opens the database with the pragmas every connection needs (DESIGN.md, "Data"):
 * WAL, synchronous=FULL so an acknowledged write survives a power cut, foreign keys, a busy timeout.
 */
/** Inside the single executable the addon comes from there (src/native.ts); otherwise from node_modules. */
function options(extra: Database.Options = {}): Database.Options {
  // better-sqlite3 takes the loaded addon object too, though its typings only mention a path.
  const nativeBinding = loadAddon('better_sqlite3') as string | undefined;
  return nativeBinding ? { ...extra, nativeBinding } : extra;
}

export function openDatabase(file: string): DbHandle {
  const sqlite = new Database(file, options());
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's LIKE and lower() fold ASCII only; casefold() lets small lookups match "петр" in "Петров".
  sqlite.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLocaleLowerCase() : value));
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

/** A read-only connection for checking a copy (backups, restores); no pragmas that would write. */
export function openReadonly(file: string): Sqlite {
  return new Database(file, options({ readonly: true, fileMustExist: true }));
}
